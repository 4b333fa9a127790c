import 'server-only';
import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import type { OutgoingSms, SmsSender } from './sender';

/**
 * Text messages through Twilio's Programmable Messaging, with the official SDK (`twilio`), configured by the
 * environment (README.md, "Environment variables"):
 *
 * - TWILIO_ACCOUNT_SID, and either TWILIO_AUTH_TOKEN or an API key (TWILIO_API_KEY_SID + TWILIO_API_KEY_SECRET);
 * - who sends: TWILIO_MESSAGING_SERVICE_SID (preferred: Twilio picks the number), or TWILIO_FROM_NUMBER (E.164);
 * - TWILIO_TIMEOUT_MS (default 10,000): a message not accepted by then counts as not sent;
 * - TWILIO_API_BASE_URL, for tests only: every request the SDK makes to https://*.twilio.com goes to this
 *   address instead (a fake Twilio API on 127.0.0.1), through the SDK's own HTTP client.
 *
 * `send` throws when Twilio refuses (an invalid number, a blocked destination…) or does not answer in time,
 * so the caller tells the person the message did not go out and counts nothing as sent.
 */
export interface TwilioSettings {
  accountSid: string;
  /** Basic-auth user and password: the account SID and auth token, or an API key's SID and secret. */
  username: string;
  password: string;
  from: { messagingServiceSid: string } | { number: string };
  timeoutMs: number;
  baseUrl: string | null;
}

/** The settings from the environment, or null when Twilio is not configured (then nothing is delivered). */
export function twilioSettingsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): TwilioSettings | null {
  const accountSid = env.TWILIO_ACCOUNT_SID?.trim();
  if (!accountSid) return null;
  const apiKey = env.TWILIO_API_KEY_SID?.trim();
  const apiSecret = env.TWILIO_API_KEY_SECRET?.trim();
  const authToken = env.TWILIO_AUTH_TOKEN?.trim();
  const credentials = apiKey && apiSecret ? { username: apiKey, password: apiSecret } : authToken ? { username: accountSid, password: authToken } : null;
  if (!credentials) throw new Error('TWILIO_ACCOUNT_SID is set: set TWILIO_AUTH_TOKEN, or TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET.');
  const service = env.TWILIO_MESSAGING_SERVICE_SID?.trim();
  const number = env.TWILIO_FROM_NUMBER?.trim();
  if (!service && !number) throw new Error('TWILIO_ACCOUNT_SID is set: set TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM_NUMBER (E.164) to say who sends.');
  if (!service && number && !/^\+[1-9]\d{6,14}$/.test(number)) throw new Error(`TWILIO_FROM_NUMBER must be an E.164 number such as +14155550100, got "${number}".`);
  const rawTimeout = env.TWILIO_TIMEOUT_MS?.trim();
  const timeoutMs = rawTimeout ? Number(rawTimeout) : 10_000;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100) throw new Error(`TWILIO_TIMEOUT_MS must be a whole number of milliseconds (100 or more), got "${rawTimeout}".`);
  return {
    accountSid,
    ...credentials,
    from: service ? { messagingServiceSid: service } : { number: number! },
    timeoutMs,
    baseUrl: env.TWILIO_API_BASE_URL?.trim().replace(/\/+$/, '') || null,
  };
}

/** The SDK's HTTP client, sending what it would send to https://<domain>.twilio.com to `baseUrl` instead. */
class RedirectedRequestClient extends RequestClient {
  constructor(
    private readonly baseUrl: string,
    options: RequestClient.RequestClientOptions,
  ) {
    super(options);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request({ ...opts, uri: opts.uri.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com/i, this.baseUrl) });
  }
}

export class TwilioSmsSender implements SmsSender {
  readonly delivers = true;
  private readonly client: twilio.Twilio;

  constructor(private readonly settings: TwilioSettings) {
    const httpOptions = { timeout: settings.timeoutMs, autoRetry: false };
    this.client = twilio(settings.username, settings.password, {
      accountSid: settings.accountSid,
      httpClient: settings.baseUrl ? new RedirectedRequestClient(settings.baseUrl, httpOptions) : new RequestClient(httpOptions),
    });
  }

  async send(message: OutgoingSms): Promise<void> {
    const from = 'messagingServiceSid' in this.settings.from ? { messagingServiceSid: this.settings.from.messagingServiceSid } : { from: this.settings.from.number };
    await this.client.messages.create({ to: message.to, body: message.body, ...from }, undefined);
  }
}

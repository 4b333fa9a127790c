import 'server-only';
import { appConfig } from '@/lib/config';
import { twilioSettingsFromEnv, TwilioSmsSender } from './twilio';

/** One text message to one phone number (E.164). */
export interface OutgoingSms {
  to: string;
  body: string;
}

/**
 * Where text messages go: Twilio when it is configured (lib/sms/twilio.ts, TWILIO_* variables), otherwise
 * nowhere (UndeliveredSmsSender, said plainly to the person and in the log). `send` throws when the provider
 * refuses or does not answer in time, so the person is told the message did not go out.
 */
export interface SmsSender {
  readonly delivers: boolean;
  send(message: OutgoingSms): Promise<void>;
}

const globalForSms = globalThis as unknown as { __rolecallSmsSender?: SmsSender; __rolecallLastSms?: Map<string, OutgoingSms> };

/**
 * The default: no provider configured, so nothing is delivered. The server log says so, without the
 * message text (it holds a code). With the E2E test hooks on, the last message per number is kept in
 * memory for the browser tests to read (`/api/test/sms`); never otherwise.
 */
export class UndeliveredSmsSender implements SmsSender {
  readonly delivers = false;

  async send(message: OutgoingSms): Promise<void> {
    console.warn(`[sms] SMS not delivered: Twilio is not configured (to ${maskNumber(message.to)}). Set TWILIO_ACCOUNT_SID and the rest: README.md, Environment variables.`);
    if (appConfig.testHooksEnabled) {
      const store = (globalForSms.__rolecallLastSms ??= new Map());
      store.set(message.to, message);
    }
  }
}

function maskNumber(number: string): string {
  return number.length > 6 ? `${number.slice(0, 4)}…${number.slice(-2)}` : '…';
}

export function getSmsSender(): SmsSender {
  if (globalForSms.__rolecallSmsSender) return globalForSms.__rolecallSmsSender;
  const twilio = twilioSettingsFromEnv();
  return (globalForSms.__rolecallSmsSender = twilio ? new TwilioSmsSender(twilio) : new UndeliveredSmsSender());
}

/** Tests only: replace the sender (undefined restores the default). */
export function setSmsSender(sender: SmsSender | undefined): void {
  globalForSms.__rolecallSmsSender = sender;
}

/** E2E hooks only: the last undelivered message to a number; null when the hooks are off. */
export function lastUndeliveredSms(to: string): OutgoingSms | null {
  if (!appConfig.testHooksEnabled) return null;
  return globalForSms.__rolecallLastSms?.get(to) ?? null;
}

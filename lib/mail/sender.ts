import { Resend } from 'resend';

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
}

export type SendOutcome =
  | { ok: true; providerId: string }
  | { ok: false; retryable: boolean; statusCode: number | null; message: string };

/** Delivers one message. Implementations must honour the idempotency key: the same key never sends twice. */
export interface MailSender {
  readonly name: string;
  send(mail: OutgoingMail, idempotencyKey: string): Promise<SendOutcome>;
}

// A hung request is abandoned after this long and retried later (MAIL_SEND_TIMEOUT_MS).
const sendTimeoutMs = () => Number(process.env.MAIL_SEND_TIMEOUT_MS) || 10_000;

/** Resend, through its SDK (which honours RESEND_BASE_URL, so tests point it at a fake API on 127.0.0.1). */
export class ResendSender implements MailSender {
  readonly name = 'resend';
  private readonly client: Resend;

  constructor(
    apiKey: string,
    private readonly from: string,
  ) {
    this.client = new Resend(apiKey);
  }

  async send(mail: OutgoingMail, idempotencyKey: string): Promise<SendOutcome> {
    try {
      const { data, error } = await this.client.emails.send(
        { from: this.from, to: [mail.to], subject: mail.subject, html: mail.html, text: mail.text },
        { idempotencyKey, signal: AbortSignal.timeout(sendTimeoutMs()) } as Parameters<Resend['emails']['send']>[1],
      );
      if (data?.id) return { ok: true, providerId: data.id };
      const statusCode = (error as { statusCode?: number | null } | null)?.statusCode ?? null;
      // Rate limits, server errors and unknown failures are worth another try; other 4xx are not.
      const retryable = statusCode === null || statusCode === 429 || statusCode >= 500;
      return { ok: false, retryable, statusCode, message: error?.message ?? 'Unknown error from Resend' };
    } catch (error) {
      // Timeouts and network failures: the request may or may not have arrived; the idempotency key makes a retry safe.
      return { ok: false, retryable: true, statusCode: null, message: (error as Error).name === 'TimeoutError' ? 'Timed out' : (error as Error).message };
    }
  }
}

/**
 * No RESEND_API_KEY: mail is not delivered but kept, and shown to signed-in Owners at /dev/mail, so every
 * flow works on a fresh machine.
 */
export class LocalMailbox implements MailSender {
  readonly name = 'local';

  async send(_mail: OutgoingMail, idempotencyKey: string): Promise<SendOutcome> {
    return { ok: true, providerId: `local:${idempotencyKey}` };
  }
}

export function mailFrom(): string {
  return process.env.MAIL_FROM || 'Rolecall <no-reply@rolecall.invalid>';
}

/** The sender the environment asks for. */
export function configuredSender(): MailSender {
  const key = process.env.RESEND_API_KEY;
  return key ? new ResendSender(key, mailFrom()) : new LocalMailbox();
}

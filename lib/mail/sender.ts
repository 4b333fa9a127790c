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

export type BatchOutcome = { ok: true; providerIds: string[] } | Extract<SendOutcome, { ok: false }>;

/**
 * Delivers mail. Implementations must honour the idempotency key: the same key never sends twice. A sender
 * with `sendBatch` delivers many messages in one request, all or none, answering their ids in order.
 */
export interface MailSender {
  readonly name: string;
  send(mail: OutgoingMail, idempotencyKey: string): Promise<SendOutcome>;
  sendBatch?(mails: OutgoingMail[], idempotencyKey: string): Promise<BatchOutcome>;
}

/** Resend's limit of messages per batch request. */
export const MAX_BATCH_SIZE = 100;

type ResendError = { message?: string; statusCode?: number | null } | null;

function refusal(error: ResendError): Extract<SendOutcome, { ok: false }> {
  const statusCode = error?.statusCode ?? null;
  // Rate limits, server errors and unknown failures are worth another try; other 4xx are not.
  const retryable = statusCode === null || statusCode === 429 || statusCode >= 500;
  return { ok: false, retryable, statusCode, message: error?.message ?? 'Unknown error from Resend' };
}

function thrown(error: unknown): Extract<SendOutcome, { ok: false }> {
  // Timeouts and network failures: the request may or may not have arrived; the idempotency key makes a retry safe.
  return { ok: false, retryable: true, statusCode: null, message: (error as Error).name === 'TimeoutError' ? 'Timed out' : (error as Error).message };
}

// A hung request is abandoned after this long and retried later (MAIL_SEND_TIMEOUT_MS).
export const sendTimeoutMs = () => Number(process.env.MAIL_SEND_TIMEOUT_MS) || 10_000;

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

  private payload(mail: OutgoingMail) {
    return { from: this.from, to: [mail.to], subject: mail.subject, html: mail.html, text: mail.text };
  }

  async send(mail: OutgoingMail, idempotencyKey: string): Promise<SendOutcome> {
    try {
      const { data, error } = await this.client.emails.send(this.payload(mail), { idempotencyKey, signal: AbortSignal.timeout(sendTimeoutMs()) });
      return data?.id ? { ok: true, providerId: data.id } : refusal(error);
    } catch (error) {
      return thrown(error);
    }
  }

  /** Resend's batch endpoint, strict: one invalid message refuses the whole batch and nothing is sent. */
  async sendBatch(mails: OutgoingMail[], idempotencyKey: string): Promise<BatchOutcome> {
    try {
      const { data, error } = await this.client.batch.send(mails.map((mail) => this.payload(mail)), {
        idempotencyKey,
        batchValidation: 'strict',
        signal: AbortSignal.timeout(sendTimeoutMs()),
      });
      const ids = data?.data?.map((entry) => entry.id) ?? [];
      if (ids.length === mails.length) return { ok: true, providerIds: ids };
      return data ? { ok: false, retryable: true, statusCode: null, message: `Resend answered ${ids.length} ids for ${mails.length} messages` } : refusal(error);
    } catch (error) {
      return thrown(error);
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

  async sendBatch(mails: OutgoingMail[], idempotencyKey: string): Promise<BatchOutcome> {
    return { ok: true, providerIds: mails.map((_mail, index) => `local:${idempotencyKey}:${index}`) };
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

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { mailAttempts, mailOutbox } from '@/db/schema';
import { setClockOffset } from '@/lib/clock';
import { backoffMs, deliverDueMail, enqueueMail, MAX_ATTEMPTS } from '@/lib/dal/outbox';
import { ResendSender, type MailSender } from '@/lib/mail/sender';
import { FakeResend } from '../support/fake-resend';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

const fake = new FakeResend();
let sender: ResendSender;

beforeAll(async () => {
  process.env.RESEND_BASE_URL = await fake.start();
  process.env.MAIL_SEND_TIMEOUT_MS = '300';
  sender = new ResendSender('re_test_key', 'Rolecall <no-reply@example.test>');
});
afterAll(async () => {
  await fake.stop();
  delete process.env.RESEND_BASE_URL;
});
beforeEach(() => {
  fake.script = [];
  setClockOffset(0);
});

async function queue(to = `person.${Math.random().toString(36).slice(2, 8)}@example.test`) {
  const db = await getDb();
  const id = await db.transaction((tx) => enqueueMail(tx, { accountId: null, subjectRef: 'test', to, subject: 'Hello', html: '<p>Hi</p>', text: 'Hi' }));
  const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
  return row!;
}

const row = async (id: string) => (await (await getDb()).select().from(mailOutbox).where(eq(mailOutbox.id, id)))[0]!;
const attempts = async (id: string) => (await (await getDb()).select().from(mailAttempts).where(eq(mailAttempts.outboxId, id))).map((a) => a.outcome);
/** Moves the clock past the message's next attempt and delivers again. */
async function later(id: string) {
  setClockOffset((await row(id)).nextAttemptAt.getTime() - Date.now() + 1_000);
  return deliverDueMail(sender);
}

describe('the mail outbox', () => {
  it('delivers through the real SDK with the message’s idempotency key, and records the attempt', async () => {
    const message = await queue();
    expect(await deliverDueMail(sender)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await row(message.id)).toMatchObject({ status: 'sent', providerId: expect.stringMatching(/^fake-/), attempts: 1 });
    expect(fake.requests.at(-1)).toMatchObject({ idempotencyKey: message.idempotencyKey, to: [message.toAddress] });
    expect(await attempts(message.id)).toEqual(['sent']);
  });

  it.each([
    ['a 429', 429],
    ['a 5xx', 500],
    ['a timeout', 'hang'],
  ] as const)('retries after %s with back-off, then delivers once', async (_label, behaviour) => {
    const message = await queue();
    fake.script = [behaviour];
    expect(await deliverDueMail(sender)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const waiting = await row(message.id);
    expect(waiting.status).toBe('pending');
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    expect(await deliverDueMail(sender)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(await later(message.id)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await attempts(message.id)).toEqual(['retry', 'sent']);
    const keyed = [...fake.delivered.keys()].filter((key) => key === message.idempotencyKey);
    expect(keyed).toHaveLength(1);
  });

  it('gives up on a request Resend refuses (4xx), and after too many attempts', async () => {
    const refused = await queue('broken@example.test');
    fake.script = [422];
    expect(await deliverDueMail(sender)).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(await row(refused.id)).toMatchObject({ status: 'failed', lastError: 'Invalid `to` field' });

    const flaky = await queue();
    fake.script = Array.from({ length: MAX_ATTEMPTS }, () => 500 as const);
    await deliverDueMail(sender);
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt += 1) await later(flaky.id);
    expect(await row(flaky.id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
  });

  it('loses nothing and duplicates nothing when a worker dies mid-delivery', async () => {
    const message = await queue();
    // This worker reaches Resend (the mail goes out), then dies before it can record that.
    const dying: MailSender = {
      name: 'dying',
      send: async (mail, key) => {
        await sender.send(mail, key);
        throw new Error('process killed');
      },
    };
    await expect(deliverDueMail(dying)).rejects.toThrow('process killed');
    expect(await row(message.id)).toMatchObject({ status: 'sending' });
    // Another worker finds it only once the dead worker's lease has run out…
    expect(await deliverDueMail(sender)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    setClockOffset(61_000);
    expect(await deliverDueMail(sender)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    // …and resends with the same key: Resend answers the same id and delivers nothing twice.
    expect(fake.requests.filter((request) => request.idempotencyKey === message.idempotencyKey)).toHaveLength(2);
    expect([...fake.delivered.keys()].filter((key) => key === message.idempotencyKey)).toHaveLength(1);
    expect(await row(message.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('is written with the change or not at all', async () => {
    const db = await getDb();
    const before = (await db.select().from(mailOutbox)).length;
    await expect(
      db.transaction(async (tx) => {
        await enqueueMail(tx, { accountId: null, subjectRef: 'rolled-back', to: 'x@example.test', subject: 'x', html: 'x', text: 'x' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await db.select().from(mailOutbox)).length).toBe(before);
  });

  it('backs off exponentially, with jitter, up to an hour', () => {
    expect(backoffMs(1, () => 0.5)).toBe(5_000);
    expect(backoffMs(3, () => 0.5)).toBe(20_000);
    expect(backoffMs(30, () => 0.5)).toBe(3_600_000);
    expect(backoffMs(2, () => 0)).toBe(8_000);
  });
});

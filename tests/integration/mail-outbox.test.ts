import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { mailAttempts, mailOutbox } from '@/db/schema';
import { setClockOffset } from '@/lib/clock';
import { backoffMs, deliverDueMail, enqueueMail, enqueueMails, MAX_BACKOFF_MS, retryWindowMs } from '@/lib/dal/ops/mail-outbox';
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
  fake.refuses = () => false;
  setClockOffset(0);
});

async function queue(to = `person.${Math.random().toString(36).slice(2, 8)}@example.test`) {
  const db = await getDb();
  const id = await db.transaction((tx) => enqueueMail(tx, { accountId: null, subjectRef: 'test', to, subject: 'Hello', html: '<p>Hi</p>', text: 'Hi' }));
  const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
  return row!;
}

const row = async (id: string) => (await (await getDb()).select().from(mailOutbox).where(eq(mailOutbox.id, id)))[0]!;
const attempts = async (id: string) => (await (await getDb()).select().from(mailAttempts).where(eq(mailAttempts.outboxId, id)).orderBy(mailAttempts.id)).map((a) => a.outcome);
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

  it('gives up at once on a request Resend refuses (4xx)', async () => {
    const refused = await queue('broken@example.test');
    fake.script = [422];
    expect(await deliverDueMail(sender)).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(await row(refused.id)).toMatchObject({ status: 'failed', lastError: 'Invalid `to` field' });
  });

  it('keeps retrying through a long outage, at most 30 minutes apart, for MAIL_RETRY_FOR_HOURS, then marks it failed', async () => {
    process.env.MAIL_RETRY_FOR_HOURS = '6';
    try {
      const flaky = await queue();
      fake.script = Array.from({ length: 500 }, () => 500 as const);
      await deliverDueMail(sender);
      let previous = await row(flaky.id);
      while (previous.status === 'pending') {
        await later(flaky.id);
        const current = await row(flaky.id);
        if (current.status === 'pending') expect(current.nextAttemptAt.getTime() - Date.now() - (previous.nextAttemptAt.getTime() - Date.now())).toBeLessThanOrEqual(MAX_BACKOFF_MS * 1.2 + 2_000);
        previous = current;
      }
      // Well past the 8 attempts (about 11 minutes) after which it used to give up.
      expect(previous.attempts).toBeGreaterThan(12);
      expect(previous).toMatchObject({ status: 'failed', lastError: 'Not delivered after 6 hours: Internal error' });
      expect(Date.now() + (await import('@/lib/clock')).clockOffset()).toBeGreaterThanOrEqual(flaky.queuedAt.getTime() + 6 * 3_600_000);
      expect((await attempts(flaky.id)).at(-1)).toBe('failed');
    } finally {
      delete process.env.MAIL_RETRY_FOR_HOURS;
    }
  });

  it('retries for 3 days unless MAIL_RETRY_FOR_HOURS says otherwise', () => {
    expect(retryWindowMs()).toBe(72 * 3_600_000);
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

  it('backs off exponentially, with jitter, up to 30 minutes', () => {
    expect(backoffMs(1, () => 0.5)).toBe(5_000);
    expect(backoffMs(3, () => 0.5)).toBe(20_000);
    expect(backoffMs(30, () => 0.5)).toBe(30 * 60_000);
    expect(backoffMs(2, () => 0)).toBe(8_000);
  });
});

describe('bulk mail through Resend’s batch endpoint', () => {
  const tag = () => Math.random().toString(36).slice(2, 8);

  /** Queues `count` messages as one bulk send (as a bulk invitation does) and answers their rows, first one first. */
  async function queueBulk(count: number, address = (index: number, run: string) => `bulk.${run}.${index}@example.test`) {
    const db = await getDb();
    const run = tag();
    const subjectRef = `bulk:${run}`;
    await db.transaction((tx) =>
      enqueueMails(
        tx,
        Array.from({ length: count }, (_unused, index) => ({ accountId: null, subjectRef, to: address(index, run), subject: `Invitation ${index}`, html: `<p>${index}</p>`, text: `${index}` })),
      ),
    );
    const rows = await db.select().from(mailOutbox).where(eq(mailOutbox.subjectRef, subjectRef));
    return rows.sort((a, b) => Number(a.text) - Number(b.text));
  }

  /** Delivers until nothing is due, then tidies up anything else still queued by other tests. */
  async function drain() {
    for (let round = 0; round < 10; round += 1) {
      const report = await deliverDueMail(sender);
      if (report.sent + report.retrying + report.failed === 0) break;
    }
  }

  it('sends up to 100 messages per request, under a key of the batch, and records each message', async () => {
    await drain();
    const rows = await queueBulk(250);
    const batches = new Map<string, number>();
    for (const message of rows) batches.set(message.batchId!, (batches.get(message.batchId!) ?? 0) + 1);
    expect([...batches.values()]).toEqual([100, 100, 50]);
    for (const batchId of batches.keys()) expect(rows.find((message) => message.id === batchId)).toBeDefined();

    const before = fake.requests.length;
    expect(await deliverDueMail(sender)).toEqual({ sent: 250, retrying: 0, failed: 0 });
    const requests = fake.requests.slice(before);
    expect(requests.map((request) => request.batch)).toEqual([100, 100, 50]);
    const leaders = rows.filter((message) => message.id === message.batchId);
    expect(requests.map((request) => request.idempotencyKey).sort()).toEqual(leaders.map((message) => `${message.idempotencyKey}-batch`).sort());

    const sent = await Promise.all(rows.map((message) => row(message.id)));
    expect(sent.every((message) => message.status === 'sent' && message.attempts === 1)).toBe(true);
    expect(new Set(sent.map((message) => message.providerId)).size).toBe(250);
    expect(await attempts(rows[0]!.id)).toEqual(['sent']);
    expect(await attempts(rows[249]!.id)).toEqual(['sent']);
  });

  it('keeps a single message of a bulk send on its own', async () => {
    const [only] = await queueBulk(1);
    expect(only!.batchId).toBeNull();
  });

  it('retries a batch as the same batch: same messages, same key, delivered once', async () => {
    await drain();
    const rows = await queueBulk(5);
    fake.script = [500];
    expect(await deliverDueMail(sender)).toEqual({ sent: 0, retrying: 5, failed: 0 });
    expect((await Promise.all(rows.map((message) => row(message.id)))).map((message) => message.status)).toEqual(Array(5).fill('pending'));
    expect(await later(rows[0]!.id)).toEqual({ sent: 5, retrying: 0, failed: 0 });
    const key = `${rows[0]!.idempotencyKey}-batch`;
    // The fake refuses a reused key with a different payload (409), as Resend does: both requests carried the same batch.
    expect(fake.requests.filter((request) => request.idempotencyKey === key).map((request) => request.batch)).toEqual([5, 5]);
    expect([...fake.delivered.get(key)!.to].sort()).toEqual(rows.map((message) => message.toAddress).sort());
    expect(await attempts(rows[3]!.id)).toEqual(['retry', 'sent']);
  });

  it('loses nothing and duplicates nothing when a worker dies in the middle of a batch', async () => {
    await drain();
    const rows = await queueBulk(4);
    const dying: MailSender = {
      name: 'dying',
      send: async () => {
        throw new Error('not used');
      },
      sendBatch: async (mails, key) => {
        await sender.sendBatch(mails, key);
        throw new Error('process killed');
      },
    };
    await expect(deliverDueMail(dying)).rejects.toThrow('process killed');
    expect((await Promise.all(rows.map((message) => row(message.id)))).map((message) => message.status)).toEqual(Array(4).fill('sending'));
    expect(await deliverDueMail(sender)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    setClockOffset(61_000);
    expect(await deliverDueMail(sender)).toEqual({ sent: 4, retrying: 0, failed: 0 });
    const key = `${rows[0]!.idempotencyKey}-batch`;
    expect(fake.requests.filter((request) => request.idempotencyKey === key)).toHaveLength(2);
    for (const message of rows) expect(fake.deliveredTo.filter((to) => to === message.toAddress)).toHaveLength(1);
    expect((await Promise.all(rows.map((message) => row(message.id)))).every((message) => message.status === 'sent' && message.attempts === 2)).toBe(true);
  });

  it('splits a batch Resend refuses as a whole, so one bad address cannot hold back the rest', async () => {
    await drain();
    const rows = await queueBulk(4, (index, run) => (index === 2 ? `refused.${run}@example.test` : `fine.${run}.${index}@example.test`));
    fake.refuses = (to) => to.startsWith('refused.');
    expect(await deliverDueMail(sender)).toEqual({ sent: 0, retrying: 4, failed: 0 });
    const split = await Promise.all(rows.map((message) => row(message.id)));
    expect(split.every((message) => message.batchId === null && message.status === 'pending')).toBe(true);
    // The split messages are due at once, each on its own request under its own key.
    expect(await deliverDueMail(sender)).toEqual({ sent: 3, retrying: 0, failed: 1 });
    const settled = await Promise.all(rows.map((message) => row(message.id)));
    expect(settled.map((message) => message.status)).toEqual(['sent', 'sent', 'failed', 'sent']);
    expect(settled[2]!.lastError).toBe('Invalid `to` field');
    expect(await attempts(rows[2]!.id)).toEqual(['split', 'failed']);
    expect(await attempts(rows[0]!.id)).toEqual(['split', 'sent']);
    for (const message of rows.filter((_message, index) => index !== 2)) {
      expect(fake.deliveredTo.filter((to) => to === message.toAddress)).toHaveLength(1);
      expect(fake.delivered.has(message.idempotencyKey)).toBe(true);
    }
  });

  it('lets two workers run at once without sending any message twice', async () => {
    await drain();
    const rows = await queueBulk(30);
    const singles = await Promise.all(Array.from({ length: 6 }, () => queue()));
    const [first, second] = await Promise.all([deliverDueMail(sender, 3), deliverDueMail(sender, 3)]);
    await drain();
    expect(first.sent + second.sent).toBeGreaterThan(0);
    for (const message of [...rows, ...singles]) {
      expect((await row(message.id)).status).toBe('sent');
      expect(fake.deliveredTo.filter((to) => to === message.toAddress)).toHaveLength(1);
    }
  });
});


describe('outbox leases', () => {
  async function drain() {
    for (let round = 0; round < 10; round += 1) {
      const report = await deliverDueMail(sender);
      if (report.sent + report.retrying + report.failed === 0) break;
    }
  }

  it('fences every settle: a worker whose lease ran out cannot undo another worker’s delivery (two workers, a hanging API)', async () => {
    await drain();
    const message = await queue();
    fake.script = ['hang'];
    const before = fake.requests.length;
    // Worker A claims the message and waits on a mail API that never answers…
    const first = deliverDueMail(sender);
    while (fake.requests.length === before) await new Promise((resolve) => setTimeout(resolve, 5));
    // …past its lease, so worker B takes the message over and delivers it.
    setClockOffset(61_000);
    expect(await deliverDueMail(sender)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await row(message.id)).toMatchObject({ status: 'sent', attempts: 2, leaseToken: null });
    // A's request then times out: A no longer holds the message, so it changes nothing.
    expect(await first).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(await row(message.id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(await attempts(message.id)).toEqual(['sent']);
    expect(fake.deliveredTo.filter((to) => to === message.toAddress)).toHaveLength(1);
    // Nothing is left for anyone to send again.
    setClockOffset(10 * 61_000);
    expect(await deliverDueMail(sender)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(fake.deliveredTo.filter((to) => to === message.toAddress)).toHaveLength(1);
  });

  it('renews the lease through a round that lasts longer than the lease, so no other worker takes its messages', async () => {
    await drain();
    const messages = await Promise.all(Array.from({ length: 6 }, () => queue()));
    // Each request hangs until its 300 ms timeout: the round lasts about 1.8 s, its lease is 1 s.
    fake.script = Array.from({ length: 6 }, () => 'hang' as const);
    let done = false;
    const before = fake.requests.length;
    const round = deliverDueMail(sender, 50, { leaseMs: 1_000 }).finally(() => (done = true));
    // Once the round holds them all (its first request is out), another worker keeps looking for due mail.
    while (fake.requests.length === before) await new Promise((resolve) => setTimeout(resolve, 5));
    const rival: number[] = [];
    while (!done) {
      const report = await deliverDueMail(sender);
      rival.push(report.sent + report.retrying + report.failed);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await round).toEqual({ sent: 0, retrying: 6, failed: 0 });
    expect(rival.every((count) => count === 0)).toBe(true);
    for (const message of messages) {
      expect(await row(message.id)).toMatchObject({ status: 'pending', attempts: 1, leaseToken: null });
      expect(await attempts(message.id)).toEqual(['retry']);
    }
  });
});

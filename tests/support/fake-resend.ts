import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Behaviour = 'ok' | 429 | 500 | 422 | 'hang';

type Email = { to: string[]; subject: string };

/**
 * A stand-in for Resend's API on 127.0.0.1, for the real SDK (pointed at it with RESEND_BASE_URL): POST
 * /emails and POST /emails/batch (strict: one refused message refuses the batch). Like Resend, it
 * delivers a given Idempotency-Key once: a repeat answers the same ids without delivering again, and a
 * repeat with a different payload is refused (409). `script` sets how the next requests are answered;
 * after it runs out, every request succeeds. `refuses` names addresses Resend would reject (422).
 */
export class FakeResend {
  readonly requests: { idempotencyKey: string | null; to: string[]; subject: string; batch: number | null }[] = [];
  /** Per idempotency key, what was delivered: one entry per message. */
  readonly delivered = new Map<string, { ids: string[]; to: string[]; payload: string }>();
  script: Behaviour[] = [];
  refuses: (to: string) => boolean = () => false;
  private nextId = 1;

  /** Every message delivered, in order (a batch counts each of its messages). */
  get deliveredTo(): string[] {
    return [...this.delivered.values()].flatMap((entry) => entry.to);
  }
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const batch = request.url === '/emails/batch';
        const emails = (batch ? JSON.parse(body || '[]') : [JSON.parse(body || '{}')]) as Email[];
        const idempotencyKey = (request.headers['idempotency-key'] as string | undefined) ?? null;
        const to = emails.flatMap((email) => email.to);
        this.requests.push({ idempotencyKey, to, subject: emails[0]?.subject ?? '', batch: batch ? emails.length : null });
        const behaviour = this.script.shift() ?? 'ok';
        const json = (status: number, value: unknown) => {
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(value));
        };
        const answer = (ids: string[]) => json(200, batch ? { data: ids.map((id) => ({ id })) } : { id: ids[0] });
        if (behaviour === 'hang') return; // never answers: the client's timeout must fire
        if (behaviour === 429) return json(429, { name: 'rate_limit_exceeded', statusCode: 429, message: 'Too many requests' });
        if (behaviour === 500) return json(500, { name: 'internal_server_error', statusCode: 500, message: 'Internal error' });
        if (behaviour === 422 || to.some((address) => this.refuses(address))) {
          return json(422, { name: 'validation_error', statusCode: 422, message: 'Invalid `to` field' });
        }
        const key = idempotencyKey ?? `no-key-${this.requests.length}`;
        const existing = this.delivered.get(key);
        if (existing && existing.payload !== body) return json(409, { name: 'invalid_idempotent_request', statusCode: 409, message: 'Same idempotency key, different payload' });
        if (existing) return answer(existing.ids);
        const ids = emails.map(() => `fake-${this.nextId++}`);
        this.delivered.set(key, { ids, to, payload: body });
        answer(ids);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

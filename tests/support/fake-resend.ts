import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Behaviour = 'ok' | 429 | 500 | 422 | 'hang';

/**
 * A stand-in for Resend's API on 127.0.0.1, for the real SDK (pointed at it with RESEND_BASE_URL). Like
 * Resend, it delivers a given Idempotency-Key once: a repeat answers the same id without delivering again.
 * `script` sets how the next requests are answered; after it runs out, every request succeeds.
 */
export class FakeResend {
  readonly requests: { idempotencyKey: string | null; to: string[]; subject: string }[] = [];
  readonly delivered = new Map<string, { id: string; to: string[]; subject: string }>();
  script: Behaviour[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const payload = JSON.parse(body || '{}') as { to: string[]; subject: string };
        const idempotencyKey = (request.headers['idempotency-key'] as string | undefined) ?? null;
        this.requests.push({ idempotencyKey, to: payload.to, subject: payload.subject });
        const behaviour = this.script.shift() ?? 'ok';
        const json = (status: number, value: unknown) => {
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(value));
        };
        if (behaviour === 'hang') return; // never answers: the client's timeout must fire
        if (behaviour === 429) return json(429, { name: 'rate_limit_exceeded', statusCode: 429, message: 'Too many requests' });
        if (behaviour === 500) return json(500, { name: 'internal_server_error', statusCode: 500, message: 'Internal error' });
        if (behaviour === 422) return json(422, { name: 'validation_error', statusCode: 422, message: 'Invalid `to` field' });
        const key = idempotencyKey ?? `no-key-${this.requests.length}`;
        const existing = this.delivered.get(key);
        if (existing) return json(200, { id: existing.id });
        const id = `fake-${this.delivered.size + 1}`;
        this.delivered.set(key, { id, to: payload.to, subject: payload.subject });
        json(200, { id });
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

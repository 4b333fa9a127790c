import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TwilioBehaviour = 'ok' | 'refuse' | 'hang' | 500;

/** One message as the fake received it: the form fields Twilio's Messages API takes, and who asked. */
export interface ReceivedSms {
  accountSid: string;
  username: string;
  to: string;
  body: string;
  from: string | null;
  messagingServiceSid: string | null;
}

/**
 * A stand-in for Twilio's REST API on 127.0.0.1, for the real SDK (pointed at it with TWILIO_API_BASE_URL):
 * POST /2010-04-01/Accounts/{AccountSid}/Messages.json with HTTP basic auth and a form body, answering as
 * Twilio does: 201 with the message resource, 401 for credentials it does not know, and for a refusal 400
 * with Twilio's error body (code 21211: "The 'To' number … is not a valid phone number"). `script` sets how
 * the next requests are answered; once it runs out, every request is delivered. `refuses` names numbers
 * Twilio would reject.
 */
export class FakeTwilio {
  readonly delivered: ReceivedSms[] = [];
  readonly requests: { path: string; status: number | 'hung' }[] = [];
  script: TwilioBehaviour[] = [];
  refuses: (to: string) => boolean = () => false;
  private server: Server | undefined;
  private nextId = 1;

  constructor(private readonly credentials: { username: string; password: string }) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk) => (raw += chunk));
      request.on('end', () => {
        const path = request.url ?? '';
        const json = (status: number, value: unknown) => {
          this.requests.push({ path, status });
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(value));
        };
        const match = /^\/2010-04-01\/Accounts\/([A-Za-z0-9]+)\/Messages\.json$/.exec(path);
        if (request.method !== 'POST' || !match) return json(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
        const [user, password] = Buffer.from((request.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':');
        if (user !== this.credentials.username || password !== this.credentials.password) return json(401, { code: 20003, message: 'Authenticate', status: 401 });
        const form = new URLSearchParams(raw);
        const behaviour = this.script.shift() ?? 'ok';
        if (behaviour === 'hang') {
          this.requests.push({ path, status: 'hung' });
          return; // never answers: the client's timeout must fire
        }
        if (behaviour === 500) return json(500, { code: 20500, message: 'Internal Server Error', status: 500 });
        const to = form.get('To') ?? '';
        if (behaviour === 'refuse' || this.refuses(to)) {
          return json(400, { code: 21211, message: `The 'To' number ${to} is not a valid phone number.`, more_info: 'https://www.twilio.com/docs/errors/21211', status: 400 });
        }
        const sid = `SM${String(this.nextId++).padStart(32, '0')}`;
        this.delivered.push({ accountSid: match[1]!, username: user, to, body: form.get('Body') ?? '', from: form.get('From'), messagingServiceSid: form.get('MessagingServiceSid') });
        json(201, { sid, account_sid: match[1], to, from: form.get('From'), body: form.get('Body'), status: 'queued', messaging_service_sid: form.get('MessagingServiceSid'), date_created: new Date().toUTCString() });
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

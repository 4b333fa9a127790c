import { appConfig } from '@/lib/config';
import { lastUndeliveredSms } from '@/lib/sms/sender';

/** E2E only: the last text message the provider-less sender kept for a number (see lib/sms/sender.ts). */
export async function GET(request: Request) {
  if (!appConfig.testHooksEnabled) return Response.json({ error: 'not_found' }, { status: 404 });
  const to = new URL(request.url).searchParams.get('to') ?? '';
  const message = lastUndeliveredSms(to);
  return message ? Response.json(message) : Response.json({ error: 'not_found' }, { status: 404 });
}

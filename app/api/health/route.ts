import { checkHealth } from '@/lib/dal/ops/check-health';

export const dynamic = 'force-dynamic';

/** 200 with the engine, the applied migration and a database round trip; 503 when the database is unreachable. */
export async function GET() {
  try {
    const health = await checkHealth();
    return Response.json({ status: 'ok', ...health }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    console.error('[health] database unreachable', error);
    return Response.json(
      { status: 'unavailable', error: 'The database cannot be reached.' },
      { status: 503, headers: { 'cache-control': 'no-store', 'retry-after': '5' } },
    );
  }
}

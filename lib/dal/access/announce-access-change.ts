import 'server-only';
import { sql } from 'drizzle-orm';
import { getDbHandle, type Tx } from '@/db/client';
import { ACCESS_CHANNEL, encodeAccessChange, type AccessChange } from '@/lib/access/change-channel';

/**
 * Tells every process that access changed. pg_notify is transactional: other processes hear it only if
 * the change commits. This process updates its own cache right after the commit (see `afterAccessChange`).
 */
export async function notifyAccessChange(tx: Tx, change: AccessChange): Promise<void> {
  await tx.execute(sql`select pg_notify(${ACCESS_CHANNEL}, ${encodeAccessChange(change)})`);
}

/** LISTENs on the access channel (both engines support it); resolves once listening. */
export async function listenOnAccessChannel(onPayload: (payload: string) => void): Promise<void> {
  const handle = await getDbHandle();
  await handle.listen(ACCESS_CHANNEL, onPayload);
}

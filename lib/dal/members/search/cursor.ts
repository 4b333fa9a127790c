import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import type { SortKey } from '@/lib/validation/members';
import { select } from './fetch-rows';
import { keyOutput, typedKeys, type Order } from './sort-order';

// A keyset cursor names its boundary row by membership id alone (lib/validation/members.ts), so the URL
// history holds no name or email: the row's sort keys are read here, on the server, when the page opens.

/**
 * The sort keys of the boundary row, as text that casts back exactly (the walk and the bitmap compare with
 * them as they did with keys from a page). Null when the row is gone or is not in the account: a cursor
 * naming another account's member learns nothing, it opens the first page like any cursor that leads nowhere.
 */
export async function boundaryKeys(db: Db, accountId: string, order: Order, membershipId: string): Promise<SortKey[] | null> {
  const keys = sql.join(
    order.kinds.map((kind, i) => sql`${keyOutput(`b.t${i}`, kind)} as ${sql.raw(`k${i}`)}`),
    sql`, `,
  );
  const [row] = await select(db, sql`select ${keys} from (select ${typedKeys(order)} from memberships m where m.account_id = ${accountId} and m.id = ${membershipId}) b`);
  return row ? order.keys.map((_, i) => row[`k${i}`] as SortKey) : null;
}

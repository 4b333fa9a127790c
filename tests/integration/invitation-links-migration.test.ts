import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFolder, readJournal } from '@/db/migrate';
import { testEngine } from '../support/test-db';

// Migration 0012 moves each invitation's one link into invitation_links: the links mailed before the
// upgrade must keep working after it. Applied here by hand, step by step, on an empty database.

type Run = (statement: string) => Promise<Record<string, unknown>[]>;

const TAG = '0012_invitation_links';
let close: () => Promise<void> = async () => {};
afterAll(() => close());

async function openEmpty(): Promise<Run> {
  if (testEngine === 'postgres') {
    const name = `rolecall_test_${randomBytes(6).toString('hex')}`;
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
    close = async () => {
      await client.end();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
    return async (statement) => [...(await client.unsafe(statement))];
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { btree_gin } = await import('@electric-sql/pglite/contrib/btree_gin');
  const client = await PGlite.create({ extensions: { pg_trgm, btree_gin } });
  close = () => client.close();
  return async (statement) => (await client.query<Record<string, unknown>>(statement)).rows;
}

async function apply(run: Run, tag: string) {
  const text = readFileSync(path.join(migrationsFolder(), `${tag}.sql`), 'utf8');
  for (const statement of text.split('--> statement-breakpoint')) if (statement.trim()) await run(statement);
}

describe(`migration ${TAG}`, () => {
  it('moves every invitation’s link into invitation_links, so links mailed before the upgrade still work', async () => {
    const run = await openEmpty();
    const tags = readJournal().map((entry) => entry.tag);
    const at = tags.indexOf(TAG);
    expect(at).toBeGreaterThan(0);
    for (const tag of tags.slice(0, at)) await apply(run, tag);

    const [account] = await run(`insert into accounts (name) values ('Before Co') returning id`);
    const [role] = await run(`insert into roles (account_id, builtin_key, name) values ('${account!.id}', 'user', 'User') returning id`);
    const [sender] = await run(`insert into users (email, first_name, last_name) values ('sender@before.test', 'Sam', 'Send') returning id`);
    const invite = (email: string, hash: string, extra = '') =>
      run(
        `insert into invitations (account_id, email, role_id, token_hash, sent_by_user_id, sent_by_name, created_at, expires_at${extra ? ', accepted_at' : ''})
         values ('${account!.id}', '${email}', '${role!.id}', '${hash}', '${sender!.id}', 'Sam', now() - interval '1 day', now() + interval '6 days'${extra})
         returning id`,
      );
    const [open] = await invite('open@before.test', 'a'.repeat(64));
    const [done] = await invite('done@before.test', 'b'.repeat(64), ', now()');

    await apply(run, TAG);
    const links = await run(`select invitation_id, token_hash, purpose, created_by_user_id from invitation_links order by token_hash`);
    expect(links).toEqual([
      { invitation_id: open!.id, token_hash: 'a'.repeat(64), purpose: 'mail', created_by_user_id: sender!.id },
      { invitation_id: done!.id, token_hash: 'b'.repeat(64), purpose: 'mail', created_by_user_id: sender!.id },
    ]);
    const columns = await run(`select column_name from information_schema.columns where table_name = 'invitations' and column_name = 'token_hash'`);
    expect(columns).toEqual([]);
    // The links go with their invitation.
    await run(`delete from invitations where id = '${done!.id}'`);
    expect(await run(`select token_hash from invitation_links`)).toEqual([{ token_hash: 'a'.repeat(64) }]);
  }, 120_000);
});

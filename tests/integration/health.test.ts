import { describe, expect, it } from 'vitest';
import { openDatabase, setDbHandle } from '@/db/client';
import { readJournal } from '@/db/migrate';
import { GET } from '@/app/api/health/route';
import { testEngine, withTestDatabase } from '../support/test-db';

const db = withTestDatabase();

describe('GET /api/health', () => {
  it('answers 200 with the engine, the newest applied migration and a round-trip time', async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    const body = await response.json();
    const newest = readJournal().at(-1)!;
    expect(body).toMatchObject({ status: 'ok', engine: testEngine, migration: { tag: newest.tag } });
    expect(body.dbRoundTripMs).toBeGreaterThanOrEqual(0);
  });

  it('answers 503 when the database cannot be reached', async () => {
    const unreachable = await openDatabase({
      engine: 'postgres',
      url: 'postgres://nobody@127.0.0.1:1/none',
      poolMax: 1,
      connectTimeoutSeconds: 2,
      migrateOnStart: false,
    });
    setDbHandle(unreachable);
    const errors = console.error;
    console.error = () => {};
    try {
      const response = await GET();
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'unavailable' });
    } finally {
      console.error = errors;
      setDbHandle(db.handle());
      await unreachable.close();
    }
  });
});

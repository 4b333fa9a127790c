import { getDbHandle } from '@/db/client';
import { readDbConfig } from '@/db/config';
import { getAuthSecret } from './auth/secret';

export async function startServer(): Promise<void> {
  try {
    getAuthSecret();
    const config = readDbConfig();
    const handle = await getDbHandle();
    const where = config.engine === 'pglite' ? `embedded PGlite in ${config.dataDir}` : `PostgreSQL (pool of ${config.poolMax})`;
    console.info(`[rolecall] database ready: ${where}; migrations applied (engine ${handle.engine})`);
  } catch (error) {
    console.error(`\n[rolecall] cannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

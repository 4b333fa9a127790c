// `npm run db:seed -- --demo`: fills a demo account and prints how to sign in as its Owner.
// Uses the same database as the app (DATABASE_URL, or PGlite in DATA_DIR: stop the app first).
import { closeDb } from '@/db/client';
import { seedDemoAccount } from '@/lib/dal/setup/seed-demo-account';

async function main() {
  if (!process.argv.includes('--demo')) {
    console.error('Usage: npm run db:seed -- --demo');
    process.exitCode = 2;
    return;
  }
  const result = await seedDemoAccount();
  if (!result.created) {
    console.info(`The demo account "${result.accountName}" already exists (Owner: ${result.ownerEmail}). Nothing to do.`);
    return;
  }
  console.info(`Created the demo account "${result.accountName}" with ${result.members} members in every role and status.`);
  console.info(`Sign in as its Owner:  ${result.ownerEmail}  /  ${result.password}`);
  console.info('Every other demo member with a local login shares that password.');
}

main()
  .catch((error) => {
    console.error(`Seeding failed: ${(error as Error).message}`);
    process.exitCode = 1;
  })
  .finally(() => closeDb());

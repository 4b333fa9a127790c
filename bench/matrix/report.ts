import type { Latency } from '../users/measure';
import type { ServerResults } from './server';

// Issue 15, item 4: both pages at 200,000 members, and the toggle, under these.
export const TARGETS = { renderP95Ms: 100, rolesPageP95Ms: 100, toggleP95Ms: 50 };

export interface MatrixResults extends ServerResults {
  seed: number;
  versions: Record<string, string>;
  scale: { roles: number; rows: number; grantRows: number; deepest: number; members: number };
  /** The 1-minute load average when the timing started and ended, and the machine's cores. */
  load: { start: number; end: number; cores: number };
}

const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
const lat = (latency: Latency) => `p50 ${ms(latency.p50)}  p95 ${ms(latency.p95)}  p99 ${ms(latency.p99)}  max ${ms(latency.max)}  (${latency.samples} samples)`;
const verdict = (value: number, target: number) => `${value < target ? 'PASS' : 'FAIL'}  p95 ${ms(value)} < ${target} ms`;

export function humanReport(results: MatrixResults): string {
  const { scale, render, toggle, rolesPage } = results;
  return [
    `bench:matrix: seed ${results.seed} (repeat with --seed=${results.seed})`,
    `versions: ${Object.entries(results.versions).map(([name, version]) => `${name} ${version}`).join(', ')}`,
    `scenario: ${scale.roles} roles (4 built-in, ${scale.roles - 4} custom, chains up to ${scale.deepest} links) x ${scale.rows} rows (40 permissions, ${scale.rows - 40} custom privileges), ${scale.grantRows} grant rows, ${scale.members.toLocaleString('en')} members holding them; by HTTP against next start on PostgreSQL`,
    '',
    `Server render  GET /settings/roles/matrix (signed in, to the last byte: ${Math.round(render.bytes / 1024)} KB of HTML, the first screen's ${render.columns} of ${scale.roles} role columns rendered)`,
    `  ${lat(render)}`,
    `Roles page     GET /settings/roles (signed in, to the last byte: ${Math.round(rolesPage.bytes / 1024)} KB of HTML; every role with its chain and members)`,
    `  ${lat(rolesPage)}`,
    `Cell toggle    POST of toggleMatrixCellAction to the page, as the browser sends it (the save, then the role's grants as saved and its new version: ${toggle.bytes} bytes)`,
    `  ${lat(toggle)}`,
    `  of which the fixed cost of a signed-in action request (the same POST refused by validation: middleware, session, Next's plumbing)`,
    `  ${lat(results.floor)}`,
    `machine: ${results.load.cores} cores, load average ${results.load.start.toFixed(1)} at the start and ${results.load.end.toFixed(1)} at the end of the timing` +
      (Math.max(results.load.start, results.load.end) > results.load.cores ? ' (busier than its cores: other processes inflate these figures, the tails most)' : ''),
    '',
    'Targets',
    `  render  ${verdict(render.p95, TARGETS.renderP95Ms)}`,
    `  roles   ${verdict(rolesPage.p95, TARGETS.rolesPageP95Ms)}`,
    `  toggle  ${verdict(toggle.p95, TARGETS.toggleP95Ms)}`,
  ].join('\n');
}

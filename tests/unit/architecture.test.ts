import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The layering rules ESLint cannot see: which files run in the browser is said by a directive, not a path.

const ROOT = path.resolve(__dirname, '../..');

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const relative = path.join(dir, name);
    if (statSync(path.join(ROOT, relative)).isDirectory()) return filesUnder(relative);
    return /\.(ts|tsx)$/.test(name) ? [relative] : [];
  });
}

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const imports = (source: string) => [...source.matchAll(/from\s+'([^']+)'/g)].map((match) => match[1]!);

describe('architecture', () => {
  it('client components never import the data layer or the database, not even for types (they use lib/types)', () => {
    const clientFiles = [...filesUnder('app'), ...filesUnder('components'), ...filesUnder('lib')].filter((file) => /^\s*['"]use client['"]/.test(read(file)));
    expect(clientFiles.length).toBeGreaterThan(10);
    const offenders = clientFiles.flatMap((file) => imports(read(file)).filter((spec) => spec.startsWith('@/lib/dal') || spec.startsWith('@/db')).map((spec) => `${file} → ${spec}`));
    expect(offenders).toEqual([]);
  });

  it('the data layer is grouped by domain and every file of it is server-only', () => {
    const files = filesUnder('lib/dal');
    expect(files.filter((file) => path.dirname(file) === path.join('lib', 'dal'))).toEqual([]);
    // core/errors.ts is the exception: DalError and its codes are pure, and lib/access and the action results share them.
    const shared = [path.join('lib', 'dal', 'core', 'errors.ts')];
    expect(files.filter((file) => !shared.includes(file) && !read(file).startsWith("import 'server-only';"))).toEqual([]);
  });

  it('lib/types holds only types: it imports nothing at run time', () => {
    const offenders = filesUnder('lib/types').flatMap((file) =>
      [...read(file).matchAll(/^import\s+(?!type\s)[^;]*;/gm)].map((match) => `${file}: ${match[0]}`),
    );
    expect(offenders).toEqual([]);
  });
});

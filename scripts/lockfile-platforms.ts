/**
 * Keeps `npm ci` working: some registry mirrors serve only the linux-glibc builds of biome's platform
 * packages, so `npm install` leaves the others out of package-lock.json — and `npm ci` then refuses the lock
 * ("Missing: @biomejs/cli-… from lock file"). This adds the missing optional entries (never installed on a
 * platform they do not match). Run after changing dependencies: `npm run lock:platforms`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

type Entry = Record<string, unknown>;
const file = 'package-lock.json';
const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, Entry> };
const biome = lock.packages['node_modules/@biomejs/biome'];
if (!biome) throw new Error('no @biomejs/biome in the lock file');
const platforms = Object.keys((biome.optionalDependencies ?? {}) as Record<string, string>);
let added = 0;
for (const name of platforms) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const [, os = '', cpu = '', libc] = /cli-(\w+)-(\w+)(?:-(musl))?$/.exec(name) ?? [];
  lock.packages[key] = {
    version: biome.version,
    cpu: [cpu],
    dev: true,
    ...(libc ? { libc: [libc] } : {}),
    license: 'MIT OR Apache-2.0',
    optional: true,
    os: [os],
    engines: { node: '>=14.21.3' },
  };
  added++;
}
const sorted = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
writeFileSync(file, `${JSON.stringify({ ...lock, packages: sorted }, null, 2)}\n`);
console.log(`${added} platform entr${added === 1 ? 'y' : 'ies'} added`);

/**
 * The Node.js requirement the README states is true: package.json's `engines.node` admits the Node running the
 * tests, and its lowest version satisfies the `engines.node` of every installed package of the lock file (a
 * dependency that asks for a newer Node than the README promises fails here, as @middy/* 7 — Node ≥ 22 — did).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readJson = (file: string): unknown => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

type Version = [number, number, number];

/** `20.19.0`, `20`, `6.*`, `0.6.x` → numbers, a wildcard or missing part as undefined. */
const parts = (text: string): (number | undefined)[] =>
  text.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : undefined));

const compare = (a: Version, b: (number | undefined)[]): number => {
  for (let i = 0; i < 3; i++) {
    const difference = a[i]! - (b[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
};

/** One comparator of a node-semver range, as the engines fields of this lock file write them. */
const satisfiesComparator = (version: Version, comparator: string): boolean => {
  const match = /^(>=|<=|>|<|\^|~|=)?v?(.+)$/.exec(comparator);
  if (!match || comparator === '*') return true;
  const [, operator = '=', text = ''] = match;
  const bound = parts(text);
  const order = compare(version, bound);
  if (operator === '>=') return order >= 0;
  if (operator === '>') return order > 0;
  if (operator === '<=') return order <= 0;
  if (operator === '<') return order < 0;
  if (operator === '^' || operator === '~') {
    // ^1.2.3 keeps the major; ^0.2.3 the minor; ~1.2.3 the minor.
    const pinned = operator === '~' || (bound[0] ?? 0) === 0 ? 2 : 1;
    return order >= 0 && bound.slice(0, pinned).every((part, i) => part === undefined || part === version[i]);
  }
  return bound.every((part, i) => part === undefined || part === version[i]);
};

/** True when `version` satisfies `range` (`||` of space-separated comparators; `>= 8` written with a space). */
const satisfies = (version: string, range: string): boolean => {
  const parsed = parts(version.replace(/^v/, '')) as Version;
  return range.split('||').some((set) =>
    set
      .trim()
      .replace(/([<>=^~]+)\s+/g, '$1')
      .split(/\s+/)
      .every((comparator) => satisfiesComparator(parsed, comparator)),
  );
};

const lowestOf = (range: string): string => {
  const match = /^>=\s*(\d+\.\d+\.\d+)$/.exec(range.trim());
  if (!match?.[1]) throw new Error(`engines.node should read ">=x.y.z", not "${range}"`);
  return match[1];
};

describe('the Node.js requirement', () => {
  const project = readJson('package.json') as { engines: { node: string } };
  const lock = readJson('package-lock.json') as {
    packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
  };

  it('reads range syntax as node-semver does', () => {
    expect(satisfies('20.19.0', '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies('20.18.9', '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies('20.0.0', '>=22')).toBe(false);
    expect(satisfies('20.0.0', '18 || 20 || >=22')).toBe(true);
    expect(satisfies('7.5.0', '>=6 <7 || >=8')).toBe(false);
    expect(satisfies('21.0.0', '^20.0.0 || ^22.0.0 || >=24.0.0')).toBe(false);
    expect(satisfies('20.1.0', '>= 10.*')).toBe(true);
  });

  it('admits the Node that runs the tests', () => {
    expect(satisfies(process.versions.node, project.engines.node)).toBe(true);
  });

  it("is enough for every installed package's own engines.node", () => {
    const lowest = lowestOf(project.engines.node);
    const refusing = Object.entries(lock.packages)
      .filter(([key]) => key !== '' && existsSync(path.join(root, key)))
      .flatMap(([key, entry]) => {
        const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        return range !== undefined && !satisfies(lowest, range) ? [`${key}: ${range}`] : [];
      });
    expect(refusing).toEqual([]);
  });
});

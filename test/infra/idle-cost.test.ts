/**
 * docs/DEPLOY.md's idle-cost table counts the KMS keys the stack really makes (each a monthly charge): the
 * customer-managed keys of every stage, and the SM2 keys a China-region stage adds.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resourcesOf, synthesize } from './synth.js';

const deploy = readFileSync(fileURLToPath(new URL('../../docs/DEPLOY.md', import.meta.url)), 'utf8');
const keysOf = (region: string) =>
  Object.entries(resourcesOf(synthesize({ region }).template, 'AWS::KMS::Key')).map(([id, key]) => ({
    id,
    spec: String(key.Properties.KeySpec ?? 'SYMMETRIC_DEFAULT'),
  }));
const named = (keys: { id: string; spec: string }[]) => keys.map((k) => `${k.id} ${k.spec}`).join(', ');

describe('the idle-cost table of docs/DEPLOY.md', () => {
  it('counts every KMS key of a stage, and the SM2 keys of a China-region stage', () => {
    const everywhere = Number(/\| KMS: (\d+) customer-managed keys/.exec(deploy)?.[1]);
    const sm2 = Number(/\| KMS, China regions only: (\d+) SM2 keys/.exec(deploy)?.[1]);
    const global = keysOf('eu-central-1');
    expect(global.length, named(global)).toBe(everywhere);
    const china = keysOf('cn-northwest-1');
    expect(china.length, named(china)).toBe(everywhere + sm2);
    expect(china.filter((k) => k.spec === 'SM2')).toHaveLength(sm2);
  });
});

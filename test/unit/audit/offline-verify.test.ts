import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAuditCheckpoint } from '../../../functions/core/audit/checkpoint.js';
import { hashEntry } from '../../../functions/core/audit/entry-hash.js';
import { verifyAuditExport } from '../../../functions/core/audit/offline-verify.js';
import { toPem } from '../../../functions/core/pki/pem.js';
import { bootstrapSealChain, type SealChain } from '../../../functions/core/pki/seal-chain.js';
import { buildAuditExport } from '../../../functions/handlers/audit-export-routes.js';
import type { Checkpoint, CheckpointStore } from '../../../functions/ports/checkpoint-store.js';
import { FixedClock, MemoryAuditLog } from '../../support/fakes.js';
import { createSealingFixture } from '../pades/sealing-fixture.js';
import { counterRandom, createCryptoSigner, fixedClock } from '../pki/crypto-signer.js';
import { caseInput } from './chain-fixture.js';

type Line = Record<string, unknown> & { type: string; seq?: number };

const pemOf = (chain: SealChain) => toPem('CERTIFICATE', chain.seal) + toPem('CERTIFICATE', chain.root);
const newChain = () =>
  bootstrapSealChain({
    rootSigner: createCryptoSigner(),
    sealSigner: createCryptoSigner(),
    clock: fixedClock('2026-01-01T00:00:00.000Z'),
    random: counterRandom(),
    authorityName: '某市行政审批局',
  });

/**
 * A real export: ten entries through the in-memory audit log, checkpoints signed by the job at seq 4 and 8
 * (9 and 10 come after the last checkpoint), serialised by the export route's builder.
 */
async function buildExport(): Promise<{ lines: string[]; chain: SealChain }> {
  const chain = await createSealingFixture('2026-01-01T00:00:00.000Z');
  const { sealSigner } = chain;
  const clock = new FixedClock('2026-03-26T08:00:00.000Z');
  const audit = new MemoryAuditLog(clock);
  const stored: Checkpoint[] = [];
  const checkpoints: CheckpointStore = {
    put: async (c) => {
      stored.push(c);
      return true;
    },
    latest: async () => stored.at(-1),
    list: async ({ afterSeq = 0, limit }) => stored.filter((c) => c.seq > afterSeq).slice(0, limit),
  };
  const deps = { audit, checkpoints, signer: sealSigner, keyId: 'alias/zhengzhao-seal', clock };
  for (let n = 1; n <= 10; n++) {
    clock.advance(60_000);
    await audit.append([caseInput(n)]);
    if (n === 4 || n === 8) await runAuditCheckpoint(deps);
  }
  const lines = await buildAuditExport({ audit, checkpoints, sealChain: { pem: async () => pemOf(chain) } });
  return { lines, chain };
}

const parse = (lines: string[]): Line[] => lines.map((l) => JSON.parse(l) as Line);
const serialise = (lines: Line[]): string[] => lines.map((l) => JSON.stringify(l));
const entryAt = (lines: Line[], seq: number): Line => {
  const found = lines.find((l) => l.type === 'entry' && l.seq === seq);
  if (!found) throw new Error(`no entry ${seq}`);
  return found;
};
const checkpointAt = (lines: Line[], seq: number): Line => {
  const found = lines.find((l) => l.type === 'checkpoint' && l.seq === seq);
  if (!found) throw new Error(`no checkpoint ${seq}`);
  return found;
};
/** Recompute hashes and links from `fromSeq` on, as someone rewriting the table would. */
const rehashFrom = (lines: Line[], fromSeq: number): void => {
  let prevHash = String(entryAt(lines, fromSeq - 1).hash);
  for (const line of lines) {
    if (line.type !== 'entry' || (line.seq ?? 0) < fromSeq) continue;
    line.prevHash = prevHash;
    prevHash = hashEntry(line as never);
    line.hash = prevHash;
  }
};

describe('verifyAuditExport', () => {
  let good: string[];
  let chain: SealChain;
  /** Another CA's chain, for the swaps. */
  let other: SealChain;

  beforeAll(async () => {
    ({ lines: good, chain } = await buildExport());
    other = await newChain();
  });

  it('accepts an untouched export and says which entries are covered by checkpoints', () => {
    // Act
    const result = verifyAuditExport(good);
    // Assess
    expect(result).toMatchObject({
      ok: true,
      entries: 10,
      checkpoints: 2,
      verifiedThroughSeq: 8,
      problems: [],
    });
    expect(result.firstBadSeq).toBeUndefined();
    expect(result.rootSha256).toBe(createHash('sha256').update(chain.root).digest('hex'));
    expect(result.warnings.join()).toContain('seq 9–10');
  });

  it('accepts the export when the trusted root is pinned, in any fingerprint notation', () => {
    const hex = createHash('sha256').update(chain.root).digest('hex');
    const colons = hex.toUpperCase().match(/../g)?.join(':') ?? '';
    expect(verifyAuditExport(good, { trustedRootSha256: hex }).ok).toBe(true);
    expect(verifyAuditExport(good, { trustedRootSha256: colons }).ok).toBe(true);
  });

  it('points at an entry whose details were changed', () => {
    // Prepare
    const lines = parse(good);
    (entryAt(lines, 3).details as Record<string, unknown>).materialCode = 'FORGED';
    // Act
    const result = verifyAuditExport(serialise(lines));
    // Assess
    expect(result.ok).toBe(false);
    expect(result.firstBadSeq).toBe(3);
    expect(result.problems[0]).toContain('seq 3: the entry does not match its hash');
  });

  it('catches an entry rewritten with all later hashes recomputed at the checkpoint that covers it', () => {
    // Prepare
    const lines = parse(good);
    (entryAt(lines, 3).details as Record<string, unknown>).materialCode = 'FORGED';
    rehashFrom(lines, 3);
    // Act
    const result = verifyAuditExport(serialise(lines));
    // Assess
    expect(result).toMatchObject({
      ok: false,
      firstBadSeq: 1,
      brokenBetween: [1, 4],
      reason: 'CHECKPOINT_MISMATCH',
      verifiedThroughSeq: 0,
    });
    expect(result.problems.join('\n')).toContain(
      'checkpoint at seq 4: does not match the entry: entries 1–4',
    );
  });

  it('pins a rewrite re-hashed to the end to the seqs after the last matching checkpoint, not the next one', () => {
    // Prepare: the edit is at 6; checkpoint 4 still matches, checkpoint 8 no longer does.
    const lines = parse(good);
    (entryAt(lines, 6).details as Record<string, unknown>).materialCode = 'FORGED';
    rehashFrom(lines, 6);
    // Act
    const result = verifyAuditExport(serialise(lines));
    // Assess
    expect(result).toMatchObject({
      ok: false,
      firstBadSeq: 5,
      brokenBetween: [5, 8],
      reason: 'CHECKPOINT_MISMATCH',
      verifiedThroughSeq: 4,
    });
  });

  it('points at a removed entry', () => {
    const lines = parse(good).filter((l) => !(l.type === 'entry' && l.seq === 6));
    const result = verifyAuditExport(serialise(lines));
    expect(result).toMatchObject({ ok: false, firstBadSeq: 6, entries: 9 });
    expect(result.problems[0]).toContain('seq 6: an entry is missing or out of order');
  });

  it('points at the first of two reordered entries', () => {
    // Prepare
    const lines = parse(good);
    const six = lines.indexOf(entryAt(lines, 6));
    const [moved] = lines.splice(six, 1);
    if (!moved) throw new Error('fixture');
    lines.splice(six + 1, 0, moved);
    // Act
    const result = verifyAuditExport(serialise(lines));
    // Assess
    expect(result).toMatchObject({ ok: false, firstBadSeq: 6 });
  });

  it('points at a checkpoint whose signature was flipped', () => {
    // Prepare
    const lines = parse(good);
    const checkpoint = checkpointAt(lines, 8);
    const bytes = Buffer.from(String(checkpoint.signature), 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 0x80;
    checkpoint.signature = bytes.toString('base64');
    // Act
    const result = verifyAuditExport(serialise(lines));
    // Assess
    expect(result).toMatchObject({
      ok: false,
      firstBadSeq: 5,
      brokenBetween: [5, 8],
      reason: 'CHECKPOINT_INVALID',
      verifiedThroughSeq: 4,
    });
    expect(result.problems.join('\n')).toContain('checkpoint at seq 8: the signature does not verify');
  });

  it('points at a checkpoint whose head was changed', () => {
    // Prepare
    const lines = parse(good);
    checkpointAt(lines, 4).head = String(entryAt(lines, 3).hash);
    // Act
    const result = verifyAuditExport(serialise(lines));
    // Assess
    expect(result).toMatchObject({ ok: false, firstBadSeq: 1, brokenBetween: [1, 4] });
    expect(result.problems.join('\n')).toContain('checkpoint at seq 4: the signature does not verify');
    expect(result.problems.join('\n')).toContain('checkpoint at seq 4: does not match the entry');
  });

  it('rejects every checkpoint when the seal chain is swapped for another CA’s', () => {
    // Prepare
    const lines = parse(good);
    const [first] = lines;
    if (first) first.pem = pemOf(other);
    // Act
    const result = verifyAuditExport(serialise(lines));
    // Assess
    expect(result).toMatchObject({ ok: false, firstBadSeq: 1, brokenBetween: [1, 4], verifiedThroughSeq: 0 });
    expect(result.rootSha256).toBe(createHash('sha256').update(other.root).digest('hex'));
    expect(result.problems.filter((p) => p.includes('signature does not verify'))).toHaveLength(2);
  });

  it('rejects a seal chain under another root than the pinned one', () => {
    const pinned = createHash('sha256').update(other.root).digest('hex');
    const result = verifyAuditExport(good, { trustedRootSha256: pinned });
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toContain('the root certificate is not the trusted root');
  });

  it('rejects a seal certificate that its root did not sign', () => {
    const lines = parse(good);
    const [first] = lines;
    if (first) first.pem = toPem('CERTIFICATE', chain.seal) + toPem('CERTIFICATE', other.root);
    const result = verifyAuditExport(serialise(lines));
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toContain('invalid seal chain');
  });

  it('detects an export truncated before its last checkpoint and names the first missing seq', () => {
    const lines = parse(good).filter((l) => !(l.type === 'entry' && (l.seq ?? 0) >= 7));
    const result = verifyAuditExport(serialise(lines));
    expect(result).toMatchObject({ ok: false, firstBadSeq: 7, brokenBetween: [7, 8], reason: 'TRUNCATED' });
    expect(result.problems.join('\n')).toContain('the export is truncated after seq 6');
  });

  it('cannot see entries cut after the last checkpoint, but reports them as unsigned', () => {
    const lines = parse(good).filter((l) => !(l.type === 'entry' && l.seq === 10));
    const result = verifyAuditExport(serialise(lines));
    expect(result).toMatchObject({ ok: true, entries: 9, verifiedThroughSeq: 8 });
    expect(result.warnings.join()).toContain('seq 9–9');
  });

  it('fails an export without any checkpoint, since nothing in it is signed', () => {
    const lines = parse(good).filter((l) => l.type !== 'checkpoint');
    const result = verifyAuditExport(serialise(lines));
    expect(result.ok).toBe(false);
    expect(result.problems.join()).toContain('nothing is signed');
  });

  it('fails an export whose first line is not the seal chain, and names unreadable lines', () => {
    const result = verifyAuditExport([...good.slice(1), good[0] ?? '', '{not json']);
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toContain('the first line is not the seal certificate chain');
    expect(result.problems.join('\n')).toContain(`line ${good.length} is not a valid export line`);
    expect(result.problems.join('\n')).toContain(`line ${good.length + 1} is not a valid export line`);
  });

  it('names the seq of any single edited entry (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer(), (seq, value) => {
        const lines = parse(good);
        const entry = entryAt(lines, seq);
        fc.pre((entry.details as { n: number }).n !== value);
        (entry.details as { n: number }).n = value;
        const result = verifyAuditExport(serialise(lines));
        expect(result).toMatchObject({ ok: false, firstBadSeq: seq });
      }),
      { numRuns: 50 },
    );
  });

  it('never throws and never accepts arbitrary lines appended to or replacing the export (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.json()), { maxLength: 8 }),
        fc.boolean(),
        (junk, keep) => {
          const lines = keep ? [...good, ...junk.filter((j) => j.trim() !== '')] : junk;
          const result = verifyAuditExport(lines);
          const onlyGood = keep && junk.every((j) => j.trim() === '');
          expect(result.ok).toBe(onlyGood);
        },
      ),
      { numRuns: 100 },
    );
  });
});

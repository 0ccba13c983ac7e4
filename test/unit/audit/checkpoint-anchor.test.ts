import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { signCheckpoint } from '../../../functions/core/audit/checkpoint.js';
import {
  createAnchoredVerifier,
  type SealKey,
  verifyAuditTrail,
} from '../../../functions/core/audit/checkpoint-anchor.js';
import { hashEntry } from '../../../functions/core/audit/entry-hash.js';
import type { AuditEntry, ChainVerification } from '../../../functions/ports/audit-log.js';
import type { Checkpoint } from '../../../functions/ports/checkpoint-store.js';
import { FixedClock, MemoryAuditLog } from '../../support/fakes.js';
import { createCryptoSigner } from '../pki/crypto-signer.js';
import { buildChain, copy } from './chain-fixture.js';

const LENGTH = 30;
const chain = buildChain(LENGTH);
const signer = createCryptoSigner();
const key: SealKey = {
  publicKey: signer.publicKeyObject,
  validFrom: '2026-01-01T00:00:00.000Z',
  validTo: '2027-01-01T00:00:00.000Z',
};
/** A genuine checkpoint of the untouched chain at every seq, signed once. */
const signed = new Map<number, Checkpoint>();

beforeAll(async () => {
  for (const entry of chain) {
    signed.set(
      entry.seq,
      await signCheckpoint(signer, 'k', { chain: 'main', seq: entry.seq, head: entry.hash, at: entry.at }),
    );
  }
});

const verify = (entries: AuditEntry[], seqs: number[]): ChainVerification => {
  const verifier = createAnchoredVerifier(
    seqs.map((s) => signed.get(s) as Checkpoint),
    key,
  );
  for (const entry of entries) verifier.push(entry);
  return verifier.result();
};

/** Rewrite `seq` and recompute every later hash and link, as someone with write access to the table could. */
const rewriteFrom = (entries: AuditEntry[], seq: number): AuditEntry[] => {
  const out = copy(entries);
  let prevHash = out[seq - 2]?.hash ?? '0'.repeat(64);
  for (const entry of out.slice(seq - 1)) {
    if (entry.seq === seq) entry.details = { ...entry.details, forged: true };
    entry.prevHash = prevHash;
    entry.hash = hashEntry(entry);
    prevHash = entry.hash;
  }
  return out;
};

const checkpointSeqs = fc.uniqueArray(fc.integer({ min: 1, max: LENGTH }), { minLength: 1, maxLength: 8 });

describe('the chain held against signed checkpoints', () => {
  it('pins any rewrite re-hashed to the end inside brokenBetween, starting after the last matching checkpoint (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: LENGTH }), checkpointSeqs, (seq, seqs) => {
        const result = verify(rewriteFrom(chain, seq), seqs);
        const covering = seqs.filter((s) => s >= seq);
        if (covering.length === 0) {
          // No checkpoint covers the rewrite yet: only the hash links speak, and they link up.
          expect(result.intact).toBe(true);
          return;
        }
        const lastGood = Math.max(0, ...seqs.filter((s) => s < seq));
        expect(result).toMatchObject({
          intact: false,
          reason: 'CHECKPOINT_MISMATCH',
          firstBrokenSeq: lastGood + 1,
          brokenBetween: [lastGood + 1, Math.min(...covering)],
          verifiedThroughSeq: lastGood,
        });
      }),
      { numRuns: 200 },
    );
  });

  it('reports a chain cut below a checkpoint as TRUNCATED at the first missing seq (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: LENGTH - 1 }), checkpointSeqs, (kept, seqs) => {
        const result = verify(chain.slice(0, kept), seqs);
        const beyond = seqs.filter((s) => s > kept);
        if (beyond.length === 0) return;
        expect(result).toMatchObject({
          intact: false,
          reason: 'TRUNCATED',
          firstBrokenSeq: kept + 1,
          brokenBetween: [kept + 1, Math.min(...beyond)],
        });
      }),
      { numRuns: 200 },
    );
  });

  it('does not take a checkpoint signed by another key, or outside the seal certificate’s validity', async () => {
    // Prepare
    const forged = await signCheckpoint(createCryptoSigner(), 'x', {
      chain: 'main',
      seq: 10,
      head: chain[9]?.hash ?? '',
      at: chain[9]?.at ?? '',
    });
    const late = { ...key, validTo: '2026-03-26T08:00:05.000Z' };
    // Act
    const forgedResult = createAnchoredVerifier([signed.get(4) as Checkpoint, forged], key);
    const lateResult = createAnchoredVerifier(
      [signed.get(4) as Checkpoint, signed.get(10) as Checkpoint],
      late,
    );
    for (const entry of chain) {
      forgedResult.push(entry);
      lateResult.push(entry);
    }
    // Assess
    for (const result of [forgedResult.result(), lateResult.result()]) {
      expect(result).toMatchObject({
        intact: false,
        reason: 'CHECKPOINT_INVALID',
        firstBrokenSeq: 5,
        brokenBetween: [5, 10],
      });
    }
  });

  it('is intact and says how far the checkpoints vouch for an untouched chain', () => {
    expect(verify(chain, [5, 20])).toMatchObject({
      intact: true,
      entries: LENGTH,
      verifiedThroughSeq: 20,
      checkpoints: 2,
    });
  });

  it('reads every checkpoint page by page and needs no seal key while there is none', async () => {
    // Prepare
    const audit = new MemoryAuditLog(new FixedClock());
    audit.entries.push(...copy(chain));
    const many = Array.from({ length: 1001 }, (_, i) => ({ ...(signed.get(1) as Checkpoint), seq: i + 1 }));
    const store = (all: Checkpoint[]) => ({
      list: async ({ afterSeq = 0, limit }: { afterSeq?: number; limit: number }) =>
        all.filter((c) => c.seq > afterSeq).slice(0, limit),
    });
    const noKey = async (): Promise<SealKey> => {
      throw new Error('not needed');
    };
    // Act
    const none = await verifyAuditTrail({ audit, checkpoints: store([]), sealKey: noKey });
    const paged = await verifyAuditTrail({ audit, checkpoints: store(many), sealKey: async () => key });
    // Assess
    expect(none).toMatchObject({ intact: true, entries: LENGTH, verifiedThroughSeq: 0, checkpoints: 0 });
    // Checkpoint 1 is genuine; 2 carries 1's signature over another statement.
    expect(paged).toMatchObject({ checkpoints: 1001, reason: 'CHECKPOINT_INVALID', brokenBetween: [2, 2] });
  });
});

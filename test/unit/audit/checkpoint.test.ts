import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AuditChainDivergedError,
  type CheckpointJobDependencies,
  checkpointPayload,
  runAuditCheckpoint,
  signCheckpoint,
  verifyCheckpointSignature,
} from '../../../functions/core/audit/checkpoint.js';
import { hashEntry } from '../../../functions/core/audit/entry-hash.js';
import type {
  Checkpoint,
  CheckpointListOptions,
  CheckpointStore,
} from '../../../functions/ports/checkpoint-store.js';
import type { SealSigner } from '../../../functions/ports/seal-signer.js';
import { FixedClock, MemoryAuditLog } from '../../support/fakes.js';
import { type CryptoSigner, createCryptoSigner } from '../pki/crypto-signer.js';
import { caseInput } from './chain-fixture.js';

/** Checkpoints in memory with the store's contract: one per seq, ascending lists. */
class MemoryCheckpointStore implements CheckpointStore {
  readonly items: Checkpoint[] = [];
  async put(checkpoint: Checkpoint): Promise<boolean> {
    if (this.items.some((c) => c.seq === checkpoint.seq)) return false;
    this.items.push(structuredClone(checkpoint));
    this.items.sort((a, b) => a.seq - b.seq);
    return true;
  }
  async latest(): Promise<Checkpoint | undefined> {
    return this.items.at(-1);
  }
  async list(options: CheckpointListOptions): Promise<Checkpoint[]> {
    const { afterSeq, limit } = options;
    if (afterSeq !== undefined) return this.items.filter((c) => c.seq > afterSeq).slice(0, limit);
    return this.items.slice(-limit);
  }
}

// Key generation dominates the run time: one RSA key for the whole file, counted per test by `countingSigner`.
let key: CryptoSigner;
beforeAll(() => {
  key = createCryptoSigner();
});

/** The shared key behind a fresh list of the digests it was asked to sign. */
const countingSigner = () => {
  const digests: Uint8Array[] = [];
  const signer: SealSigner = {
    algorithm: key.algorithm,
    publicKey: () => key.publicKey(),
    sign: (digest) => {
      digests.push(digest);
      return key.sign(digest);
    },
  };
  return { signer, digests, publicKeyObject: key.publicKeyObject };
};

const statement = { chain: 'main', seq: 7, head: 'ab'.repeat(32), at: '2026-03-26T09:05:00.000Z' };

describe('signCheckpoint and verifyCheckpointSignature', () => {
  let signer: ReturnType<typeof countingSigner>;
  let checkpoint: Checkpoint;

  beforeAll(async () => {
    signer = countingSigner();
    checkpoint = await signCheckpoint(signer.signer, 'alias/zhengzhao-seal', statement);
  });

  it('sends only the SHA-256 of the canonical statement to the signer', () => {
    const expected = createHash('sha256')
      .update(`{"at":"${statement.at}","chain":"main","head":"${statement.head}","seq":7}`)
      .digest();
    expect(signer.digests).toHaveLength(1);
    expect(Buffer.from(signer.digests[0] ?? new Uint8Array())).toEqual(expected);
  });

  it('records the statement, key id and algorithm with a signature any RSA verifier accepts', () => {
    expect(checkpoint).toMatchObject({ ...statement, keyId: 'alias/zhengzhao-seal' });
    expect(checkpoint.algorithm).toBe('RSASSA_PKCS1_V1_5_SHA_256');
    const signature = Buffer.from(checkpoint.signature, 'base64');
    expect(verify('sha256', checkpointPayload(statement), signer.publicKeyObject, signature)).toBe(true);
    expect(verifyCheckpointSignature(checkpoint, signer.publicKeyObject)).toBe(true);
  });

  it.each([
    ['seq', { seq: 8 }],
    ['head', { head: 'cd'.repeat(32) }],
    ['time', { at: '2026-03-26T09:05:00.001Z' }],
    ['chain', { chain: 'other' }],
    ['algorithm', { algorithm: 'RSASSA_PSS_SHA_256' }],
    ['unknown algorithm', { algorithm: 'HMAC_SHA_256' }],
    ['non-base64 signature', { signature: '!!not base64!!' }],
    ['empty signature', { signature: '' }],
  ])('rejects a checkpoint whose %s was changed after signing', (_what, change) => {
    expect(verifyCheckpointSignature({ ...checkpoint, ...change }, signer.publicKeyObject)).toBe(false);
  });

  it('rejects a signature with one bit flipped', () => {
    const bytes = Buffer.from(checkpoint.signature, 'base64');
    bytes[10] = (bytes[10] ?? 0) ^ 0x01;
    const flipped = { ...checkpoint, signature: bytes.toString('base64') };
    expect(verifyCheckpointSignature(flipped, signer.publicKeyObject)).toBe(false);
  });

  it('rejects the signature under another RSA key and under a key of another type', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    expect(verifyCheckpointSignature(checkpoint, other)).toBe(false);
    expect(verifyCheckpointSignature(checkpoint, ec)).toBe(false);
  });
});

describe('runAuditCheckpoint', () => {
  const setup = () => {
    const clock = new FixedClock('2026-03-26T08:00:00.000Z');
    const audit = new MemoryAuditLog(clock);
    const checkpoints = new MemoryCheckpointStore();
    const signer = countingSigner();
    const deps: CheckpointJobDependencies = { audit, checkpoints, signer: signer.signer, keyId: 'k1', clock };
    const append = async (count: number) => {
      for (let i = 0; i < count; i++) {
        clock.advance(1000);
        await audit.append([caseInput(audit.entries.length + 1)]);
      }
    };
    return { clock, audit, checkpoints, signer, deps, append };
  };
  const now = new Date('2026-03-26T09:05:00.000Z');

  it('does nothing for an empty chain', async () => {
    // Prepare
    const { deps, checkpoints, signer } = setup();
    // Act
    const result = await runAuditCheckpoint(deps, now);
    // Assess
    expect(result).toEqual({ created: false });
    expect(checkpoints.items).toHaveLength(0);
    expect(signer.digests).toHaveLength(0);
  });

  it('signs the head once: a second run at the same now stores and signs nothing', async () => {
    // Prepare
    const { deps, audit, checkpoints, signer, append } = setup();
    await append(5);
    // Act
    const first = await runAuditCheckpoint(deps, now);
    const second = await runAuditCheckpoint(deps, now);
    // Assess
    const head = audit.entries.at(-1);
    expect(first).toEqual({ created: true, seq: 5, head: head?.hash });
    expect(second).toEqual({ created: false, seq: 5, head: head?.hash });
    expect(checkpoints.items).toHaveLength(1);
    expect(signer.digests).toHaveLength(1);
    const [stored] = checkpoints.items;
    expect(stored).toMatchObject({ chain: 'main', seq: 5, at: now.toISOString(), keyId: 'k1' });
    expect(stored && verifyCheckpointSignature(stored, signer.publicKeyObject)).toBe(true);
  });

  it('signs a new checkpoint after more entries were appended', async () => {
    // Prepare
    const { deps, audit, checkpoints, append } = setup();
    await append(3);
    await runAuditCheckpoint(deps, now);
    await append(4);
    // Act
    const result = await runAuditCheckpoint(deps, new Date('2026-03-26T10:05:00.000Z'));
    // Assess
    expect(result).toEqual({ created: true, seq: 7, head: audit.entries.at(-1)?.hash });
    expect(checkpoints.items.map((c) => c.seq)).toEqual([3, 7]);
  });

  it('never dates a checkpoint before the entry it covers, even when now lags', async () => {
    // Prepare
    const { deps, audit, checkpoints, append } = setup();
    await append(2);
    // Act
    await runAuditCheckpoint(deps, new Date('2020-01-01T00:00:00.000Z'));
    // Assess
    expect(checkpoints.items[0]?.at).toBe(audit.entries.at(-1)?.at);
  });

  it('refuses to sign when the checkpointed head was rewritten', async () => {
    // Prepare
    const { deps, audit, checkpoints, append } = setup();
    await append(4);
    await runAuditCheckpoint(deps, now);
    const last = audit.entries[3];
    if (!last) throw new Error('fixture');
    last.details = { rewritten: true };
    last.hash = hashEntry(last);
    // Act
    const run = runAuditCheckpoint(deps, now);
    // Assess
    await expect(run).rejects.toBeInstanceOf(AuditChainDivergedError);
    await expect(run).rejects.toMatchObject({ code: 'AUDIT_CHAIN_DIVERGED', seq: 4 });
    expect(checkpoints.items).toHaveLength(1);
  });

  it('refuses to sign over an entry edited since the last checkpoint, naming its seq', async () => {
    // Prepare
    const { deps, audit, checkpoints, append, signer } = setup();
    await append(3);
    await runAuditCheckpoint(deps, now);
    await append(4);
    const edited = audit.entries[4];
    if (!edited) throw new Error('fixture');
    edited.details = { n: 999 };
    // Act
    const run = runAuditCheckpoint(deps, now);
    // Assess
    await expect(run).rejects.toMatchObject({ code: 'AUDIT_CHAIN_DIVERGED', seq: 5 });
    expect(checkpoints.items).toHaveLength(1);
    expect(signer.digests).toHaveLength(1);
  });

  it('refuses to sign the first checkpoint over a chain that does not verify from genesis', async () => {
    // Prepare
    const { deps, audit, checkpoints, append } = setup();
    await append(6);
    audit.entries.splice(2, 1);
    // Act
    const run = runAuditCheckpoint(deps, now);
    // Assess
    await expect(run).rejects.toMatchObject({ code: 'AUDIT_CHAIN_DIVERGED', seq: 3 });
    expect(checkpoints.items).toHaveLength(0);
  });

  it('detects a chain truncated below the latest checkpoint', async () => {
    // Prepare
    const { deps, audit, append } = setup();
    await append(5);
    await runAuditCheckpoint(deps, now);
    audit.entries.splice(3);
    // Act
    const run = runAuditCheckpoint(deps, now);
    // Assess
    await expect(run).rejects.toMatchObject({ code: 'AUDIT_CHAIN_DIVERGED', seq: 4 });
  });

  it('reports created: false when another run stored the checkpoint for the same head first', async () => {
    // Prepare
    const { deps, checkpoints, append } = setup();
    await append(2);
    const racing: CheckpointStore = {
      put: async () => false,
      latest: () => checkpoints.latest(),
      list: (options) => checkpoints.list(options),
    };
    // Act
    const result = await runAuditCheckpoint({ ...deps, checkpoints: racing }, now);
    // Assess
    expect(result).toMatchObject({ created: false, seq: 2 });
  });
});

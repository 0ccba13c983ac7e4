/**
 * Holding the audit chain against its signed checkpoints — the one rule the online check
 * (`GET /v1/audit/verification`) and the offline tool (`npm run audit:verify`) share. A hash chain alone cannot
 * show a suffix rewritten with every later hash recomputed, nor a cut-off head; a checkpoint signed with the
 * seal key pins the head at a moment, so:
 * - a genuine checkpoint whose seq the chain no longer reaches → `TRUNCATED` (first missing seq);
 * - a genuine checkpoint whose head differs from the chain's hash at its seq → `CHECKPOINT_MISMATCH`;
 * - a checkpoint whose signature (or signing time) does not verify → `CHECKPOINT_INVALID`.
 * A change can only be pinned to the entries after the last checkpoint that still matches, up to where the
 * break shows: that range is `brokenBetween`, and `firstBrokenSeq` names its start for checkpoint findings (the
 * earliest seq that can no longer be trusted) and the exact entry for breaks of the hash links themselves.
 */
import { type KeyObject, X509Certificate } from 'node:crypto';
import type { AuditEntry, AuditLog, ChainBreakReason, ChainVerification } from '../../ports/audit-log.js';
import type { Checkpoint, CheckpointStore } from '../../ports/checkpoint-store.js';
import { DomainError } from '../errors.js';
import { type ChainVerifier, createChainVerifier } from './chain-verifier.js';
import { verifyCheckpointSignature } from './checkpoint.js';

/** The seal certificate's key and validity: what a checkpoint's signature is checked with. */
export interface SealKey {
  publicKey: KeyObject;
  /** ISO 8601 UTC. */
  validFrom: string;
  validTo: string;
}

/** How one checkpoint compares with the stored chain. */
export type CheckpointFinding = 'MATCHES' | 'INVALID' | 'MISMATCH' | 'BEYOND_HEAD';

/** A checkpoint's finding at its seq. */
export interface JudgedCheckpoint {
  seq: number;
  finding: CheckpointFinding;
}

/** The seal key of a chain given as DER, seal certificate first. */
export function sealKeyOf(chainDer: readonly Uint8Array[]): SealKey {
  const [leafDer] = chainDer;
  if (!leafDer) throw new TypeError('the seal certificate chain is empty');
  const leaf = new X509Certificate(Buffer.from(leafDer));
  return {
    publicKey: leaf.publicKey,
    validFrom: new Date(leaf.validFrom).toISOString(),
    validTo: new Date(leaf.validTo).toISOString(),
  };
}

/** True when the checkpoint is signed by the seal key within the seal certificate's validity. */
export function isGenuineCheckpoint(checkpoint: Checkpoint, key: SealKey): boolean {
  if (checkpoint.at < key.validFrom || checkpoint.at > key.validTo) return false;
  return verifyCheckpointSignature(checkpoint, key.publicKey);
}

/**
 * Compare one checkpoint with the chain: `stored` is the entry at its seq (undefined when absent), `lastSeq`
 * the highest seq the chain has. A checkpoint signed before the entry it covers is not genuine either.
 */
export function judgeCheckpoint(
  checkpoint: Checkpoint,
  stored: { hash: string; at: string } | undefined,
  lastSeq: number,
  key: SealKey,
): CheckpointFinding {
  if (!isGenuineCheckpoint(checkpoint, key)) return 'INVALID';
  if (checkpoint.seq > lastSeq) return 'BEYOND_HEAD';
  if (!stored || stored.hash !== checkpoint.head) return 'MISMATCH';
  if (checkpoint.at < stored.at) return 'INVALID';
  return 'MATCHES';
}

const FINDING_REASONS: Record<Exclude<CheckpointFinding, 'MATCHES'>, ChainBreakReason> = {
  INVALID: 'CHECKPOINT_INVALID',
  MISMATCH: 'CHECKPOINT_MISMATCH',
  BEYOND_HEAD: 'TRUNCATED',
};

/**
 * The verdict of a hash-chain walk (`walk`) held against judged checkpoints: the earliest break either shows,
 * pinned as the module comment says. `lastSeq` is the highest seq the chain has (0 when empty).
 */
export function pinFirstBreak(
  walk: ChainVerification,
  checkpoints: readonly JudgedCheckpoint[],
  lastSeq: number,
): ChainVerification {
  const walkBreak = walk.intact ? Number.POSITIVE_INFINITY : (walk.firstBrokenSeq ?? 1);
  const sorted = [...checkpoints].sort((a, b) => a.seq - b.seq);
  let good = 0;
  let pinned: Pick<ChainVerification, 'firstBrokenSeq' | 'reason' | 'brokenBetween'> | undefined;
  for (const { seq, finding } of sorted) {
    // At and beyond a broken link the walk's own finding is the tighter one.
    if (seq >= walkBreak) break;
    if (finding === 'MATCHES') {
      good = seq;
      continue;
    }
    const first = finding === 'BEYOND_HEAD' ? lastSeq + 1 : good + 1;
    pinned = { firstBrokenSeq: first, reason: FINDING_REASONS[finding], brokenBetween: [first, seq] };
    break;
  }
  const base = { ...walk, verifiedThroughSeq: good, checkpoints: checkpoints.length };
  if (pinned) return { ...base, intact: false, ...pinned };
  if (walk.intact) return base;
  return { ...base, brokenBetween: [good + 1, walkBreak] };
}

/**
 * A chain verifier that also holds the chain against `checkpoints` (any order), each judged with `key`.
 * Keeps only the hashes at the checkpoints' seqs, so a store can stream its whole log through it.
 */
export function createAnchoredVerifier(checkpoints: readonly Checkpoint[], key: SealKey): ChainVerifier {
  const inner = createChainVerifier();
  const wanted = new Set(checkpoints.map((c) => c.seq));
  const stored = new Map<number, { hash: string; at: string }>();
  let lastSeq = 0;
  const note = (seq: number, hash: string, at: string) => {
    if (Number.isSafeInteger(seq)) lastSeq = Math.max(lastSeq, seq);
    // The first item stored at a seq is the one the walk judged; a duplicate cannot replace it.
    if (wanted.has(seq) && !stored.has(seq)) stored.set(seq, { hash, at });
  };
  return {
    push(entry: AuditEntry) {
      inner.push(entry);
      note(entry.seq, entry.hash, entry.at);
    },
    pushMalformed(seq, storedHash = '') {
      inner.pushMalformed(seq, storedHash);
      note(seq, storedHash, '');
    },
    result() {
      const judged = checkpoints.map((c) => ({
        seq: c.seq,
        finding: judgeCheckpoint(c, stored.get(c.seq), lastSeq, key),
      }));
      return pinFirstBreak(inner.result(), judged, lastSeq);
    },
  };
}

/** What the online verification reads. */
export interface AuditTrailVerificationDependencies {
  audit: Pick<AuditLog, 'verifyChain'>;
  checkpoints: Pick<CheckpointStore, 'list'>;
  /** The seal key the checkpoints are signed with (from the published seal certificate chain). */
  sealKey: () => Promise<SealKey>;
}

/** Checkpoints read per `list` call. */
const CHECKPOINT_PAGE = 1000;

/**
 * `GET /v1/audit/verification`: walk the whole chain and hold it against every signed checkpoint. The
 * checkpoints are read before the walk: the chain only grows, so each of them covers a seq the walk reaches
 * unless the chain was cut. 503 `AUDIT_VERIFICATION_UNAVAILABLE` when checkpoints exist but the seal
 * certificate cannot be read (a verdict without their signatures would vouch for nothing).
 */
export async function verifyAuditTrail(deps: AuditTrailVerificationDependencies): Promise<ChainVerification> {
  const checkpoints: Checkpoint[] = [];
  for (let afterSeq = 0; ; ) {
    const page = await deps.checkpoints.list({ afterSeq, limit: CHECKPOINT_PAGE });
    checkpoints.push(...page);
    const last = page.at(-1);
    if (!last || page.length < CHECKPOINT_PAGE) break;
    afterSeq = last.seq;
  }
  if (checkpoints.length === 0) {
    return { ...(await deps.audit.verifyChain()), verifiedThroughSeq: 0, checkpoints: 0 };
  }
  let key: SealKey;
  try {
    key = await deps.sealKey();
  } catch (error) {
    throw new DomainError(
      'UNAVAILABLE',
      'AUDIT_VERIFICATION_UNAVAILABLE',
      '无法读取印章证书，暂不能核对审计检查点',
      'The seal certificate cannot be read, so the audit checkpoints cannot be checked now',
      { cause: error, retryAfterSeconds: 30 },
    );
  }
  return deps.audit.verifyChain(createAnchoredVerifier(checkpoints, key));
}

/**
 * Signed checkpoints of the audit chain head (the `audit-checkpoint` job). A hash chain only shows that
 * entries link up; whoever can write the table can rewrite a suffix and recompute every hash. A checkpoint
 * signed with the seal key (in KMS) pins the head at a moment, so a later rewrite of anything up to it shows
 * in an offline check against the checkpoint and the seal certificate.
 */
import { constants, createHash, type KeyObject, verify } from 'node:crypto';
import type { AuditEntry, AuditLog } from '../../ports/audit-log.js';
import type { Checkpoint, CheckpointStore } from '../../ports/checkpoint-store.js';
import type { Clock } from '../../ports/clock.js';
import type { SealSigner } from '../../ports/seal-signer.js';
import { DomainError } from '../errors.js';
import { canonicalJson } from './canonical-json.js';
import { createChainVerifier } from './chain-verifier.js';
import { hashEntry } from './entry-hash.js';

/** The signed part of a checkpoint. */
export type CheckpointStatement = Pick<Checkpoint, 'chain' | 'seq' | 'head' | 'at'>;

/** The audited chain of the application. */
export const MAIN_CHAIN = 'main';

/** Entries read per `listRange` call while checking the chain before signing. */
const PAGE_SIZE = 500;

/**
 * The chain changed under an existing checkpoint, or does not verify since it: nothing is signed, because a
 * checkpoint over a rewritten chain would vouch for the rewrite. Needs a person (HTTP 409 if ever surfaced).
 */
export class AuditChainDivergedError extends DomainError {
  constructor(
    readonly seq: number,
    problemZh: string,
    problemEn: string,
  ) {
    super(
      'CONFLICT',
      'AUDIT_CHAIN_DIVERGED',
      `审计链在第 ${seq} 条处与已签名状态不一致：${problemZh}`,
      `The audit chain diverges from its signed state at seq ${seq}: ${problemEn}`,
      { details: { seq } },
    );
    this.name = 'AuditChainDivergedError';
  }
}

/** The bytes whose SHA-256 is signed: the canonical JSON of `{at, chain, head, seq}` (UTF-8). */
export function checkpointPayload(statement: CheckpointStatement): Buffer {
  const { chain, seq, head, at } = statement;
  return Buffer.from(canonicalJson({ chain, seq, head, at }), 'utf8');
}

/** Sign a statement with the seal key; only its SHA-256 goes to the signer. */
export async function signCheckpoint(
  signer: SealSigner,
  keyId: string,
  statement: CheckpointStatement,
): Promise<Checkpoint> {
  const digest = new Uint8Array(createHash('sha256').update(checkpointPayload(statement)).digest());
  const signature = await signer.sign(digest);
  const { chain, seq, head, at } = statement;
  return {
    chain,
    seq,
    head,
    at,
    keyId,
    algorithm: signer.algorithm,
    signature: Buffer.from(signature).toString('base64'),
  };
}

/**
 * True when `checkpoint.signature` is a valid signature of its statement under `publicKey` with its
 * `algorithm` (the KMS algorithms a seal key can have). False for anything else, including unknown
 * algorithms and keys of the wrong type — a verifier must never throw on hostile input.
 */
export function verifyCheckpointSignature(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  const signature = Buffer.from(checkpoint.signature, 'base64');
  // Base64 decoding skips junk silently; the round trip rejects a signature that is not canonical base64.
  if (signature.length === 0 || signature.toString('base64') !== checkpoint.signature) return false;
  const payload = checkpointPayload(checkpoint);
  try {
    switch (checkpoint.algorithm) {
      case 'RSASSA_PKCS1_V1_5_SHA_256':
        return verify('sha256', payload, { key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
      case 'RSASSA_PSS_SHA_256':
        // KMS uses a salt as long as the digest.
        return verify(
          'sha256',
          payload,
          { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
          signature,
        );
      case 'ECDSA_SHA_256':
        return verify('sha256', payload, { key: publicKey, dsaEncoding: 'der' }, signature);
      default:
        return false;
    }
  } catch {
    return false;
  }
}

/** What the checkpoint job needs. */
export interface CheckpointJobDependencies {
  audit: Pick<AuditLog, 'head' | 'listRange'>;
  checkpoints: CheckpointStore;
  signer: SealSigner;
  /** The seal key's id, recorded in each checkpoint. */
  keyId: string;
  clock: Clock;
  /** @default 'main' */
  chain?: string;
}

/** What one run did: `created` when it stored a checkpoint; `seq`/`head` of the checkpoint covering the head. */
export interface CheckpointJobResult {
  created: boolean;
  seq?: number;
  head?: string;
}

/**
 * Sign the current chain head, once per head. Idempotent: when the latest checkpoint already covers the head
 * (or the chain is empty) nothing is signed or stored, so a rerun at the same `now` does nothing. Before
 * signing, the entries since the latest checkpoint (or the whole chain, for the first one) are verified to
 * extend it; otherwise `AuditChainDivergedError`. `at` never precedes the head entry's time or the latest
 * checkpoint's, so times stay ordered even when `now` lags (local runs "as if at now").
 */
export async function runAuditCheckpoint(
  deps: CheckpointJobDependencies,
  now: Date = deps.clock.now(),
): Promise<CheckpointJobResult> {
  const chain = deps.chain ?? MAIN_CHAIN;
  // The checkpoint is read before the head: the head only grows, so a checkpoint beyond it means truncation.
  const latest = await deps.checkpoints.latest();
  const head = await deps.audit.head();
  if (!head) {
    if (latest) throw new AuditChainDivergedError(1, '审计链为空，但存在检查点', 'the chain is empty');
    return { created: false };
  }
  if (latest && latest.seq >= head.seq) {
    if (latest.seq > head.seq || latest.head !== head.hash) {
      throw new AuditChainDivergedError(
        Math.min(latest.seq, head.seq + 1),
        '链头与检查点不符',
        'the head does not match the latest checkpoint',
      );
    }
    return { created: false, seq: latest.seq, head: latest.head };
  }
  const last = await verifyUpTo(deps.audit, latest, head.seq);
  // ISO instants sort chronologically as strings.
  const at = [now.toISOString(), last.at, latest?.at ?? ''].sort().at(-1) ?? now.toISOString();
  const checkpoint = await signCheckpoint(deps.signer, deps.keyId, {
    chain,
    seq: last.seq,
    head: last.hash,
    at,
  });
  const created = await deps.checkpoints.put(checkpoint);
  return { created, seq: checkpoint.seq, head: checkpoint.head };
}

/** Walk the entries after `from` (or from genesis) up to `toSeq`; returns the entry at `toSeq`. */
async function verifyUpTo(
  audit: Pick<AuditLog, 'listRange'>,
  from: Checkpoint | undefined,
  toSeq: number,
): Promise<AuditEntry> {
  const check = from ? linkChecker(from) : genesisChecker();
  let next = from ? from.seq : 1;
  let last: AuditEntry | undefined;
  while (next <= toSeq) {
    const page = await audit.listRange(next, Math.min(PAGE_SIZE, toSeq - next + 1));
    if (page.length === 0) break;
    for (const entry of page) {
      if (entry.seq > toSeq) break;
      check(entry);
      last = entry;
    }
    next = (page.at(-1)?.seq ?? toSeq) + 1;
  }
  if (!last || last.seq !== toSeq) {
    throw new AuditChainDivergedError((last?.seq ?? 0) + 1, '条目缺失', 'entries are missing');
  }
  return last;
}

function genesisChecker(): (entry: AuditEntry) => void {
  const verifier = createChainVerifier();
  return (entry) => {
    verifier.push(entry);
    const result = verifier.result();
    if (!result.intact) {
      throw new AuditChainDivergedError(
        result.firstBrokenSeq ?? entry.seq,
        `链校验失败（${result.reason}）`,
        `the chain does not verify (${result.reason})`,
      );
    }
  };
}

// The same checks as the chain verifier, but anchored at a signed checkpoint instead of the genesis hash,
// so an hourly run reads only the entries appended since the previous checkpoint.
function linkChecker(from: Checkpoint): (entry: AuditEntry) => void {
  let previous: AuditEntry | undefined;
  return (entry) => {
    const fail = (zh: string, en: string) => {
      throw new AuditChainDivergedError(entry.seq, zh, en);
    };
    if (!previous) {
      if (entry.seq !== from.seq || entry.hash !== from.head || hashEntry(entry) !== entry.hash) {
        fail('已签名的条目被改动', 'the checkpointed entry was changed');
      }
    } else {
      if (entry.seq !== previous.seq + 1) fail('序号不连续', 'seqs are not consecutive');
      if (hashEntry(entry) !== entry.hash) fail('条目内容与哈希不符', 'the entry does not match its hash');
      if (entry.prevHash !== previous.hash) fail('未链接到前一条', 'it does not link to the entry before');
      if (entry.at < previous.at) fail('时间倒流', 'its time is before the previous entry');
    }
    previous = entry;
  };
}

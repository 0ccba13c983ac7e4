/**
 * Offline verification of an exported audit log (`GET /v1/audit/export`, NDJSON): no network, no AWS — only
 * the export itself. Line 1 carries the seal certificate chain, then every entry in seq order, then every
 * checkpoint. The hash chain shows the entries link up from the genesis hash; the checkpoints, signed with
 * the seal key, show that the chain up to each of them is the one the service had at the time. Which root to
 * trust is the reader's decision: pass its fingerprint, or compare the one reported with the published one.
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { AuditEntry, ChainBreakReason, ChainVerification } from '../../ports/audit-log.js';
import type { Checkpoint } from '../../ports/checkpoint-store.js';
import { isDomainError } from '../errors.js';
import { fromPem } from '../pki/pem.js';
import { importSealChain } from '../pki/seal-chain.js';
import { createChainVerifier, isIsoInstant } from './chain-verifier.js';
import { verifyCheckpointSignature } from './checkpoint.js';
import {
  type CheckpointFinding,
  type JudgedCheckpoint,
  pinFirstBreak,
  type SealKey,
} from './checkpoint-anchor.js';

/** Media type of the export. */
export const AUDIT_EXPORT_MEDIA_TYPE = 'application/x-ndjson';

/** One line of the export. */
export type AuditExportLine =
  | { type: 'seal-chain'; pem: string }
  | ({ type: 'entry' } & AuditEntry)
  | ({ type: 'checkpoint' } & Checkpoint);

/** Options of `verifyAuditExport`. */
export interface VerifyAuditExportOptions {
  /** SHA-256 of the trusted root certificate (hex, colons and case ignored); without it any root is reported. */
  trustedRootSha256?: string;
}

/** The verdict over an export. Problems and warnings are bilingual (Chinese / English). */
export interface AuditExportVerification {
  ok: boolean;
  /** Entry lines read. */
  entries: number;
  /** Checkpoint lines read. */
  checkpoints: number;
  /**
   * The first seq that cannot be trusted: the broken entry, the first missing one, or — when only a
   * checkpoint shows the change — the seq after the last checkpoint that still matches.
   */
  firstBadSeq?: number;
  /** Where the first change lies (inclusive), as the hash links and the checkpoints pin it. */
  brokenBetween?: [number, number];
  /** Why, as `GET /v1/audit/verification` says it (`CHECKPOINT_MISMATCH`, `TRUNCATED`, …). */
  reason?: ChainBreakReason;
  problems: string[];
  /** Not failures: e.g. entries appended after the last checkpoint are only hash-linked. */
  warnings: string[];
  /** Entries 1 … this seq are covered by a valid checkpoint that matches them (0: none). */
  verifiedThroughSeq: number;
  /** SHA-256 of the export's root certificate, lower-case hex, to compare with the published one. */
  rootSha256?: string;
}

interface Problem {
  seq?: number;
  zh: string;
  en: string;
}

const BREAK_REASONS: Record<ChainBreakReason, [string, string]> = {
  UNEXPECTED_SEQUENCE: ['条目缺失或顺序错乱', 'an entry is missing or out of order'],
  ENTRY_HASH_MISMATCH: ['条目内容与其哈希不符（被改动）', 'the entry does not match its hash (edited)'],
  PREVIOUS_HASH_MISMATCH: [
    '未链接到前一条（前一条连同哈希被改写）',
    'it does not link to the entry before (that one was rewritten with its hash)',
  ],
  TIME_REVERSED: ['时间早于前一条', 'its time is before the previous entry'],
  MALFORMED_ENTRY: ['条目格式无效', 'the entry is malformed'],
  // The walk of the hash links alone never gives these; they come from the checkpoints (checkCheckpoints).
  CHECKPOINT_MISMATCH: ['与检查点不符', 'it does not match the checkpoint'],
  CHECKPOINT_INVALID: ['检查点无效', 'the checkpoint is not valid'],
  TRUNCATED: ['链被截断', 'the chain was truncated'],
};

const HEX64 = /^[0-9a-f]{64}$/;

/** What one pass over the lines collects. */
interface ReadExport {
  sealChainPem?: string;
  chain: ChainVerification;
  entries: Map<number, { hash: string; at: string }>;
  checkpoints: Checkpoint[];
  /** The highest seq of any entry line. */
  lastSeq: number;
}

/** Verify an export given as its lines (blank lines are ignored); see the module comment. */
export function verifyAuditExport(
  lines: readonly string[],
  options: VerifyAuditExportOptions = {},
): AuditExportVerification {
  const problems: Problem[] = [];
  const read = readExport(lines, problems);
  const { chain, checkpoints, lastSeq } = read;
  if (!chain.intact && chain.firstBrokenSeq !== undefined) {
    const seq = chain.firstBrokenSeq;
    const [zh, en] = BREAK_REASONS[chain.reason ?? 'MALFORMED_ENTRY'];
    problems.push({ seq, zh: `第 ${seq} 条：${zh}`, en: `seq ${seq}: ${en}` });
  }
  const seal = readSealChain(read.sealChainPem, options, problems);
  const judged = checkCheckpoints(checkpoints, read.entries, lastSeq, seal?.key, problems);
  // The same pinning as the online check (GET /v1/audit/verification), so both name the same seqs.
  const pinned = pinFirstBreak(chain, judged, lastSeq);
  const verifiedThroughSeq = seal ? (pinned.verifiedThroughSeq ?? 0) : 0;
  const warnings: string[] = [];
  if (checkpoints.length === 0 && chain.entries > 0) {
    problems.push({
      zh: '导出中没有检查点，无任何签名可依',
      en: 'the export has no checkpoint: nothing is signed',
    });
  } else if (problems.length === 0 && lastSeq > verifiedThroughSeq) {
    warnings.push(
      `第 ${verifiedThroughSeq + 1}–${lastSeq} 条尚无检查点，仅有哈希链接 / ` +
        `seq ${verifiedThroughSeq + 1}–${lastSeq} are not yet covered by a checkpoint (hash-linked only)`,
    );
  }
  const broken = pinned.intact ? {} : { firstBadSeq: pinned.firstBrokenSeq ?? 1 };
  return {
    ok: problems.length === 0,
    entries: chain.entries,
    checkpoints: checkpoints.length,
    ...broken,
    ...(pinned.brokenBetween ? { brokenBetween: pinned.brokenBetween } : {}),
    ...(pinned.reason ? { reason: pinned.reason } : {}),
    problems: problems.map((p) => `${p.zh} / ${p.en}`),
    warnings,
    verifiedThroughSeq,
    ...(seal ? { rootSha256: seal.rootSha256 } : {}),
  };
}

/** One pass: the seal chain (first line only), entries through the chain verifier, checkpoints collected. */
function readExport(lines: readonly string[], problems: Problem[]): ReadExport {
  const verifier = createChainVerifier();
  const read: Omit<ReadExport, 'chain'> = { entries: new Map(), checkpoints: [], lastSeq: 0 };
  let lineCount = 0;
  lines.forEach((text, index) => {
    if (text.trim() === '') return;
    lineCount += 1;
    const value = parseLine(text);
    const checkpoint = value?.type === 'checkpoint' ? toCheckpoint(value) : undefined;
    if (value?.type === 'seal-chain' && lineCount === 1 && typeof value.pem === 'string') {
      read.sealChainPem = value.pem;
    } else if (value?.type === 'entry') {
      // A malformed entry still takes a place in the sequence, so the verifier reports it where it stands.
      const seq = Number.isSafeInteger(value.seq) ? Number(value.seq) : read.lastSeq + 1;
      read.lastSeq = Math.max(read.lastSeq, seq);
      const entry = toEntry(value);
      if (!entry) verifier.pushMalformed(seq, typeof value.hash === 'string' ? value.hash : '');
      else {
        verifier.push(entry);
        if (!read.entries.has(entry.seq)) read.entries.set(entry.seq, { hash: entry.hash, at: entry.at });
      }
    } else if (checkpoint) {
      read.checkpoints.push(checkpoint);
    } else {
      problems.push({ zh: `第 ${index + 1} 行无法识别`, en: `line ${index + 1} is not a valid export line` });
    }
  });
  return { ...read, chain: verifier.result() };
}

/**
 * Each checkpoint's order, signature and signing time (when the seal chain is usable), and its match with the
 * entry it covers; records a problem for each failure and returns the findings to pin the first break with.
 */
function checkCheckpoints(
  checkpoints: readonly Checkpoint[],
  entries: ReadonlyMap<number, { hash: string; at: string }>,
  lastSeq: number,
  seal: SealKey | undefined,
  problems: Problem[],
): JudgedCheckpoint[] {
  let previousSeq = 0;
  let goodThrough = 0;
  return checkpoints.map((checkpoint) => {
    const { seq } = checkpoint;
    const add = (zh: string, en: string) =>
      problems.push({ seq, zh: `第 ${seq} 条的检查点：${zh}`, en: `checkpoint at seq ${seq}: ${en}` });
    let finding: CheckpointFinding = 'MATCHES';
    const fail = (as: CheckpointFinding, zh: string, en: string) => {
      if (finding === 'MATCHES' || as === 'INVALID') finding = as;
      add(zh, en);
    };
    if (seq <= previousSeq) fail('INVALID', '检查点顺序错乱或重复', 'checkpoints out of order or repeated');
    previousSeq = Math.max(previousSeq, seq);
    if (seal && !verifyCheckpointSignature(checkpoint, seal.publicKey)) {
      fail(
        'INVALID',
        '签名无效（不是印章证书的密钥所签）',
        'the signature does not verify under the seal certificate',
      );
    }
    if (seal && (checkpoint.at < seal.validFrom || checkpoint.at > seal.validTo)) {
      fail('INVALID', '签署时间不在印章证书有效期内', 'signed outside the seal certificate’s validity');
    }
    const entry = entries.get(seq);
    if (seq > lastSeq) {
      fail('BEYOND_HEAD', `导出在第 ${lastSeq} 条处截断`, `the export is truncated after seq ${lastSeq}`);
    } else if (!entry || entry.hash !== checkpoint.head) {
      fail(
        'MISMATCH',
        `与条目不符：第 ${goodThrough + 1}–${seq} 条中有条目被改写`,
        `does not match the entry: entries ${goodThrough + 1}–${seq} were rewritten`,
      );
    } else if (checkpoint.at < entry.at) {
      fail('INVALID', '签署时间早于所涵盖的条目', 'signed before the entry it covers');
    }
    if (finding === 'MATCHES' && seal) goodThrough = Math.max(goodThrough, seq);
    return { seq, finding };
  });
}

/** Parse and check the seal chain; records problems and returns the seal key, or undefined. */
function readSealChain(
  pem: string | undefined,
  options: VerifyAuditExportOptions,
  problems: Problem[],
): { key: SealKey; rootSha256: string } | undefined {
  if (pem === undefined) {
    problems.push({ zh: '第一行不是印章证书链', en: 'the first line is not the seal certificate chain' });
    return undefined;
  }
  try {
    const [leafDer] = fromPem('CERTIFICATE', pem);
    if (!leafDer) throw new TypeError('empty chain');
    const leaf = new X509Certificate(Buffer.from(leafDer));
    // The chain's own checks (each link signed by the next, ending at a self-signed CA); the leaf's key is
    // taken from the chain, so what is trusted is decided by the root below.
    const chain = importSealChain(
      pem,
      new Uint8Array(leaf.publicKey.export({ type: 'spki', format: 'der' })),
    );
    const rootDer = chain.at(-1) ?? leafDer;
    const rootSha256 = createHash('sha256').update(rootDer).digest('hex');
    if (chain.length < 2) {
      problems.push({ zh: '证书链缺少根证书', en: 'the chain has no root above the seal certificate' });
      return undefined;
    }
    const trusted = options.trustedRootSha256?.replace(/:/g, '').toLowerCase();
    if (trusted !== undefined && trusted !== rootSha256) {
      problems.push({ zh: '根证书不是所信任的根', en: 'the root certificate is not the trusted root' });
      return undefined;
    }
    const key = {
      publicKey: leaf.publicKey,
      validFrom: new Date(leaf.validFrom).toISOString(),
      validTo: new Date(leaf.validTo).toISOString(),
    };
    return { key, rootSha256 };
  } catch (error) {
    const [zh, en] = isDomainError(error)
      ? [error.messageZh, error.messageEn]
      : ['无法解析', 'it cannot be parsed'];
    problems.push({ zh: `印章证书链无效：${zh}`, en: `invalid seal chain: ${en}` });
    return undefined;
  }
}

function parseLine(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function toEntry(value: Record<string, unknown>): AuditEntry | undefined {
  const { seq, at, actor, action, subject, details, prevHash, hash } = value;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq)) return undefined;
  const strings = [at, actor, action, subject, prevHash, hash];
  if (!strings.every((s): s is string => typeof s === 'string')) return undefined;
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return undefined;
  return {
    seq,
    at: at as string,
    actor: actor as string,
    action: action as string,
    subject: subject as string,
    details: details as Record<string, unknown>,
    prevHash: prevHash as string,
    hash: hash as string,
  };
}

function toCheckpoint(value: Record<string, unknown>): Checkpoint | undefined {
  const { chain, seq, head, at, keyId, algorithm, signature } = value;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return undefined;
  if (typeof head !== 'string' || !HEX64.test(head)) return undefined;
  if (typeof at !== 'string' || !isIsoInstant(at)) return undefined;
  const strings = [chain, keyId, algorithm, signature];
  if (!strings.every((s): s is string => typeof s === 'string')) return undefined;
  return {
    chain: chain as string,
    seq,
    head,
    at,
    keyId: keyId as string,
    algorithm: algorithm as string,
    signature: signature as string,
  };
}

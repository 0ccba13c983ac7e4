/**
 * Verification of a licence — first a ledger question (is this exact file, or this id + code, a licence in
 * force?), then a cryptographic one for uploads (the PAdES signature is ours and covers the whole file).
 * Only allow-listed, masked fields ever leave here: verification is public.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { CaseStore } from '../../ports/case-store.js';
import type { Clock } from '../../ports/clock.js';
import type { Ledger } from '../../ports/ledger.js';
import {
  type SignatureCheck,
  type SignatureReport,
  type TrustedIssuer,
  verifyPdfSignature,
} from '../verification/index.js';
import { resolveCertificate, resolveRecord } from './certificate-service.js';
import { publicHolderName } from './holder.js';
import { isStoredVersion } from './licence-versions.js';
import type { CertificateRecord } from './model.js';
import { effectiveStatus, type PublicStatus, validFromInstant } from './view.js';

/** Every verdict a verification can give, most reassuring first. */
export const VERDICTS = [
  'VALID',
  'VALID_OTHER_ISSUER',
  'NOT_YET_VALID',
  'REVOKED',
  'EXPIRED',
  'SUSPENDED',
  'SUPERSEDED',
  'TAMPERED',
  'UNKNOWN_SIGNER',
  'NOT_SIGNED',
  'NOT_FOUND',
  'MALFORMED',
] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface Reason {
  code: string;
  message: string;
}

/** The API's `Verification`. */
export interface Verification {
  verdict: Verdict;
  checkedAt: string;
  certificate?: {
    certificateId: string;
    number: string;
    type: string;
    holderMasked: string;
    issuer: string;
    issuedAt: string;
    /** First day in force (Asia/Shanghai); a verdict NOT_YET_VALID says when it starts. */
    validFrom: string;
    validUntil: string;
    status: PublicStatus;
    revokedAt?: string;
    revocationReason?: string;
    /** For SUPERSEDED: the number of the licence that replaced this one. */
    supersededByNumber?: string;
  };
  signature?: SignatureCheck['signature'];
  /** Every signature of an uploaded file, each over its own revision (additive, issue 15). */
  signatures?: SignatureReport[];
  reasons: Reason[];
}

export interface VerificationDependencies {
  ledger: Ledger;
  cases: CaseStore;
  clock: Clock;
  /** DER root certificates of the seal chain. */
  trustRoots: () => Promise<Uint8Array[]>;
  /** Other issuers whose intact documents are VALID_OTHER_ISSUER (data, like the catalogue). */
  trustedIssuers?: readonly TrustedIssuer[];
  /** Largest upload verified. @default 10 MiB */
  maxBytes?: number;
}

const reason = (code: string, zh: string, en: string): Reason => ({ code, message: `${zh} / ${en}` });

const notFound = (): Reason =>
  reason('NOT_FOUND', '未找到该证照，或核验码不正确', 'No such licence, or the verification code is wrong');

export function summary(record: CertificateRecord, now: Date): NonNullable<Verification['certificate']> {
  return {
    certificateId: record.certificateId,
    number: record.number,
    type: record.typeName,
    holderMasked: publicHolderName(record.holder),
    issuer: record.issuer,
    issuedAt: record.issuedAt,
    validFrom: record.validFrom,
    validUntil: record.validUntil,
    status: effectiveStatus(record, now),
    ...(record.revokedAt ? { revokedAt: record.revokedAt } : {}),
    ...(record.revocationReason ? { revocationReason: record.revocationReason } : {}),
    ...(record.supersededByNumber ? { supersededByNumber: record.supersededByNumber } : {}),
  };
}

export function statusVerdict(record: CertificateRecord, now: Date): { verdict: Verdict; reasons: Reason[] } {
  const status = effectiveStatus(record, now);
  if (status === 'REVOKED') {
    return {
      verdict: 'REVOKED',
      reasons: [
        reason(
          'REVOKED',
          `该证照已于${record.revokedAt?.slice(0, 10) ?? ''}被撤销`,
          'This licence has been revoked',
        ),
      ],
    };
  }
  if (status === 'SUSPENDED') {
    return {
      verdict: 'SUSPENDED',
      reasons: [
        reason('SUSPENDED', '该证照已被暂停使用，暂不具有效力', 'This licence is suspended and not in force'),
      ],
    };
  }
  if (status === 'SUPERSEDED') {
    return {
      verdict: 'SUPERSEDED',
      reasons: [
        reason(
          'SUPERSEDED',
          `该证照已被换发的新证照（${record.supersededByNumber ?? ''}）取代`,
          `This licence was replaced by licence ${record.supersededByNumber ?? ''}`,
        ),
      ],
    };
  }
  if (status === 'EXPIRED') {
    return {
      verdict: 'EXPIRED',
      reasons: [
        reason(
          'EXPIRED',
          `该证照已于${record.validUntil}到期`,
          `This licence expired on ${record.validUntil}`,
        ),
      ],
    };
  }
  // Genuine but not in force before the first minute of `validFrom` in Shanghai: never "真实有效" yet.
  if (now.getTime() < validFromInstant(record.validFrom).getTime()) {
    return {
      verdict: 'NOT_YET_VALID',
      reasons: [
        reason(
          'NOT_YET_VALID',
          `该证照自${record.validFrom}起生效，目前尚未生效`,
          `This licence is in force from ${record.validFrom}; it is not in force yet`,
        ),
      ],
    };
  }
  return {
    verdict: 'VALID',
    reasons: [reason('VALID', '证照真实有效', 'The licence is authentic and in force')],
  };
}

const sameCode = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The QR code path: id + verification code. A wrong id and a wrong code give the same answer. */
export async function verifyByCode(
  deps: VerificationDependencies,
  certificateId: string,
  code: string,
): Promise<Verification> {
  const now = deps.clock.now();
  const checkedAt = now.toISOString();
  const record = certificateId.length <= 64 ? await resolveCertificate(deps, certificateId) : undefined;
  if (!record || !sameCode(record.verificationCode, code))
    return { verdict: 'NOT_FOUND', checkedAt, reasons: [notFound()] };
  return { checkedAt, certificate: summary(record, now), ...statusVerdict(record, now) };
}

// Every licence names itself in its XMP packet (uncompressed, see licence/render/xmp.ts).
const DOCUMENT_ID = Buffer.from('<xmpMM:DocumentID>urn:zhengzhao:certificate:', 'latin1');

/** The certificate id a file claims to be, from its XMP; only a hint (the ledger's SHA-256 decides). */
export function claimedCertificateId(bytes: Uint8Array): string | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = buffer.indexOf(DOCUMENT_ID);
  if (at < 0) return undefined;
  const start = at + DOCUMENT_ID.length;
  const end = buffer.indexOf(0x3c /* < */, start);
  const id = end > start && end - start <= 64 ? buffer.toString('latin1', start, end) : '';
  return /^[0-9A-Za-z_-]+$/.test(id) ? id : undefined;
}

/**
 * The ledger record of exactly this file: one consistent read by the id the file claims, checked against the
 * file's SHA-256; only a file that claims no id, or another one, costs the query of the SHA-256 index.
 */
async function ledgerRecordOf(
  deps: VerificationDependencies,
  bytes: Uint8Array,
): Promise<CertificateRecord | undefined> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const claimed = claimedCertificateId(bytes);
  const byId = claimed ? await deps.ledger.get(claimed) : undefined;
  // Any stored version of the licence (the issued file, or a later B-LTA version of it) is the licence.
  const found = byId && isStoredVersion(byId, sha256) ? byId : await deps.ledger.findBySha256(sha256);
  return found ? resolveRecord(deps, found) : undefined;
}

/** The upload path: the signature must be ours and cover the whole file, and the file must be in the ledger. */
export async function verifyUpload(deps: VerificationDependencies, bytes: Uint8Array): Promise<Verification> {
  const now = deps.clock.now();
  const checkedAt = now.toISOString();
  const maxBytes = deps.maxBytes ?? 10 * 1024 * 1024;
  // The ledger question runs while the signature is checked. The check is synchronous work, so the read is
  // first let out onto the wire (one turn of the event loop), then the two overlap.
  const lookup =
    bytes.byteLength > 0 && bytes.byteLength <= maxBytes
      ? ledgerRecordOf(deps, bytes)
      : Promise.resolve(undefined);
  lookup.catch(() => undefined);
  const roots = await deps.trustRoots();
  await new Promise((resolve) => setImmediate(resolve));
  const trustedIssuers = deps.trustedIssuers ?? [];
  const check = await verifyPdfSignature(bytes, { roots, trustedIssuers }, { maxBytes });
  const signature = {
    ...(check.signature ? { signature: check.signature } : {}),
    ...(check.signatures ? { signatures: check.signatures } : {}),
  };
  if (check.status !== 'VALID')
    return { verdict: check.status, checkedAt, ...signature, reasons: check.reasons };
  const record = await lookup;
  if (!record || !isStoredVersion(record, check.sha256)) {
    return {
      verdict: 'NOT_FOUND',
      checkedAt,
      ...signature,
      reasons: [
        reason(
          'NOT_IN_LEDGER',
          '签章有效，但证照台账中没有这份文件，请向发证机关核实',
          'The seal is valid but this file is not in the licence ledger; check with the issuer',
        ),
      ],
    };
  }
  return { checkedAt, certificate: summary(record, now), ...signature, ...statusVerdict(record, now) };
}

/**
 * The ledger's verdict today on a licence already verified from its bytes (a material uploaded earlier):
 * status only, no bytes — cheap enough to repeat at every submit. `NOT_FOUND` if the record is gone.
 */
export async function recheckLicence(
  deps: VerificationDependencies,
  certificateId: string,
): Promise<Verification> {
  const now = deps.clock.now();
  const checkedAt = now.toISOString();
  const record = await resolveCertificate(deps, certificateId);
  if (!record) return { verdict: 'NOT_FOUND', checkedAt, reasons: [notFound()] };
  return { checkedAt, certificate: summary(record, now), ...statusVerdict(record, now) };
}

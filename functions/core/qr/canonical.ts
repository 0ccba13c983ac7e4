/**
 * The licence's canonical data and its digest, carried in the QR payload (claim `digest`). The QR is drawn
 * inside the PDF, so it cannot carry the PDF's hash; it carries the first 16 bytes of the SHA-256 of this
 * canonical JSON of what the ledger records, and whoever holds the ledger record (our verify side)
 * recomputes it.
 *
 * Canonical JSON is RFC 8785 (JCS): keys sorted by UTF-16 code units, no whitespace, ECMAScript number and
 * string serialisation. The holder's document number is NOT in it: the paper shows it masked (3 + 4
 * characters of an 18-character resident ID, the rest mostly a birth date), so a digest over it would let
 * anyone holding the paper recover the full number by trying the few thousand candidates. The holder enters
 * by its lookup key instead — an HMAC under a KMS key (`HolderKeys`), which no one outside can recompute.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/canonical-json.js';
import type { CertificateRecord } from '../certificates/model.js';

/** Names the data's layout; a new layout takes a new label, so an old digest never matches a new reading. */
export const CANONICAL_LABEL = 'zhengzhao-licence-v1';

/** Bytes of the SHA-256 kept in the payload. */
export const DIGEST_BYTES = 16;

/** What the canonical data is made of: these fields of the ledger record. */
export type CanonicalSource = Pick<
  CertificateRecord,
  | 'certificateId'
  | 'identifier'
  | 'number'
  | 'type'
  | 'issuer'
  | 'holder'
  | 'holderKey'
  | 'fields'
  | 'issuedAt'
  | 'validFrom'
  | 'validUntil'
>;

/** The canonical data of a licence (a JSON text; see the module comment for what is in it and why). */
export function canonicalLicenceData(record: CanonicalSource): string {
  return canonicalJson({
    canon: CANONICAL_LABEL,
    certificateId: record.certificateId,
    identifier: record.identifier,
    number: record.number,
    type: record.type,
    issuer: record.issuer,
    holder: {
      type: record.holder.type ?? 'PERSON',
      name: record.holder.name,
      organization: record.holder.organization ?? null,
      key: record.holderKey ?? null,
    },
    fields: record.fields,
    issuedAt: record.issuedAt,
    validFrom: record.validFrom,
    validUntil: record.validUntil,
  });
}

/** The first 16 bytes of the SHA-256 of the licence's canonical data. */
export function licenceDigest(record: CanonicalSource): Uint8Array {
  const digest = createHash('sha256').update(canonicalLicenceData(record), 'utf8').digest();
  return new Uint8Array(digest.subarray(0, DIGEST_BYTES));
}

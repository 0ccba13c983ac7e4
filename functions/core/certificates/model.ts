/**
 * Licences (电子证照) as recorded in the ledger, and their public views.
 */
import type { StatusListReference } from '../status-lists/status-list.js';

/**
 * PENDING: written during issuance, not yet committed (not in force; see `issue-certificates.ts`).
 * VALID: in force. REVOKED: withdrawn with a reason.
 */
export type CertificateStatus = 'PENDING' | 'VALID' | 'REVOKED' | 'EXPIRED' | 'SUSPENDED' | 'SUPERSEDED';

/**
 * Who holds a licence (持证主体). `type` and `idType` are absent on records issued before holders were typed:
 * those are persons (see `holderTypeOf`).
 */
export interface Holder {
  type?: 'PERSON' | 'ORGANIZATION';
  /** The person's name, or the organisation's registered name. */
  name: string;
  /** 证件类型: `111` 居民身份证 (GB 11643), `001` 统一社会信用代码 (GB 32100), or another code of the catalogue. */
  idType?: string;
  idNumber?: string;
  /** For a person: the organisation they act for (printed beside the name). */
  organization?: string;
}

export interface CertificateRecord {
  certificateId: string;
  clientId: string;
  caseId: string;
  serviceItemCode: string;
  /** The issuance batch that wrote this record; it is in force only once that batch committed. */
  batchId: string;
  status: CertificateStatus;
  number: string;
  identifier: string;
  serial: number;
  type: string;
  typeName: string;
  issuer: string;
  holder: Holder;
  /**
   * The holder's lookup key (`HolderKeys`: an HMAC of the holder's document type and number), for the
   * `byHolder` index. Absent for a holder without a document number, and on records written before holder
   * keys existed until they are backfilled.
   */
  holderKey?: string;
  fields: Record<string, unknown>;
  issuedAt: string;
  validFrom: string;
  validUntil: string;
  /** SHA-256 (hex) of the final signed PDF. */
  sha256: string;
  /**
   * True when the stored PDF names this record's id in its XMP (`urn:zhengzhao:certificate:{id}`), as every
   * licence issued since ids were written does: verification of an uploaded file then finds the record by
   * id, so the record keeps no copy in the `bySha256` index — that index only finds files naming no id.
   */
  namesItself?: true;
  objectKey: string;
  bytes: number;
  verificationCode: string;
  /** Serial (hex) of the seal certificate that signed the PDF. */
  sealCertificateSerial: string;
  revokedAt?: string;
  revocationReason?: string;
  revokedBy?: string;
  /** `ACTIVE` while the licence may still expire (sparse index for the reminder job). */
  expiryQueue?: 'ACTIVE';
  /** Expiry reminders sent: threshold in days → when. */
  reminders?: Record<string, string>;
  suspendedAt?: string;
  suspensionReason?: string;
  /** Reissue: the licence this one replaces, and the one that replaced this one. */
  replaces?: string;
  supersededBy?: string;
  supersededByNumber?: string;
  /**
   * The licence's entry in a token status list, taken at issuance with its serial (absent on licences
   * issued before status lists existed).
   */
  statusList?: StatusListReference;
  /**
   * Later versions of the stored PDF (PAdES B-LTA: each the previous one plus a document time-stamp), oldest
   * first; the issued file is `sha256`/`objectKey` itself. Version n (2, 3, …) is stored under
   * `versionObjectKey(objectKey, n)` (licence-versions.ts), so an entry is only its hash, time and kind.
   */
  versions?: LicenceVersion[];
  /** `DUE` while the licence is kept long-term verifiable (sparse index for the archive-timestamps job). */
  archiveQueue?: 'DUE';
  /** The day (UTC) from which the next document time-stamp is due: its newest TSA certificate's end − margin. */
  archiveDue?: string;
  version: number;
}

/** A later version of a licence's PDF. */
export interface LicenceVersion {
  sha256: string;
  /** When it was stored (ISO 8601). */
  at: string;
  /** `LTA`: the previous version plus a document time-stamp and its validation data. */
  kind: 'LTA';
}

/** The API's `Certificate` (holder masked). */
export interface CertificateView {
  certificateId: string;
  number: string;
  identifier: string;
  serviceItemCode: string;
  caseId: string;
  type: string;
  typeName: string;
  issuer: string;
  status: 'VALID' | 'REVOKED' | 'EXPIRED' | 'SUSPENDED' | 'SUPERSEDED';
  holder: Holder;
  fields: Record<string, unknown>;
  issuedAt: string;
  validFrom: string;
  validUntil: string;
  sha256: string;
  verificationCode: string;
  verifyUrl: string;
  revokedAt?: string;
  revocationReason?: string;
  suspendedAt?: string;
  suspensionReason?: string;
  supersededBy?: string;
  supersededByNumber?: string;
  replaces?: string;
  /** Where a relying party reads the licence's status (IETF Token Status List): list URI and entry. */
  statusList?: { uri: string; idx: number };
}

/**
 * A bulk row's deterministic identity. The certificate id and the verification code come from the job's
 * secret and the row number (HMAC-SHA-256: unguessable without the secret, the same on every run of the
 * row); the serial and status-list position from the chunk's reservation and the row's place among the
 * chunk's valid rows (the same rows are valid on every run: validation is a pure function of the row).
 */
import { createHmac } from 'node:crypto';
import type { ReservedLicence } from '../cases/model.js';
import type { ServiceItem } from '../catalogue/types.js';
import type { PlannedLicence } from '../certificates/plan.js';
import { base32 } from '../ids.js';
import { buildIdentifier } from '../licence/identifier.js';
import { formatLicenceNumber } from '../licence/licence-number.js';
import { statusListReference } from '../status-lists/status-list.js';

const derive = (secret: string, purpose: string, row: number) =>
  createHmac('sha256', Buffer.from(secret, 'hex')).update(`${purpose}:${row}`).digest().subarray(0, 16);

/** `CERT-` + 26 base32 characters, like every licence id. */
export const rowCertificateId = (secret: string, row: number) => `CERT-${base32(derive(secret, 'id', row))}`;

/** 128 bits, base32 (26 characters), as `newVerificationCode`. */
export const rowVerificationCode = (secret: string, row: number) => base32(derive(secret, 'code', row));

/** The reserved licence of a planned row: `offset` is its place among the chunk's valid rows. */
export function reservedRow(
  item: ServiceItem,
  plan: PlannedLicence,
  at: {
    secret: string;
    row: number;
    issuedAt: string;
    serialStart: number;
    positionStart: number;
    offset: number;
  },
  statusListSize?: number,
): ReservedLicence {
  const template = item.certificate;
  const serial = at.serialStart + at.offset;
  const year = Number(new Date(Date.parse(at.issuedAt) + 8 * 3600_000).toISOString().slice(0, 4));
  return {
    certificateId: rowCertificateId(at.secret, at.row),
    serial,
    number: formatLicenceNumber({ prefix: template.numberPrefix, year, serial }),
    identifier: buildIdentifier({
      typeCode: template.typeCode,
      issuerCode: template.issuerCode,
      serial,
      version: 1,
    }),
    verificationCode: rowVerificationCode(at.secret, at.row),
    // Counter values start at 1, list positions at 0 (as issuance-reservation.ts).
    statusList: statusListReference(at.positionStart - 1 + at.offset, statusListSize),
    ...plan,
  };
}

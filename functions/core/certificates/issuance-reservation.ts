/**
 * Step 1 of issuance (see issue-certificates.ts): serials, ids and verification codes fixed in the case record
 * by one conditional write, so that a retry of the same request resumes the same batch.
 */

import { mutateCase } from '../cases/case-context.js';
import type { CaseRecord, IssuanceRecord, Principal, ReservedLicence } from '../cases/model.js';
import type { ServiceItem } from '../catalogue/types.js';
import { DomainError } from '../errors.js';
import { base32, newId } from '../ids.js';
import { buildIdentifier } from '../licence/identifier.js';
import { formatLicenceNumber } from '../licence/licence-number.js';
import type { IssuanceDependencies } from './issue-certificates.js';
import { type IssueRequest, planLicences } from './plan.js';

/** 128 random bits, Crockford base32 (26 characters): printed in the QR, checked on verification. */
export const newVerificationCode = (random: { bytes(n: number): Uint8Array }) => base32(random.bytes(16));

/** 409 CASE_NOT_APPROVED: licences are issued for an APPROVED case only. */
export const notApproved = (record: CaseRecord) =>
  new DomainError(
    'CONFLICT',
    'CASE_NOT_APPROVED',
    '办件尚未审批通过，不能签发证照',
    'The case is not approved; licences cannot be issued',
    {
      details: { caseId: record.caseId, status: record.status },
    },
  );

/**
 * Plan the batch of `request`, reserve its serials and start the write that fixes it in the case (see
 * `Reservation`); a request whose batch is already in the case resumes it without a write.
 */
export async function reserveBatch(
  deps: IssuanceDependencies,
  principal: Principal,
  record: CaseRecord,
  item: ServiceItem,
  request: IssueRequest,
  requestHash: string,
): Promise<Reservation> {
  // A resumed request finds its batch: no new plan, no new serials (no gaps in licence numbers).
  if (record.issuance?.requestHash === requestHash)
    return { issuance: record.issuance, fresh: false, written: Promise.resolve({ record, fresh: false }) };
  const issuedAt = deps.clock.now();
  const planned = planLicences(deps.catalogue, item, record, request, issuedAt);
  const template = item.certificate;
  const first = await deps.counters.reserve(
    `serial:${template.typeCode}:${template.issuerCode}`,
    planned.length,
  );
  const year = Number(new Date(issuedAt.getTime() + 8 * 3600_000).toISOString().slice(0, 4));
  const licences: ReservedLicence[] = planned.map((plan, i) => ({
    certificateId: newId('CERT', deps.clock, deps.random),
    serial: first + i,
    number: formatLicenceNumber({ prefix: template.numberPrefix, year, serial: first + i }),
    identifier: buildIdentifier({
      typeCode: template.typeCode,
      issuerCode: template.issuerCode,
      serial: first + i,
      version: 1,
    }),
    verificationCode: newVerificationCode(deps.random),
    ...plan,
  }));
  const issuance: IssuanceRecord = {
    batchId: newId('BATCH', deps.clock, deps.random),
    requestHash,
    state: 'PREPARING',
    startedAt: issuedAt.toISOString(),
    issuedAt: issuedAt.toISOString(),
    licences,
  };
  const staleMs = deps.staleBatchMs ?? 15 * 60_000;
  const written = mutateCase(
    deps,
    principal,
    record.caseId,
    (next) => {
      if (next.issuance?.requestHash === requestHash) return { audit: [], result: false };
      if (next.status !== 'APPROVED') throw notApproved(next);
      if (next.issuance && Date.parse(next.issuance.startedAt) > issuedAt.getTime() - staleMs) {
        throw new DomainError(
          'CONFLICT',
          'ISSUANCE_IN_PROGRESS',
          '另一签发请求正在处理中',
          'Another issuance of this case is in progress',
          {
            retryAfterSeconds: 5,
          },
        );
      }
      next.issuance = issuance;
      return { audit: [], result: true };
    },
    record,
  ).then(({ record: written, result }) => ({ record: written, fresh: result }));
  // Awaited by the caller; marked handled now so that a failure while licences render is not unhandled.
  written.catch(() => undefined);
  return { issuance, fresh: true, written };
}

/**
 * A reservation: the batch (ids, serials, codes) and the write that fixes it in the case. Production may
 * start rendering while `written` is in flight, but stores nothing before it succeeded; `written.fresh` is
 * false when an identical concurrent request reserved first (its batch, in `written.record`, is the one).
 */
export interface Reservation {
  issuance: IssuanceRecord;
  fresh: boolean;
  written: Promise<{ record: CaseRecord; fresh: boolean }>;
}

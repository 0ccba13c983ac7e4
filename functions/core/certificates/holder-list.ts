/**
 * `GET /v1/certificates?holderIdNumber=|holderCreditCode=`: the licences of one holder that this client may
 * see — those it issued, and those of service items in its key's scope (电子证照共享) — newest first, a page
 * at a time, holder masked. Found through the ledger's `byHolder` index by the holder's lookup key (an HMAC,
 * never the number); every look-up is in the audit trail under that key: who looked up which holder, when.
 */
import { isValidResidentId } from '../cases/applicant.js';
import type { Principal } from '../cases/model.js';
import { DomainError } from '../errors.js';
import { isValidUnifiedSocialCreditCode } from '../licence/identifier.js';
import { collectPage, listScope, type Page, pageLimit } from '../lists/page.js';
import { maskIdNumber } from '../masking.js';
import type { CertificateDependencies } from './certificate-service.js';
import { resolveRecord } from './certificate-service.js';
import { CREDIT_CODE_TYPE, RESIDENT_ID_TYPE } from './holder.js';
import { type HolderIdentity, normaliseIdNumber } from './holder-index.js';
import type { IssuanceDependencies } from './issue-certificates.js';
import type { CertificateView } from './model.js';
import { effectiveStatus, type PublicStatus, toCertificateView } from './view.js';

export interface HolderListQuery {
  holderIdNumber?: string;
  holderCreditCode?: string;
  type?: string;
  status?: PublicStatus;
  /** As the client sent it (text); default and bounds in `pageLimit`. */
  limit?: string;
  cursor?: string;
}

type Deps = Pick<IssuanceDependencies, 'holderKeys' | 'pageCursors'> & CertificateDependencies;

/**
 * The holder a query names: exactly one of the two parameters (400 `HOLDER_REQUIRED` otherwise), its check
 * character right (400 `INVALID_HOLDER_ID`: GB 11643 for a resident ID, GB 32100 for a credit code).
 */
export function holderOfQuery(
  query: Pick<HolderListQuery, 'holderIdNumber' | 'holderCreditCode'>,
): HolderIdentity {
  const given = [query.holderIdNumber, query.holderCreditCode].filter((v) => v !== undefined);
  if (given.length !== 1) {
    throw new DomainError(
      'INVALID',
      'HOLDER_REQUIRED',
      '须且只能提供 holderIdNumber（居民身份证号码）或 holderCreditCode（统一社会信用代码）之一',
      'Give exactly one of holderIdNumber (resident ID) and holderCreditCode (unified social credit code)',
      { details: { given: given.length } },
    );
  }
  const organisation = query.holderCreditCode !== undefined;
  const idNumber = normaliseIdNumber(query.holderCreditCode ?? query.holderIdNumber ?? '');
  const valid = organisation ? isValidUnifiedSocialCreditCode(idNumber) : isValidResidentId(idNumber);
  if (!valid) {
    const parameter = organisation ? 'holderCreditCode' : 'holderIdNumber';
    throw new DomainError(
      'INVALID',
      'INVALID_HOLDER_ID',
      organisation
        ? '统一社会信用代码无效（校验位不符，GB 32100）'
        : '居民身份证号码无效（校验位不符，GB 11643）',
      `${parameter} fails its check character (${organisation ? 'GB 32100' : 'GB 11643'})`,
      { details: { parameter } },
    );
  }
  return { idType: organisation ? CREDIT_CODE_TYPE : RESIDENT_ID_TYPE, idNumber };
}

const visibleTo = (principal: Principal, record: { clientId: string; serviceItemCode: string }) =>
  record.clientId === principal.clientId ||
  principal.serviceItems.includes('*') ||
  principal.serviceItems.includes(record.serviceItemCode);

/** One page of the holder's licences this principal may see, matching the query; the look-up is audited. */
export async function listCertificatesByHolder(
  deps: Deps,
  principal: Principal,
  query: HolderListQuery,
): Promise<Page<CertificateView>> {
  const holder = holderOfQuery(query);
  const limit = pageLimit(query.limit);
  const holderKey = await deps.holderKeys.holderKey(holder);
  const now = deps.clock.now();
  const page = await collectPage({
    cursors: deps.pageCursors,
    scope: listScope('certificates', principal.clientId, holderKey, query.type, query.status),
    cursor: query.cursor,
    limit,
    read: (position) => deps.ledger.listByHolder(holderKey, position),
    keep: async (stored) => {
      if (stored.holderKey !== holderKey || !visibleTo(principal, stored)) return undefined;
      if (query.type !== undefined && stored.type !== query.type) return undefined;
      // A PENDING record counts only once its batch committed (then it is shown VALID).
      const record = await resolveRecord(deps, stored);
      if (!record || (query.status !== undefined && effectiveStatus(record, now) !== query.status))
        return undefined;
      return toCertificateView(record, deps, now);
    },
  });
  await deps.audit.append([
    {
      actor: principal.clientId,
      action: 'holder.certificates-listed',
      subject: holderKey,
      details: {
        idType: holder.idType,
        idNumber: maskIdNumber(holder.idNumber),
        ...(query.type !== undefined ? { type: query.type } : {}),
        ...(query.status !== undefined ? { status: query.status } : {}),
        certificateIds: page.items.map((c) => c.certificateId),
        morePages: page.nextCursor !== undefined,
      },
    },
  ]);
  return page;
}

/**
 * 事后核查 of pledges: scheduled when a pledged case is approved (due after the item's working days), listed
 * for the case's client from its follow-up queue (never a scan), and recorded by an approving department.
 * A FALSE outcome is the pledge's 信用 consequence: every licence of the case is revoked (reason
 * `PLEDGE_FALSE`, through the licence lifecycle, each revocation audited) and the holder is barred from
 * pledging for the item for its `barDays`. Recording the same outcome again completes what a crash left
 * undone (bar, revocations) and changes nothing else.
 */
import { pledgeCheckQueue } from '../../ports/follow-ups.js';
import {
  authoriseServiceItem,
  type CaseDependencies,
  loadOwnCase,
  mutateCase,
} from '../cases/case-context.js';
import type { CaseRecord, CaseView, PledgeCheck, Principal } from '../cases/model.js';
import { toCaseView } from '../cases/view.js';
import type { ServiceItem } from '../catalogue/types.js';
import { licencesOfCase } from '../certificates/case-licences.js';
import type { CertificateDependencies } from '../certificates/certificate-service.js';
import { defaultHolder } from '../certificates/holder.js';
import { holderKeyOf } from '../certificates/holder-index.js';
import type { IssuanceDependencies } from '../certificates/issue-certificates.js';
import { revokeCertificate } from '../certificates/lifecycle.js';
import { DomainError, isDomainError } from '../errors.js';
import { collectPage, listScope, type Page, pageLimit } from '../lists/page.js';

/** The `revocationReason` of licences revoked for a false pledge. */
export const PLEDGE_FALSE = 'PLEDGE_FALSE';

export interface PledgeCheckView {
  caseId: string;
  serviceItemCode: string;
  dueAt: string;
  status: PledgeCheck['status'];
}

export interface PledgeCheckQuery {
  /** ISO 8601 instant, or a date (the end of that day, Asia/Shanghai); default: now. */
  dueBefore?: string;
  limit?: string;
  cursor?: string;
}

/** The end of the query's day or its instant; 400 `INVALID_QUERY` for anything else. */
function dueBeforeOf(query: PledgeCheckQuery, now: Date): string {
  const value = query.dueBefore;
  if (value === undefined) return now.toISOString();
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59.999+08:00` : value;
  const parsed = Date.parse(instant);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(parsed)) {
    throw new DomainError(
      'INVALID',
      'INVALID_QUERY',
      'dueBefore 须为日期（YYYY-MM-DD）或 ISO 8601 时间',
      'dueBefore must be a date (YYYY-MM-DD) or an ISO 8601 instant',
      { details: { dueBefore: value.slice(0, 40) } },
    );
  }
  return new Date(parsed).toISOString();
}

/** The caller's pledge checks due at or before `dueBefore`, soonest first, a page at a time. */
export async function listPledgeChecks(
  deps: CaseDependencies,
  principal: Principal,
  query: PledgeCheckQuery,
): Promise<Page<PledgeCheckView>> {
  const limit = pageLimit(query.limit);
  const dueBefore = dueBeforeOf(query, deps.clock.now());
  const queue = pledgeCheckQueue(principal.clientId);
  const inScope = (code: string) =>
    principal.serviceItems.includes('*') || principal.serviceItems.includes(code);
  return collectPage({
    cursors: deps.pageCursors,
    scope: listScope('pledge-checks', principal.clientId, dueBefore),
    cursor: query.cursor,
    limit,
    read: (page) => deps.followUps.list(queue, dueBefore, page),
    keep: async (entry) => {
      const record = await deps.cases.get(entry.caseId);
      const check = record?.pledge?.check;
      // The case is the record: an entry it does not back (another due time, another client) is not shown.
      if (!record || !check || record.clientId !== principal.clientId || check.dueAt !== entry.at)
        return undefined;
      if (!inScope(record.serviceItemCode)) return undefined;
      return {
        caseId: record.caseId,
        serviceItemCode: record.serviceItemCode,
        dueAt: check.dueAt,
        status: check.status,
      };
    },
  });
}

export interface PledgeCheckInput {
  department: string;
  outcome: 'CONFIRMED' | 'FALSE';
  comment?: string;
}

type CheckDependencies = IssuanceDependencies & CertificateDependencies;

function authoriseDepartment(principal: Principal, item: ServiceItem, department: string): void {
  if (!item.departments.includes(department)) {
    throw new DomainError(
      'UNPROCESSABLE',
      'UNKNOWN_DEPARTMENT',
      '该部门不是本事项的审批部门',
      'Not an approving department of this item',
      { details: { department, departments: item.departments } },
    );
  }
  if (!principal.departments.includes('*') && !principal.departments.includes(department)) {
    throw new DomainError(
      'FORBIDDEN',
      'FORBIDDEN_DEPARTMENT',
      '无权代表该部门核查',
      'Not allowed to check for this department',
      { details: { department } },
    );
  }
}

const noCheck = (record: CaseRecord) =>
  new DomainError(
    'CONFLICT',
    'PLEDGE_CHECK_NOT_DUE',
    '该办件没有待核查的告知承诺（未签署承诺或尚未审批通过）',
    'The case has no pledge check (no pledge, or not approved yet)',
    { details: { caseId: record.caseId, status: record.status } },
  );

const alreadyRecorded = (record: CaseRecord, check: PledgeCheck) =>
  new DomainError(
    'CONFLICT',
    'PLEDGE_CHECK_ALREADY_RECORDED',
    '该告知承诺已核查，结论不能更改',
    'The pledge check has been recorded; its outcome cannot change',
    { details: { caseId: record.caseId, outcome: check.status } },
  );

/** Record the outcome of a case's pledge check; see the module comment. */
export async function recordPledgeCheck(
  deps: CheckDependencies,
  principal: Principal,
  caseId: string,
  input: PledgeCheckInput,
): Promise<CaseView> {
  const current = await loadOwnCase(deps, principal, caseId);
  authoriseServiceItem(principal, current.serviceItemCode);
  const item = deps.catalogue.require(current.serviceItemCode);
  authoriseDepartment(principal, item, input.department);
  const at = deps.clock.now().toISOString();
  const { record } = await mutateCase(
    deps,
    principal,
    caseId,
    (next) => {
      const check = next.pledge?.check;
      if (!check) throw noCheck(next);
      // The same outcome again: a retry completing the consequences below, no second entry.
      if (check.status === input.outcome) return { audit: [], result: undefined };
      if (check.status !== 'PENDING') throw alreadyRecorded(next, check);
      Object.assign(check, {
        status: input.outcome,
        department: input.department,
        at,
        clientId: principal.clientId,
        ...(input.comment ? { comment: input.comment } : {}),
      });
      return {
        audit: [
          {
            actor: principal.clientId,
            action: 'case.pledge-checked',
            subject: caseId,
            details: { department: input.department, outcome: input.outcome },
          },
        ],
        result: undefined,
      };
    },
    current,
  );
  if (input.outcome === 'FALSE') await applyFalsePledge(deps, principal, item, record);
  return toCaseView(record, item, deps.catalogue);
}

/** The bar first (a retry finds it kept), then every licence of the case in force is revoked. */
async function applyFalsePledge(
  deps: CheckDependencies,
  principal: Principal,
  item: ServiceItem,
  record: CaseRecord,
): Promise<void> {
  const checkedAt = record.pledge?.check?.at ?? deps.clock.now().toISOString();
  const barDays = record.pledge?.barDays ?? item.pledge?.barDays ?? 0;
  const holderKey = await holderKeyOf(deps.holderKeys, defaultHolder(item, record));
  if (holderKey && barDays > 0) {
    const barredUntil = new Date(Date.parse(checkedAt) + barDays * 86_400_000).toISOString();
    await deps.pledgeBars.put({
      holderKey,
      serviceItemCode: item.code,
      barredUntil,
      caseId: record.caseId,
      at: checkedAt,
    });
  }
  // Its licences and, where one was reissued, the licence that replaced it.
  const licences = await licencesOfCase(deps.ledger, record.certificateIds);
  for (const licence of licences) {
    if (licence.status === 'REVOKED' || licence.status === 'SUPERSEDED' || licence.status === 'EXPIRED')
      continue;
    try {
      await revokeCertificate(deps, principal, licence.certificateId, PLEDGE_FALSE);
    } catch (error) {
      // Not a licence (a batch never committed), or revoked meanwhile: nothing to revoke.
      const code = isDomainError(error) ? error.code : '';
      if (code !== 'CERTIFICATE_NOT_FOUND' && code !== 'CERTIFICATE_ALREADY_REVOKED') throw error;
    }
  }
}

/**
 * Cases: create, read, submit (completeness check), and parallel decisions by department (并联审批).
 */
import type { AuditInput } from '../../ports/audit-log.js';
import type { ServiceItem } from '../catalogue/types.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import { schedulePledgeCheck } from '../pledges/schedule-check.js';
import { normaliseApplicant } from './applicant.js';
import { authoriseServiceItem, type CaseDependencies, loadOwnCase, mutateCase } from './case-context.js';
import { deferrableAmong, deferralsOf, queueDeferrals } from './deferrals.js';
import { assertFormFits, assertPrintable } from './form-checks.js';
import { fillFromLicences } from './licence-materials.js';
import { recheckPulledLicences } from './licence-rechecks.js';
import { recheckLicenceMaterials } from './material-verification.js';
import { ingestPendingUploads } from './materials-service.js';
import type { Applicant, CaseRecord, CaseView, Decision, Principal } from './model.js';
import { prefilledCaseForm } from './prefill.js';
import { checklistOf, pendingDepartments, slaOf, toCaseView } from './view.js';

export interface CreateCaseInput {
  serviceItemCode: string;
  applicant: Applicant;
  form: Record<string, unknown>;
  /** Fill every material that accepts licences from the applicant's in-force licences (自动调取). */
  reuseLicences?: boolean;
  /** The applicant's authorisation to use licences issued through other clients (用证授权). */
  consentRef?: string;
  /** Take form values from the holder's in-force licences where the form sent leaves them out (预填). */
  prefill?: boolean;
}

/** Open a case (status DRAFT) after checking the item, the principal's rights, the applicant and the form. */
export async function createCase(
  deps: CaseDependencies,
  principal: Principal,
  input: CreateCaseInput,
): Promise<CaseView> {
  const item = deps.catalogue.require(input.serviceItemCode);
  authoriseServiceItem(principal, item.code);
  assertPrintable({ '/applicant': input.applicant, '/form': input.form }, deps.glyphs);
  const applicant = normaliseApplicant(input.applicant);
  const form = input.prefill
    ? await prefilledCaseForm(deps, principal, item, { ...input, applicant })
    : input.form;
  assertFormFits(deps.catalogue, item.code, form, deps.clock.now());
  const now = deps.clock.now().toISOString();
  const record: CaseRecord = {
    caseId: newId('CASE', deps.clock, deps.random),
    clientId: principal.clientId,
    serviceItemCode: item.code,
    status: 'DRAFT',
    applicant,
    form,
    materials: {},
    pendingUploads: {},
    decisions: [],
    certificateIds: [],
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const reused = input.reuseLicences
    ? await fillFromLicences(deps, principal, item, record, input.consentRef)
    : [];
  await deps.cases.create(record);
  await deps.audit.append([
    {
      actor: principal.clientId,
      action: 'case.created',
      subject: record.caseId,
      details: { serviceItemCode: item.code },
    },
    ...reused,
  ]);
  return toCaseView(record, item, deps.catalogue);
}

/** The principal's own case. */
export async function getCase(
  deps: CaseDependencies,
  principal: Principal,
  caseId: string,
): Promise<CaseView> {
  const record = await loadOwnCase(deps, principal, caseId);
  authoriseServiceItem(principal, record.serviceItemCode);
  const item = deps.catalogue.require(record.serviceItemCode);
  return toCaseView(record, item, deps.catalogue, slaOf(record, deps.calendar, deps.clock.now()));
}

const notInStatus = (code: string, zh: string, en: string, record: CaseRecord) =>
  new DomainError('CONFLICT', code, zh, en, { details: { caseId: record.caseId, status: record.status } });

/** Submit a DRAFT case: 422 `MATERIALS_INCOMPLETE` lists what is missing or rejected; else SUBMITTED. */
export async function submitCase(
  deps: CaseDependencies,
  principal: Principal,
  caseId: string,
): Promise<CaseView> {
  const { record, result: refused } = await mutateCase(deps, principal, caseId, async (next) => {
    if (next.status !== 'DRAFT') {
      throw notInStatus(
        'CASE_NOT_EDITABLE',
        '办件已提交，不能重复提交',
        'The case was already submitted',
        next,
      );
    }
    const item = deps.catalogue.require(next.serviceItemCode);
    assertFormFits(deps.catalogue, item.code, next.form, deps.clock.now());
    // Licences uploaded earlier: their status today (a presigned upload landing now is verified afresh).
    await recheckLicenceMaterials(deps.verifyMaterial, next);
    // Licences pulled as materials: in force today, or REJECTED with LICENCE_NOT_IN_FORCE.
    const pulled = await recheckPulledLicences(deps, next, principal.clientId);
    const ingested = await ingestPendingUploads(deps, next, item);
    const checklist = checklistOf(next, item, deps.catalogue);
    const missing = checklist.filter((c) => c.required && c.status === 'MISSING').map((c) => c.materialCode);
    const rejected = checklist
      .filter((c) => c.status === 'REJECTED' && (c.required || c.problems.length > 0))
      .map((c) => ({ materialCode: c.materialCode, problems: c.problems }));
    const submittedAt = deps.clock.now();
    // 容缺受理: only deferrable materials missing (and none rejected) → accepted, each due later.
    const deferred =
      rejected.length === 0 ? deferralsOf(item, missing, submittedAt, deps.calendar) : undefined;
    if (!deferred) {
      const incomplete = new DomainError(
        'UNPROCESSABLE',
        'MATERIALS_INCOMPLETE',
        `材料不齐全或不合格：缺少 ${missing.length} 项，不合格 ${rejected.length} 项`,
        `Materials incomplete: ${missing.length} missing, ${rejected.length} rejected`,
        { details: { missing, rejected, ...deferrableDetail(item, missing) } },
      );
      // A pulled licence that fell out of force stays REJECTED on the case (written, then refused).
      if (pulled.stale.length === 0) throw incomplete;
      return { audit: [...pulled.audit, ...ingested], result: incomplete };
    }
    next.status = 'SUBMITTED';
    next.slaQueue = 'OPEN';
    next.submittedAt = submittedAt.toISOString();
    // The promised limit counts working days from acceptance (State Council notices as data; a year without
    // one on the statutory rules, recomputed by the recompute-deadlines job once its notice is loaded).
    const deadline = deps.calendar.deadline(submittedAt, item.timeLimitWorkingDays);
    next.dueAt = deadline.dueAt.toISOString();
    next.dueAtBasis = deadline.basis;
    next.timeLimitWorkingDays = item.timeLimitWorkingDays;
    if (deadline.basis === 'PROVISIONAL') next.provisionalQueue = 'PROVISIONAL';
    if (deferred.length > 0) {
      next.deferred = deferred;
      await queueDeferrals(deps, next);
    }
    return {
      audit: [
        ...pulled.audit,
        ...ingested,
        {
          actor: principal.clientId,
          action: 'case.submitted',
          subject: caseId,
          details: {
            materials: checklist.length,
            ...(deferred.length > 0 ? { deferred: deferred.map((d) => d.materialCode) } : {}),
          },
        },
      ],
      result: undefined,
    };
  });
  if (refused) throw refused;
  return toCaseView(
    record,
    deps.catalogue.require(record.serviceItemCode),
    deps.catalogue,
    slaOf(record, deps.calendar, deps.clock.now()),
  );
}

/** 容缺受理: the missing materials that could have been supplied later (absent when none could). */
const deferrableDetail = (item: ServiceItem, missing: string[]) => {
  const deferrable = deferrableAmong(item, missing);
  return deferrable.length > 0 ? { deferrable } : {};
};

export interface DecisionInput {
  department: string;
  decision: Decision;
  comment?: string;
}

/**
 * Record one department's decision. APPROVED once every listed department approved; REJECTED on one reject;
 * a department that already decided → 409.
 */
export async function recordDecision(
  deps: CaseDependencies,
  principal: Principal,
  caseId: string,
  input: DecisionInput,
): Promise<CaseView> {
  const { record } = await mutateCase(deps, principal, caseId, async (next) => {
    const item = deps.catalogue.require(next.serviceItemCode);
    if (!item.departments.includes(input.department)) {
      throw new DomainError(
        'UNPROCESSABLE',
        'UNKNOWN_DEPARTMENT',
        '该部门不是本事项的审批部门',
        'Not an approving department of this item',
        {
          details: { department: input.department, departments: item.departments },
        },
      );
    }
    if (!principal.departments.includes('*') && !principal.departments.includes(input.department)) {
      throw new DomainError(
        'FORBIDDEN',
        'FORBIDDEN_DEPARTMENT',
        '无权代表该部门审批',
        'Not allowed to decide for this department',
        {
          details: { department: input.department },
        },
      );
    }
    if (next.decisions.some((d) => d.department === input.department)) {
      throw new DomainError(
        'CONFLICT',
        'DECISION_ALREADY_RECORDED',
        '该部门已作出审批决定',
        'This department has already decided',
        {
          details: { department: input.department },
        },
      );
    }
    if (next.status !== 'SUBMITTED') {
      throw notInStatus('CASE_NOT_SUBMITTED', '办件不在审批中', 'The case is not awaiting decisions', next);
    }
    const at = deps.clock.now().toISOString();
    next.decisions.push({ ...input, at, clientId: principal.clientId });
    if (input.decision === 'REJECT') next.status = 'REJECTED';
    else if (pendingDepartments(next, item).length === 0) next.status = 'APPROVED';
    if (next.status !== 'SUBMITTED') {
      delete next.slaQueue;
      delete next.provisionalQueue;
    }
    const audit: AuditInput[] = [
      {
        actor: principal.clientId,
        action: 'case.decision',
        subject: caseId,
        details: { department: input.department, decision: input.decision },
      },
    ];
    if (next.status !== 'SUBMITTED') {
      audit.push({
        actor: principal.clientId,
        action: `case.${next.status.toLowerCase()}`,
        subject: caseId,
        details: {},
      });
    }
    // 告知承诺: the pledge's check (事后核查) falls due after the item's working days from approval.
    if (next.status === 'APPROVED') audit.push(...(await schedulePledgeCheck(deps, next, new Date(at))));
    return { audit, result: undefined };
  });
  return toCaseView(record, deps.catalogue.require(record.serviceItemCode), deps.catalogue);
}

/** Views of a case for API responses: checklist computed from the item's rules, personal data masked. */
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { ServiceItem } from '../catalogue/types.js';
import { maskIdNumber, maskMobile, maskName } from '../masking.js';
import type {
  CaseRecord,
  CaseView,
  ChecklistEntry,
  MaterialLicence,
  MaterialSource,
  MaterialView,
  PledgeRecord,
  StoredMaterial,
} from './model.js';

/** The checklist: every material rule of the item, whether it is required for this form, and its state. */
export function checklistOf(record: CaseRecord, item: ServiceItem, catalogue: Catalogue): ChecklistEntry[] {
  return item.materials.map((rule) => {
    const stored = record.materials[rule.code];
    const required =
      rule.required || (rule.requiredWhen !== undefined && catalogue.isMaterialRequired(rule, record.form));
    return {
      materialCode: rule.code,
      name: rule.name,
      required,
      status: stored?.status ?? 'MISSING',
      problems: stored?.problems ?? [],
      ...(stored?.verification ? { verification: stored.verification } : {}),
      ...(stored ? sourceOf(stored) : {}),
    };
  });
}

/** The departments that still have to decide. */
export const pendingDepartments = (record: CaseRecord, item: ServiceItem): string[] =>
  item.departments.filter((d) => !record.decisions.some((x) => x.department === d));

/** Deadline status while the case awaits decisions; absent when the calendar does not cover the dates. */
export function slaOf(record: CaseRecord, calendar: WorkingDayCalendar, now: Date): CaseView['sla'] {
  if (record.status !== 'SUBMITTED' || !record.dueAt) return undefined;
  try {
    const dueAt = new Date(record.dueAt);
    return {
      remainingWorkingDays: calendar.remainingWorkingDays(now, dueAt),
      status: calendar.slaStatus(now, dueAt),
    };
  } catch {
    return undefined;
  }
}

/** The API's `Case`. */
export function toCaseView(
  record: CaseRecord,
  item: ServiceItem,
  catalogue: Catalogue,
  sla?: CaseView['sla'],
): CaseView {
  return {
    caseId: record.caseId,
    serviceItemCode: record.serviceItemCode,
    status: record.status,
    applicant: {
      name: maskName(record.applicant.name),
      idNumber: maskIdNumber(record.applicant.idNumber),
      mobile: maskMobile(record.applicant.mobile),
      ...(record.applicant.organization ? { organization: record.applicant.organization } : {}),
      ...(record.applicant.creditCode ? { creditCode: maskIdNumber(record.applicant.creditCode) } : {}),
    },
    form: record.form,
    checklist: checklistOf(record, item, catalogue),
    decisions: record.decisions.map((d) => ({
      department: d.department,
      decision: d.decision,
      at: d.at,
      ...(d.comment ? { comment: d.comment } : {}),
    })),
    pendingDepartments: record.status === 'SUBMITTED' ? pendingDepartments(record, item) : [],
    ...(record.submittedAt ? { submittedAt: record.submittedAt } : {}),
    ...(record.dueAt ? { dueAt: record.dueAt, dueAtBasis: record.dueAtBasis ?? 'OFFICIAL' } : {}),
    ...(sla ? { sla } : {}),
    certificateIds: record.certificateIds,
    ...(record.deferred?.length
      ? { deferred: record.deferred.map(({ materialCode, dueAt }) => ({ materialCode, dueAt })) }
      : {}),
    ...(record.returnedAt ? { returnedAt: record.returnedAt } : {}),
    ...(record.pledge ? { pledge: pledgeView(record.pledge) } : {}),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** The API's `Material`. */
export const toMaterialView = (m: StoredMaterial): MaterialView => ({
  materialCode: m.materialCode,
  status: m.status,
  mediaType: m.mediaType,
  bytes: m.bytes,
  sha256: m.sha256,
  problems: m.problems,
  ...(m.verification ? { verification: m.verification } : {}),
  ...sourceOf(m),
});

/** The pledge as the API shows it: the signatory masked, the check without who recorded it. */
function pledgeView(pledge: PledgeRecord): NonNullable<CaseView['pledge']> {
  const { check } = pledge;
  return {
    signatory: maskName(pledge.signatory),
    acceptedAt: pledge.acceptedAt,
    replaces: pledge.replaces,
    sha256: pledge.sha256,
    ...(check
      ? {
          check: {
            dueAt: check.dueAt,
            status: check.status,
            ...(check.department ? { department: check.department } : {}),
            ...(check.at ? { at: check.at } : {}),
          },
        }
      : {}),
  };
}

/** Where a stored material came from, and the licence it names (without the issuing client's id). */
function sourceOf(m: StoredMaterial): { source: MaterialSource; licence?: MaterialLicence } {
  if (m.source === 'PLEDGE') return { source: 'PLEDGE' };
  if (m.source !== 'E_LICENCE' || !m.licence) return { source: 'UPLOAD' };
  const { certificateId, number, type, validUntil } = m.licence;
  return { source: 'E_LICENCE', licence: { certificateId, number, type, validUntil } };
}

/**
 * Cases ready to submit on any day, and hypothetical holiday notices, for the provisional-deadline tests.
 * The notices here are test inputs only: the product never ships a year's notice before it is published.
 */

import type { CalendarYearFile } from '../../functions/core/calendar/calendar-year.js';
import { formatIsoDate, parseIsoDate } from '../../functions/core/calendar/civil-date.js';
import { createCase } from '../../functions/core/cases/case-service.js';
import type { CaseRecord } from '../../functions/core/cases/model.js';
import { applicant, medicalForm, transportForm } from '../fixtures/cases.js';
import { drugForm, miningForm } from '../fixtures/forms.js';
import { allowAll, type MemoryCaseDependencies } from './fakes.js';

/** A valid form of `code` for a case submitted on `date` (a transport permit's trip lies ahead of it). */
export function formOn(code: string, date: string): Record<string, unknown> {
  const day = parseIsoDate(date) as number;
  switch (code) {
    case 'TRANSPORT_OVERSIZE_PERMIT':
      return { ...transportForm, tripStart: formatIsoDate(day + 30), tripEnd: formatIsoDate(day + 39) };
    case 'MEDICAL_DEVICE_EXPORT_CERT': {
      const form = medicalForm(2);
      return {
        ...form,
        creditCode: drugForm.creditCode,
        products: form.products.map((p) => ({ ...p, registrationValidUntil: '2099-12-31' })),
      };
    }
    case 'DRUG_PRODUCTION_LICENSE':
      return drugForm;
    default:
      return miningForm;
  }
}

/**
 * A DRAFT of `code` in `deps.cases` with every material accepted (stored as the upload would leave them,
 * without rendering files), opened through `createCase` so the form checks ran. Returns the stored record.
 */
export async function seedReadyDraft(
  deps: MemoryCaseDependencies,
  code: string,
  form: Record<string, unknown> = formOn(code, deps.clock.now().toISOString().slice(0, 10)),
): Promise<CaseRecord> {
  const view = await createCase(deps, allowAll, { serviceItemCode: code, applicant, form });
  const draft = deps.cases.records.get(view.caseId) as CaseRecord;
  const item = deps.catalogue.require(code);
  for (const [index, rule] of item.materials.entries()) {
    draft.materials[rule.code] = {
      materialCode: rule.code,
      status: 'ACCEPTED',
      mediaType: rule.mediaTypes[0] ?? 'application/pdf',
      bytes: 1024,
      sha256: `${view.caseId}${index}`.padStart(64, '0').slice(-64),
      problems: [],
      uploadedAt: draft.createdAt,
    };
  }
  return draft;
}

/** A made-up notice for 2027 (the real one is not published): holidays and make-up days as given. */
export const hypothetical2027 = (
  holidays: Array<[from: string, to: string]>,
  makeUpWorkdays: string[] = [],
): CalendarYearFile => ({
  year: 2027,
  source: '测试用假设通知（非国务院通知）/ hypothetical notice for tests',
  holidays: holidays.map(([from, to], i) => ({ name: `假日${i + 1}`, from, to })),
  makeUpWorkdays,
});

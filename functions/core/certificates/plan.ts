/**
 * Turns an issuing request into the list of licences to issue: one per request entry, or one per element of
 * the form array named by the template (`onePerFormItem`: 54 products → 54 licences); fields derived from the
 * form where the request does not give them; validity from the request, the form or the template.
 */

import type { CaseRecord } from '../cases/model.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import { readDotPath } from '../catalogue/conditions.js';
import type { ServiceItem } from '../catalogue/types.js';
import { DomainError } from '../errors.js';
import { type GlyphCoverage, refuseUnprintable, unprintableCharacters } from '../licence/printable.js';
import { checkRequestedHolder, defaultHolder } from './holder.js';
import type { Holder } from './model.js';

export interface IssueEntryInput {
  holder?: Holder;
  fields?: Record<string, unknown>;
  validFrom?: string;
  validUntil?: string;
}

export interface IssueRequest {
  certificates?: IssueEntryInput[];
  notify?: { mobile: string };
}

export interface PlannedLicence {
  holder: Holder;
  fields: Record<string, unknown>;
  /** Dates `YYYY-MM-DD` (Asia/Shanghai calendar days; in force through the end of `validUntil`). */
  validFrom: string;
  validUntil: string;
}

/** The most licences one request may issue. */
export const MAX_LICENCES_PER_REQUEST = 100;

const invalid = (code: string, zh: string, en: string, details: Record<string, unknown>) =>
  new DomainError('UNPROCESSABLE', code, zh, en, { details });

const shanghaiDate = (instant: Date): string =>
  new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const addYears = (date: string, years: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return addDays(d.toISOString().slice(0, 10), -1);
};

/** A real calendar date `YYYY-MM-DD` (Date.parse alone rolls 2026-02-30 over to 2 March). */
const isDate = (value: unknown): value is string =>
  typeof value === 'string' &&
  /^\d{4}-\d{2}-\d{2}$/.test(value) &&
  !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
  new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

function deriveFields(
  item: ServiceItem,
  form: Record<string, unknown>,
  element: unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, path] of Object.entries(item.certificate.fieldsFromForm ?? {})) {
    const value = path.startsWith('$item.')
      ? readDotPath(element as Record<string, unknown>, path.slice('$item.'.length))
      : readDotPath(form, path);
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}

const invalidValidity = (zh: string, en: string, details: Record<string, unknown>) =>
  invalid('INVALID_VALIDITY', zh, en, details);

/**
 * The licence's validity: from the request, else the form (dates or a term in years), else the template's
 * days. A derived validity stops at the template's cap field (an export certificate never outlives the product
 * registration it certifies); a requested one beyond the cap, or one that has already ended, is refused —
 * a licence is never sealed EXPIRED.
 */
function validityOf(
  item: ServiceItem,
  form: Record<string, unknown>,
  entry: IssueEntryInput,
  fields: Record<string, unknown>,
  today: string,
  index: number,
) {
  const fromForm = item.certificate.validityFromForm;
  const formFrom = fromForm?.fromField ? readDotPath(form, fromForm.fromField) : undefined;
  const formUntil = fromForm?.untilField ? readDotPath(form, fromForm.untilField) : undefined;
  const years = fromForm?.yearsField ? readDotPath(form, fromForm.yearsField) : undefined;
  const validFrom = entry.validFrom ?? (isDate(formFrom) ? formFrom : today);
  let validUntil = entry.validUntil ?? (isDate(formUntil) ? formUntil : undefined);
  if (!validUntil && typeof years === 'number' && years > 0) validUntil = addYears(validFrom, years);
  if (!validUntil && item.certificate.validityDays)
    validUntil = addDays(validFrom, item.certificate.validityDays - 1);
  const capField = item.certificate.validUntilNotAfterField;
  const cap = capField ? fields[capField] : undefined;
  if (capField && isDate(cap) && validUntil && validUntil > cap) {
    if (entry.validUntil !== undefined) {
      throw invalidValidity(
        `有效期不得超过${capField}（${cap}）`,
        `validUntil may not run past ${capField} (${cap})`,
        { index, reason: 'BEYOND_CAP', field: capField, validFrom, validUntil, cap },
      );
    }
    validUntil = cap;
  }
  if (!isDate(validFrom) || !validUntil || !isDate(validUntil) || validUntil < validFrom) {
    throw invalidValidity(
      '有效期无效或缺失',
      'Validity missing or invalid (validFrom ≤ validUntil, YYYY-MM-DD)',
      {
        index,
        reason: 'ORDER',
        validFrom: validFrom ?? null,
        validUntil: validUntil ?? null,
      },
    );
  }
  // In force through the end of `validUntil` (Asia/Shanghai): a licence ending before today is dead on issue.
  if (validUntil < today) {
    throw invalidValidity(
      `有效期已于${validUntil}届满，不能签发已失效的证照`,
      `The validity ended on ${validUntil}; an expired licence is never issued`,
      { index, reason: 'ENDED', validFrom, validUntil, today },
    );
  }
  return { validFrom, validUntil };
}

/**
 * Plan the licences of an issuing request for an approved case (422 on anything that does not fit), before
 * any serial is reserved. `glyphs`: the code points the licence fonts can draw (see licence/printable.ts).
 */
export function planLicences(
  catalogue: Catalogue,
  item: ServiceItem,
  record: CaseRecord,
  request: IssueRequest,
  issuedAt: Date,
  glyphs?: GlyphCoverage,
): PlannedLicence[] {
  const perItem = item.certificate.onePerFormItem;
  const elements = perItem ? readDotPath(record.form, perItem) : undefined;
  const requested = request.certificates ?? [];
  let entries: Array<{ entry: IssueEntryInput; element: unknown }>;
  if (perItem && Array.isArray(elements)) {
    // One licence per form element; the request may give one shared entry or one entry per element.
    if (requested.length > 1 && requested.length !== elements.length) {
      throw invalid(
        'CERTIFICATE_COUNT_MISMATCH',
        '证照数量与申请中的项目数量不一致',
        'One entry per form item, or one shared entry',
        {
          expected: elements.length,
          given: requested.length,
        },
      );
    }
    entries = elements.map((element, i) => ({
      entry: requested[requested.length === 1 ? 0 : i] ?? {},
      element,
    }));
  } else {
    if (requested.length === 0) {
      throw invalid('NO_CERTIFICATES', '请至少申请一份证照', 'Ask for at least one licence', {});
    }
    entries = requested.map((entry) => ({ entry, element: undefined }));
  }
  if (entries.length > MAX_LICENCES_PER_REQUEST) {
    throw invalid(
      'TOO_MANY_CERTIFICATES',
      `一次最多签发 ${MAX_LICENCES_PER_REQUEST} 份证照`,
      `At most ${MAX_LICENCES_PER_REQUEST} licences per request`,
      {
        count: entries.length,
      },
    );
  }
  const today = shanghaiDate(issuedAt);
  // What the request adds to the licence must print too (form and applicant were checked at intake).
  refuseUnprintable(unprintableCharacters(requested, glyphs, '/certificates'));
  const holder = defaultHolder(item, record);
  return entries.map(({ entry, element }, index) => {
    const fields = { ...deriveFields(item, record.form, element), ...(entry.fields ?? {}) };
    const failures = catalogue.validateFields(item.code, fields);
    if (failures.length > 0) {
      throw invalid('INVALID_FIELDS', '证照字段不符合要求', 'The licence fields do not fit the template', {
        index,
        failures: failures.map((f) => ({ ...f, path: `/certificates/${index}/fields${f.path}` })),
      });
    }
    return {
      holder: entry.holder ? checkRequestedHolder(entry.holder, index) : holder,
      fields,
      ...validityOf(item, record.form, entry, fields, today, index),
    };
  });
}

/**
 * What a case's request must hold before anything is stored: every character printable on a licence, a form
 * that fits its schema, and the item's cross-field rules (date order, weights, registrations). Checked at
 * creation and again at submit — the catalogue or the day may have moved on since — so a case that can only
 * fail at issuance is refused while the applicant can still correct it, not after three departments approved.
 */
import type { Catalogue } from '../catalogue/catalogue.js';
import { DomainError } from '../errors.js';
import { type GlyphCoverage, refuseUnprintable, unprintableCharacters } from '../licence/printable.js';
import { isoShanghaiDate } from '../licence/render/format.js';

const invalidForm = (failures: ReadonlyArray<{ path: string; message: string }>) => {
  // The first failure's own words lead (Chinese first); `details.failures` lists them all.
  const [zh, en] = (failures[0]?.message ?? '').split(' / ');
  return new DomainError(
    'UNPROCESSABLE',
    'INVALID_FORM',
    `申请表内容不符合要求${zh ? `：${zh}` : ''}`,
    `The form does not fit the service item${en ? `: ${en}` : ''}`,
    { details: { failures } },
  );
};

/** 422 `INVALID_FORM` unless `form` fits the item's schema and, once it does, every rule of the item on `now`. */
export function assertFormFits(catalogue: Catalogue, code: string, form: unknown, now: Date): void {
  const schemaFailures = catalogue.validateForm(code, form);
  if (schemaFailures.length > 0) throw invalidForm(schemaFailures);
  const ruleFailures = catalogue.validateFormRules(code, form, isoShanghaiDate(now));
  if (ruleFailures.length > 0) throw invalidForm(ruleFailures);
}

/**
 * 422 `UNSUPPORTED_CHARACTER` naming field and code point for a character no licence can print (see
 * licence/printable.ts); `parts` maps a request pointer (`/applicant`, `/form`) to the value under it.
 */
export function assertPrintable(parts: Record<string, unknown>, glyphs: GlyphCoverage | undefined): void {
  refuseUnprintable(
    Object.entries(parts).flatMap(([path, value]) => unprintableCharacters(value, glyphs, path)),
  );
}

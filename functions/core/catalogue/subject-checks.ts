/**
 * Load-time check of `certificate.subject` (what one licence of a request is for, shown where the licences of
 * an issuance request are listed — the SMS link's page): its fields exist in the licence's `fieldsSchema`,
 * the Chinese one is printed (so it has a label in `fieldLabels`), and an English label is given.
 */
import type { ServiceItem } from './types.js';

/** Problems of the item's `certificate.subject`, as JSON pointers into the file (none without a subject). */
export function checkSubject(item: ServiceItem): Array<{ path: string; message: string }> {
  const subject = item.certificate.subject;
  if (!subject) return [];
  const properties = (item.certificate.fieldsSchema.properties ?? {}) as Record<string, unknown>;
  const problems: Array<{ path: string; message: string }> = [];
  for (const key of ['field', 'fieldEn'] as const) {
    const field = subject[key];
    if (field !== undefined && !Object.hasOwn(properties, field))
      problems.push({ path: `/certificate/subject/${key}`, message: `${field} is not a licence field` });
  }
  if (!item.certificate.fieldLabels.some((l) => l.key === subject.field))
    problems.push({
      path: '/certificate/subject/field',
      message: `${subject.field} has no label in fieldLabels (the list prints its Chinese label)`,
    });
  return problems;
}

/** The Chinese label of the subject field. */
export const subjectLabel = (item: ServiceItem): string | undefined =>
  item.certificate.fieldLabels.find((l) => l.key === item.certificate.subject?.field)?.label;

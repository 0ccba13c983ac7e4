/**
 * Catalogue-load checks across items: a material rule that accepts licences (`acceptsLicences`) and a prefill
 * rule (`prefill`) name licence types by `certificate.type`, so a typo would silently never match. Every
 * type named must be issued by an item of the catalogue, every prefilled form path must exist in the form
 * with the type of the licence field that fills it.
 */
import { findSchemaProperty } from './json-schema.js';
import type { ServiceItem } from './types.js';

/** One problem, in a file, at a JSON pointer inside it. */
export interface ReferenceProblem {
  file: string;
  path: string;
  message: string;
}

/** The licence number, not a field: what a prefill rule names with `$number`. */
export const LICENCE_NUMBER_FIELD = '$number';

/** A JSON pointer without escapes (`/cargo/name`) as the dot path `findSchemaProperty` follows. */
export const pointerToDotPath = (pointer: string): string => pointer.slice(1).split('/').join('.');

/** Problems of every item's licence references, given the items that passed their own checks. */
export function checkLicenceReferences(
  entries: ReadonlyArray<{ file: string; item: ServiceItem }>,
): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const issuers = new Map<string, ServiceItem>();
  for (const { file, item } of entries) {
    const earlier = issuers.get(item.certificate.type);
    if (earlier) {
      problems.push({
        file,
        path: '/certificate/type',
        message: `licence type ${item.certificate.type} is already issued by ${earlier.code}`,
      });
    } else issuers.set(item.certificate.type, item);
  }
  for (const { file, item } of entries) {
    item.materials.forEach((rule, index) => {
      (rule.acceptsLicences ?? []).forEach(({ type }, at) => {
        if (!issuers.has(type)) {
          problems.push({
            file,
            path: `/materials/${index}/acceptsLicences/${at}/type`,
            message: `no item of the catalogue issues licence type ${type}`,
          });
        }
      });
    });
    problems.push(...prefillProblems(item, issuers).map((p) => ({ file, ...p })));
  }
  return problems;
}

function prefillProblems(
  item: ServiceItem,
  issuers: ReadonlyMap<string, ServiceItem>,
): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  (item.prefill ?? []).forEach((rule, index) => {
    const at = (suffix: string) => `/prefill/${index}${suffix}`;
    if ((item.prefill ?? []).findIndex((r) => r.formPath === rule.formPath) !== index) {
      problems.push({ path: at('/formPath'), message: `${rule.formPath} is prefilled twice` });
    }
    const target = findSchemaProperty(item.formSchema, pointerToDotPath(rule.formPath));
    if (target === undefined) {
      problems.push({
        path: at('/formPath'),
        message: `${rule.formPath} is not declared in formSchema properties`,
      });
    }
    const issuer = issuers.get(rule.fromCertificateType);
    if (issuer === undefined) {
      problems.push({
        path: at('/fromCertificateType'),
        message: `no item of the catalogue issues licence type ${rule.fromCertificateType}`,
      });
      return;
    }
    const source =
      rule.field === LICENCE_NUMBER_FIELD
        ? { type: 'string' }
        : findSchemaProperty(issuer.certificate.fieldsSchema, rule.field);
    if (source === undefined) {
      problems.push({
        path: at('/field'),
        message: `field ${rule.field} is not declared in ${issuer.code}'s certificate fieldsSchema`,
      });
    } else if (target !== undefined && target.type !== source.type) {
      problems.push({
        path: at('/field'),
        message: `form ${rule.formPath} is "${String(target.type)}" but licence field ${rule.field} is "${String(source.type)}"`,
      });
    }
  });
  return problems;
}

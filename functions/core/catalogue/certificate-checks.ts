/**
 * Catalogue-load checks of an item's certificate template against its own schemas (see catalogue.ts): what
 * neither zod nor JSON Schema can say about how the template and the form fit together.
 */
import { isValidUnifiedSocialCreditCode } from '../licence/identifier.js';
import { findSchemaProperty } from './json-schema.js';
import type { ServiceItem } from './types.js';

/** One problem, at a JSON pointer inside the item's file. */
type Problem = { path: string; message: string };

/** The certificate template: a valid issuer code, labels of declared fields, a per-item array that exists. */
export const checkCertificate = (item: ServiceItem): Problem[] => {
  const problems: Problem[] = [];
  const certificate = item.certificate;
  if (!isValidUnifiedSocialCreditCode(certificate.issuerCode)) {
    problems.push({
      path: '/certificate/issuerCode',
      message: `${certificate.issuerCode} fails the GB 32100 check character`,
    });
  }
  certificate.fieldLabels.forEach(({ key }, index) => {
    const path = `/certificate/fieldLabels/${index}/key`;
    if (certificate.fieldLabels.findIndex((l) => l.key === key) !== index) {
      problems.push({ path, message: `duplicate label for field ${key}` });
    } else if (findSchemaProperty(certificate.fieldsSchema, key) === undefined) {
      problems.push({ path, message: `field ${key} is not declared in fieldsSchema properties` });
    }
  });
  const perItem = certificate.onePerFormItem;
  if (perItem !== undefined && findSchemaProperty(item.formSchema, perItem)?.type !== 'array') {
    problems.push({
      path: '/certificate/onePerFormItem',
      message: `form field ${perItem} must be declared in formSchema properties with "type": "array"`,
    });
  }
  return problems;
};

/** The validity cap names a date field of the licence; the holder fields are text fields of the form. */
export const checkHolderAndValidityCap = (item: ServiceItem): Problem[] => {
  const problems: Problem[] = [];
  const cap = item.certificate.validUntilNotAfterField;
  if (cap !== undefined) {
    const property = findSchemaProperty(item.certificate.fieldsSchema, cap);
    if (property?.type !== 'string' || property.format !== 'date') {
      problems.push({
        path: '/certificate/validUntilNotAfterField',
        message: `field ${cap} must be declared in fieldsSchema properties with "type": "string", "format": "date"`,
      });
    }
  }
  for (const [key, field] of Object.entries(item.certificate.holderFromForm ?? {})) {
    if (findSchemaProperty(item.formSchema, field)?.type !== 'string') {
      problems.push({
        path: `/certificate/holderFromForm/${key}`,
        message: `form field ${field} must be declared in formSchema properties with "type": "string"`,
      });
    }
  }
  return problems;
};

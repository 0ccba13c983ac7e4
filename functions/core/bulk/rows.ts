/**
 * A bulk row checked before any serial is taken: its shape (the NDJSON line is untrusted), then the same plan
 * as a case's licence (`planLicences`: the template's fields schema, the holder's check character, the
 * validity rules and cap, printable characters). A bad row becomes a failed row with the error the single
 * issuance would give — it never stops the job.
 */
import * as z from 'zod';
import type { CaseRecord } from '../cases/model.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { ServiceItem } from '../catalogue/types.js';
import type { PlannedLicence } from '../certificates/plan.js';
import { planLicences } from '../certificates/plan.js';
import { DomainError, isDomainError } from '../errors.js';
import type { GlyphCoverage } from '../licence/printable.js';
import { type BulkRowInput, MAX_ROW_BYTES } from './model.js';

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** One row: who holds the licence and what it says (the case's `certificates[]` entry, holder required). */
export const bulkRowSchema = z.strictObject({
  holder: z.strictObject({
    type: z.enum(['PERSON', 'ORGANIZATION']).optional().describe('PERSON by default'),
    name: z.string().trim().min(1).max(200).describe("A person's name, or an organisation's registered name"),
    idType: z
      .string()
      .regex(/^[0-9A-Z]{3}$/)
      .optional()
      .describe('证件类型: 111 resident ID (GB 11643), 001 unified social credit code (GB 32100)'),
    idNumber: z.string().trim().min(6).max(32).optional(),
    organization: z.string().trim().min(1).max(200).optional(),
  }),
  fields: z.record(z.string(), z.unknown()),
  validFrom: dateSchema.optional(),
  validUntil: dateSchema.optional(),
});

const invalidRow = (row: number, details: Record<string, unknown>) =>
  new DomainError(
    'UNPROCESSABLE',
    'INVALID_ROW',
    '该行不是有效的证照数据',
    'The row is not a valid licence row',
    {
      details: { row, ...details },
    },
  );

/** A line's size in UTF-8 bytes, or its length where that cannot pass the limit (a Chinese character is 3 bytes). */
const utf8Bytes = (line: string) =>
  line.length * 3 <= MAX_ROW_BYTES ? line.length : new TextEncoder().encode(line).byteLength;

/** Parse one NDJSON line (untrusted): a row, or the error of a failed row. */
export function parseRowLine(line: string, row: number): BulkRowInput | DomainError {
  if (utf8Bytes(line) > MAX_ROW_BYTES)
    return invalidRow(row, { reason: 'TOO_LONG', maxBytes: MAX_ROW_BYTES });
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return invalidRow(row, { reason: 'NOT_JSON' });
  }
  return checkRowShape(value, row);
}

/** A row's shape (for rows given inline this was checked by the request schema already). */
export function checkRowShape(value: unknown, row: number): BulkRowInput | DomainError {
  const parsed = bulkRowSchema.safeParse(value);
  if (parsed.success) return parsed.data as BulkRowInput;
  // Paths and zod's own messages only: never the values (a row holds personal data).
  return invalidRow(row, {
    failures: parsed.error.issues
      .slice(0, 10)
      .map((i) => ({ path: `/${i.path.join('/')}`, message: i.message })),
  });
}

// planLicences plans for a case; a bulk row has none: an empty form (nothing derived from it) and an applicant
// that is never used, since every row names its holder.
const noCase = { form: {}, applicant: { name: '', idNumber: '', mobile: '' } } as unknown as CaseRecord;

/** Rewrite an error of the case plan (`/certificates/0/…`, `index`) to name the bulk row. */
function forRow(error: DomainError, row: number): DomainError {
  const details = JSON.parse(
    JSON.stringify(error.details ?? {}).replaceAll('"/certificates/0', '"'),
  ) as Record<string, unknown>;
  delete details.index;
  return new DomainError(error.kind, error.code, error.messageZh, error.messageEn, {
    details: { row, ...details },
  });
}

/**
 * Plan one row as a licence of `item` issued at `issuedAt` — the same checks as a case's issuance — or the
 * error that makes it a failed row.
 */
export function planRow(
  catalogue: Catalogue,
  item: ServiceItem,
  input: BulkRowInput,
  row: number,
  issuedAt: Date,
  glyphs?: GlyphCoverage,
): PlannedLicence | DomainError {
  try {
    const [planned] = planLicences(catalogue, item, noCase, { certificates: [input] }, issuedAt, glyphs);
    if (!planned) return invalidRow(row, {});
    return planned;
  } catch (error) {
    if (isDomainError(error)) return forRow(error, row);
    throw error;
  }
}

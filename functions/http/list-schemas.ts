/** Schemas of the list endpoints (GET /v1/cases, GET /v1/certificates?holder…): cursor pagination, newest first. */
import * as z from 'zod';
import { nextCursor, pageQuery } from './page-schemas.js';
import { caseSchema, caseStatusSchema, certificateSchema } from './schemas.js';

export const caseListQuerySchema = z.object({
  serviceItemCode: z.string().min(1).max(64).optional(),
  status: caseStatusSchema.optional(),
  ...pageQuery,
});

export const caseListSchema = z.object({ cases: z.array(caseSchema), nextCursor }).meta({ id: 'CaseList' });

export const certificateListQuerySchema = z.object({
  holderIdNumber: z
    .string()
    .max(32)
    .optional()
    .describe(
      '居民身份证号码 (GB 11643) of a person holder; exactly one of holderIdNumber and holderCreditCode',
    ),
  holderCreditCode: z
    .string()
    .max(32)
    .optional()
    .describe('统一社会信用代码 (GB 32100) of an organisation holder'),
  type: z.string().min(1).max(64).optional().describe('Certificate type'),
  status: z.enum(['VALID', 'REVOKED', 'EXPIRED', 'SUSPENDED', 'SUPERSEDED']).optional(),
  ...pageQuery,
});

export const certificateListSchema = z
  .object({ certificates: z.array(certificateSchema), nextCursor })
  .meta({ id: 'CertificateList' });

/** Request and response schemas of 告知承诺制 (the pledge and its checks); they feed /openapi.json. */
import * as z from 'zod';
import { nextCursor, pageQuery } from './page-schemas.js';

export const pledgeRequestSchema = z
  .strictObject({
    signatory: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .describe('Who signs the pledge (printed on the pledge document; masked in responses)'),
    accepted: z.literal(true).describe('The applicant read and accepts the pledge text of the item'),
  })
  .meta({ id: 'PledgeRequest' });

export const pledgeCheckRequestSchema = z
  .strictObject({
    department: z.string().min(1).max(64).describe('An approving department of the item'),
    outcome: z
      .enum(['CONFIRMED', 'FALSE'])
      .describe('FALSE revokes every licence of the case (PLEDGE_FALSE) and bars the holder'),
    comment: z.string().max(1000).optional(),
  })
  .meta({ id: 'PledgeCheckRequest' });

export const pledgeCheckQuerySchema = z.object({
  dueBefore: z
    .string()
    .max(40)
    .optional()
    .describe(
      'Checks due at or before this instant (ISO 8601) or date (end of day, Asia/Shanghai); default now',
    ),
  ...pageQuery,
});

export const pledgeCheckListSchema = z
  .object({
    checks: z.array(
      z.object({
        caseId: z.string(),
        serviceItemCode: z.string(),
        dueAt: z.iso.datetime(),
        status: z.enum(['PENDING', 'CONFIRMED', 'FALSE']),
      }),
    ),
    nextCursor,
  })
  .meta({ id: 'PledgeCheckList' });

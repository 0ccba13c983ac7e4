/** Schemas of bulk issuance (`/v1/bulk-issuances…`): the request, its answers, the upload. */
import * as z from 'zod';
import { MAX_BULK_ROWS, MAX_INLINE_ROWS, MAX_ROWS_FILE_BYTES } from '../core/bulk/model.js';
import { bulkRowSchema } from '../core/bulk/rows.js';

export const bulkRowInputSchema = bulkRowSchema.meta({
  id: 'BulkRow',
  description:
    'One licence: its holder and fields (all of them: a bulk row has no case form to derive fields from), ' +
    'validity optional (else the template’s). The same checks as a case’s `certificates[]` entry.',
});

export const bulkIssuanceRequestSchema = z
  .strictObject({
    serviceItemCode: z.string().min(1).max(64),
    basis: z
      .strictObject({
        reference: z
          .string()
          .trim()
          .min(1)
          .max(200)
          .describe(
            'The decision or register the licences are issued on (e.g. 存量证照电子化 notice number)',
          ),
      })
      .describe('Why these licences are issued without a case'),
    rows: z
      .array(bulkRowInputSchema)
      .min(1)
      .max(MAX_INLINE_ROWS)
      .optional()
      .describe(`Inline rows (at most ${MAX_INLINE_ROWS}); larger jobs upload an NDJSON file`),
    rowsUrl: z
      .url()
      .max(300)
      .optional()
      .describe(
        `The rowsUrl of POST /v1/bulk-issuances/uploads once its file is uploaded: NDJSON, one BulkRow a line, ` +
          `at most ${MAX_BULK_ROWS} rows and ${MAX_ROWS_FILE_BYTES} bytes`,
      ),
  })
  .refine((r) => (r.rows === undefined) !== (r.rowsUrl === undefined), {
    message: 'Give either rows or rowsUrl',
    path: ['rows'],
  })
  .meta({ id: 'BulkIssuanceRequest' });

export const bulkIssuanceStartedSchema = z
  .object({
    bulkId: z.string(),
    status: z.literal('RUNNING'),
  })
  .meta({ id: 'BulkIssuanceStarted' });

export const bulkIssuanceSchema = z
  .object({
    bulkId: z.string(),
    status: z.enum(['RUNNING', 'COMPLETED', 'FAILED']),
    serviceItemCode: z.string(),
    basis: z.object({ reference: z.string() }),
    total: z.number().int().describe('Rows of the job (0 while an uploaded file is still being split)'),
    issued: z.number().int(),
    failed: z.number().int(),
    createdAt: z.string(),
    completedAt: z.string().optional(),
    resultsUrl: z
      .string()
      .optional()
      .describe(
        'COMPLETED: presigned GET of the results, NDJSON in row order: {"row","certificateId","number"} or ' +
          '{"row","error":{"code","message","details"?,"requestId"}} (no personal data)',
      ),
    resultsUrlExpiresAt: z.string().optional(),
    error: z
      .object({ code: z.string(), message: z.string() })
      .optional()
      .describe('FAILED: why the job could not start (e.g. TOO_MANY_ROWS)'),
  })
  .meta({ id: 'BulkIssuance' });

export const bulkUploadSchema = z
  .object({
    uploadUrl: z.string().describe('Presigned PUT of the NDJSON rows file'),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()).describe('Headers the PUT must carry'),
    rowsUrl: z.string().describe('Names the uploaded file in POST /v1/bulk-issuances'),
    maxBytes: z.number().int(),
    expiresAt: z.string(),
  })
  .meta({ id: 'BulkUpload' });

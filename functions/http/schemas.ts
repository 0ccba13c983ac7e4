/**
 * Request and response schemas of the HTTP contract (API.md). Requests are validated with them; the OpenAPI
 * document is generated from them.
 */
import * as z from 'zod';
import {
  serviceItemSchema as serviceItemDataSchema,
  serviceItemSampleSchema as serviceItemSampleDataSchema,
} from '../core/catalogue/types.js';
import { verificationSchema } from './verification-schemas.js';

export { verificationSchema };

export const problemSchema = z.object({ code: z.string(), message: z.string() }).meta({ id: 'Problem' });

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable UPPER_SNAKE code'),
      message: z.string().describe('Human readable, Chinese first'),
      details: z.record(z.string(), z.unknown()).optional(),
      requestId: z.string(),
    }),
  })
  .meta({ id: 'Error' });

export const serviceItemSchema = serviceItemDataSchema.meta({ id: 'ServiceItem' });

/** 样表: a form `POST /v1/cases` accepts and the `certificates` entries issuance accepts for it, dates as of today. */
export const serviceItemSampleSchema = serviceItemSampleDataSchema.meta({
  id: 'ServiceItemSample',
  description:
    'A filled sample of the item, valid as published: `form` for POST /v1/cases, `certificates` for ' +
    'POST /v1/cases/{caseId}/certificates once the case is approved; dates are relative to today (Asia/Shanghai)',
});

export const applicantInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(64),
  idNumber: z.string().trim().min(15).max(18),
  mobile: z.string().trim().min(11).max(20),
  organization: z.string().trim().min(1).max(200).optional(),
  creditCode: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .optional()
    .describe(
      "The organization's 统一社会信用代码 (GB 32100 check character); its licences name the organization",
    ),
});

/** The applicant's authorisation to use a licence issued through another client (用证授权): a reference. */
export const consentRefSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{5,127}$/, '6–128 letters, digits and . _ : / -, e.g. AUTH-2026-000123')
  .describe(
    "Reference of the applicant's authorisation to use licences issued through other clients (用证授权); " +
      'stored on the material and audited',
  );

export const createCaseRequestSchema = z
  .strictObject({
    serviceItemCode: z.string().min(1).max(64),
    applicant: applicantInputSchema,
    form: z.record(z.string(), z.unknown()),
    reuseLicences: z
      .boolean()
      .optional()
      .describe(
        "Fill every material that accepts licences from the holder's in-force licences (自动调取); one without stays MISSING",
      ),
    consentRef: consentRefSchema.optional(),
    prefill: z
      .boolean()
      .optional()
      .describe("Take form values from the holder's in-force licences; the values sent in `form` win"),
  })
  .meta({ id: 'CreateCaseRequest' });

export const pullLicenceRequestSchema = z
  .strictObject({
    certificateId: z.string().min(1).max(64).optional().describe('Default: the newest usable licence found'),
    consentRef: consentRefSchema.optional().describe('Required for a licence issued through another client'),
  })
  .meta({ id: 'PullLicenceRequest' });

const materialSourceSchema = z
  .enum(['UPLOAD', 'E_LICENCE', 'PLEDGE'])
  .describe(
    'E_LICENCE: a licence of this system pulled as the material, no upload; PLEDGE: replaced by the signed pledge (告知承诺)',
  );

export const caseStatusSchema = z
  .enum(['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'ISSUED', 'RETURNED'])
  .describe('RETURNED (退件): a deferred material was not supplied by its due time');

const materialLicenceSchema = z
  .object({
    certificateId: z.string(),
    number: z.string(),
    type: z.string(),
    validUntil: z.string(),
  })
  .meta({ id: 'MaterialLicence' });

export const prefillSchema = z
  .object({
    form: z.record(z.string(), z.unknown()).describe('Partial form: only what in-force licences give'),
    sources: z.record(
      z.string().describe('JSON pointer into form'),
      z.object({ certificateId: z.string(), number: z.string(), field: z.string() }),
    ),
  })
  .meta({ id: 'Prefill' });

export const decisionRequestSchema = z
  .strictObject({
    department: z.string().min(1).max(64),
    decision: z.enum(['APPROVE', 'REJECT']),
    comment: z.string().max(1000).optional(),
  })
  .meta({ id: 'DecisionRequest' });

export const uploadUrlRequestSchema = z
  .strictObject({ contentType: z.string().min(1).max(100) })
  .meta({ id: 'UploadUrlRequest' });

export const uploadUrlSchema = z
  .object({
    url: z.url(),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'UploadUrl' });

export const materialSchema = z
  .object({
    materialCode: z.string(),
    status: z.enum(['ACCEPTED', 'REJECTED']),
    mediaType: z.string(),
    bytes: z.number().int(),
    sha256: z.string(),
    problems: z.array(problemSchema),
    source: materialSourceSchema,
    licence: materialLicenceSchema.optional(),
    // 一键核验 of a signed PDF.
    verification: verificationSchema.optional(),
  })
  .meta({ id: 'Material' });

export const caseSchema = z
  .object({
    caseId: z.string(),
    serviceItemCode: z.string(),
    status: caseStatusSchema,
    applicant: z.object({
      name: z.string().describe('masked'),
      idNumber: z.string().describe('masked'),
      mobile: z.string().describe('masked'),
      organization: z.string().optional(),
      creditCode: z.string().optional().describe('masked'),
    }),
    form: z.record(z.string(), z.unknown()),
    checklist: z.array(
      z.object({
        materialCode: z.string(),
        name: z.string(),
        required: z.boolean(),
        status: z.enum(['MISSING', 'ACCEPTED', 'REJECTED']),
        problems: z.array(problemSchema),
        source: materialSourceSchema.optional(),
        licence: materialLicenceSchema.optional(),
        get verification() {
          return verificationSchema.optional();
        },
      }),
    ),
    decisions: z.array(
      z.object({
        department: z.string(),
        decision: z.enum(['APPROVE', 'REJECT']),
        at: z.iso.datetime(),
        comment: z.string().optional(),
      }),
    ),
    pendingDepartments: z.array(z.string()),
    submittedAt: z.iso.datetime().optional(),
    dueAt: z.iso.datetime().optional().describe('Last instant of the due working day (Asia/Shanghai)'),
    dueAtBasis: z
      .enum(['OFFICIAL', 'PROVISIONAL'])
      .optional()
      .describe(
        'OFFICIAL: counted on State Council holiday notices; PROVISIONAL: a year without a notice was counted ' +
          'on the statutory holidays alone, and the deadline is recomputed (never earlier) once the notice is loaded',
      ),
    sla: z
      .object({ remainingWorkingDays: z.number().int(), status: z.enum(['ON_TIME', 'DUE_SOON', 'OVERDUE']) })
      .optional(),
    certificateIds: z.array(z.string()),
    deferred: z
      .array(z.object({ materialCode: z.string(), dueAt: z.iso.datetime() }))
      .optional()
      .describe(
        '容缺受理: materials still to be supplied, each by its due time; no licence is issued meanwhile',
      ),
    returnedAt: z.iso.datetime().optional(),
    pledge: z
      .object({
        signatory: z.string().describe('masked'),
        acceptedAt: z.iso.datetime(),
        replaces: z.array(z.string()),
        sha256: z.string().describe('SHA-256 of the pledge document (PDF) kept with the case'),
        check: z
          .object({
            dueAt: z.iso.datetime(),
            status: z.enum(['PENDING', 'CONFIRMED', 'FALSE']),
            department: z.string().optional(),
            at: z.iso.datetime().optional(),
          })
          .optional()
          .describe('事后核查, scheduled at approval'),
      })
      .optional()
      .describe('告知承诺: the pledge signed in place of the materials it replaces'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Case' });

export const auditEntrySchema = z
  .object({
    seq: z.number().int(),
    at: z.iso.datetime(),
    actor: z.string(),
    action: z.string(),
    subject: z.string(),
    details: z.record(z.string(), z.unknown()),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });

export const auditVerificationSchema = z
  .object({
    intact: z.boolean(),
    entries: z.number().int(),
    head: z.string(),
    firstBrokenSeq: z
      .number()
      .int()
      .optional()
      .describe('The broken entry, the first missing one, or the seq after the last checkpoint that matches'),
    reason: z.string().optional().describe('Why the chain is broken at firstBrokenSeq'),
    brokenBetween: z
      .tuple([z.number().int(), z.number().int()])
      .optional()
      .describe('Where the first change lies (inclusive), as the hash links and signed checkpoints pin it'),
    verifiedThroughSeq: z
      .number()
      .int()
      .optional()
      .describe('Entries 1 … this seq are vouched for by a genuine checkpoint that matches the chain'),
    checkpoints: z.number().int().optional().describe('Signed checkpoints the chain was held against'),
  })
  .meta({ id: 'AuditVerification' });

const holderSchema = z.strictObject({
  type: z.enum(['PERSON', 'ORGANIZATION']).optional().describe('PERSON by default'),
  name: z.string().trim().min(1).max(200).describe("A person's name, or an organisation's registered name"),
  idType: z
    .string()
    .regex(/^[0-9A-Z]{3}$/)
    .optional()
    .describe('证件类型: 111 resident ID (GB 11643), 001 unified social credit code (GB 32100)'),
  idNumber: z.string().trim().min(6).max(32).optional(),
  organization: z.string().trim().min(1).max(200).optional(),
});

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const issueRequestSchema = z
  .strictObject({
    certificates: z
      .array(
        z.strictObject({
          holder: holderSchema.optional(),
          fields: z.record(z.string(), z.unknown()).optional(),
          validFrom: dateSchema.optional(),
          validUntil: dateSchema.optional(),
        }),
      )
      .max(100)
      .optional(),
    notify: z.strictObject({ mobile: z.string().min(11).max(20) }).optional(),
  })
  .meta({ id: 'IssueRequest' });

export const certificateSchema = z
  .object({
    certificateId: z.string(),
    number: z.string(),
    identifier: z.string().describe('GB/T 36904: 1.2.156.3005.2.<type>.<issuer>.<serial>.<version>.<check>'),
    serviceItemCode: z.string(),
    caseId: z.string(),
    type: z.string(),
    typeName: z.string(),
    issuer: z.string(),
    status: z.enum(['VALID', 'REVOKED', 'EXPIRED', 'SUSPENDED', 'SUPERSEDED']),
    holder: z.object({
      type: z.enum(['PERSON', 'ORGANIZATION']),
      name: z.string().describe("masked for a person; an organisation's registered name"),
      idType: z.string().optional().describe('证件类型: 111 resident ID, 001 unified social credit code'),
      idNumber: z.string().optional().describe('masked'),
      organization: z.string().optional(),
    }),
    fields: z.record(z.string(), z.unknown()),
    issuedAt: z.iso.datetime(),
    validFrom: dateSchema,
    validUntil: dateSchema,
    sha256: z.string(),
    verificationCode: z.string(),
    verifyUrl: z.url(),
    revokedAt: z.iso.datetime().optional(),
    revocationReason: z.string().optional(),
    suspendedAt: z.iso.datetime().optional(),
    suspensionReason: z.string().optional(),
    supersededBy: z.string().optional(),
    supersededByNumber: z.string().optional(),
    replaces: z.string().optional(),
    statusList: z
      .object({
        uri: z.url().describe('GET it: application/statuslist+jwt'),
        idx: z.number().int().min(0),
      })
      .optional()
      .describe('IETF Token Status List entry (2 bits: 0 VALID, 1 INVALID, 2 SUSPENDED)'),
  })
  .meta({ id: 'Certificate' });

export const issuedCertificatesSchema = z
  .object({
    certificates: z.array(certificateSchema),
    notifications: z
      .array(
        z.object({
          certificateId: z.string(),
          status: z.enum(['SENT', 'QUEUED', 'FAILED']),
          messageId: z.string().optional(),
        }),
      )
      .optional()
      .describe(
        'With `notify`: ONE SMS for the request, whose link lists every licence of the request; each licence lists that message (same status and messageId). QUEUED: the progress-SMS consumer sends it; FAILED: it retries, and POST …/notifications sends a licence’s own link; the licences stay issued',
      ),
  })
  .meta({ id: 'IssuedCertificates' });

export const revokeRequestSchema = z
  .strictObject({ reason: z.string().trim().min(2).max(500) })
  .meta({ id: 'RevokeRequest' });

export const notificationRequestSchema = z
  .strictObject({ mobile: z.string().min(11).max(20) })
  .meta({ id: 'NotificationRequest' });

export const reasonRequestSchema = z
  .strictObject({ reason: z.string().trim().min(2).max(500) })
  .meta({ id: 'ReasonRequest' });

export const reissueRequestSchema = z
  .strictObject({
    reason: z.string().trim().min(2).max(500),
    holder: z
      .strictObject({
        name: z.string().trim().min(1).max(64),
        idNumber: z.string().trim().min(6).max(32).optional(),
        organization: z.string().trim().min(1).max(200).optional(),
      })
      .optional(),
    fields: z.record(z.string(), z.unknown()).optional(),
    validUntil: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
      .optional(),
  })
  .meta({ id: 'ReissueRequest' });

/**
 * The shape of a service item (办事指南 entry) as stored in `functions/catalogue/*.json`.
 * Files are validated against `serviceItemFileSchema` at load: a broken file stops start-up.
 */
import * as z from 'zod';
import { formRuleSchema } from './form-rules.js';

export const mediaTypeSchema = z.enum(['application/pdf', 'image/jpeg', 'image/png']);
export type MediaType = z.infer<typeof mediaTypeSchema>;

/**
 * A condition on the case's `form`, e.g. `{"field":"totalWeightTonnes","gt":100}`.
 * `field` is a dot path into the form. Exactly one comparison is given.
 */
export const formConditionSchema = z
  .object({
    field: z.string().min(1),
    equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    in: z.array(z.union([z.string(), z.number()])).optional(),
    exists: z.boolean().optional(),
  })
  .strict()
  .refine(
    (c) =>
      ['equals', 'gt', 'gte', 'lt', 'lte', 'in', 'exists'].filter(
        (k) => k in c && c[k as keyof typeof c] !== undefined,
      ).length === 1,
    { message: 'a condition needs exactly one of equals, gt, gte, lt, lte, in, exists' },
  );
export type FormCondition = z.infer<typeof formConditionSchema>;

export const materialRuleSchema = z
  .object({
    /** Stable code, UPPER_SNAKE, unique within the item. */
    code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
    name: z.string().min(1),
    nameEn: z.string().min(1),
    /** Required always (`true`), never (`false`), or only when the condition on `form` holds. */
    required: z.boolean(),
    requiredWhen: formConditionSchema.optional(),
    mediaTypes: z.array(mediaTypeSchema).min(1),
    maxBytes: z.number().int().positive(),
    /** PDFs only: most pages allowed. */
    maxPages: z.number().int().positive().optional(),
    /** Images only: minimum pixel size of the shorter and longer side. */
    minImageShortSide: z.number().int().positive().optional(),
    minImageLongSide: z.number().int().positive().optional(),
    /** Guidance shown to the applicant. */
    description: z.string().optional(),
    /**
     * Licence types (`certificate.type` of a catalogue item) whose in-force licence of the applicant satisfies
     * the rule without an upload (电子证照自动调取). Checked at load: every type is issued by some item.
     */
    acceptsLicences: z
      .array(z.object({ type: z.string().regex(/^[A-Z][A-Z0-9_]*$/) }).strict())
      .min(1)
      .optional(),
    /**
     * The material is the item's application form (申请表): `GET /v1/service-items/{code}/templates/{materialCode}`
     * prints a blank PDF of the item's `formSchema` to fill in. At most one per item (checked at load).
     */
    form: z.literal(true).optional(),
    /**
     * 容缺受理: the case may be submitted without this material, to be supplied within `withinWorkingDays`
     * working days of submission (no licence is issued meanwhile; the case is returned after). `why` records
     * the guide's reasoning (a photo or a secondary certificate; never the application form or a safety
     * assessment). Checked at load: not the form, not replaced by the pledge, within the promised limit.
     */
    deferrable: z
      .object({ withinWorkingDays: z.number().int().positive(), why: z.string().min(1) })
      .strict()
      .optional(),
  })
  .strict();
export type MaterialRule = z.infer<typeof materialRuleSchema>;

/**
 * 告知承诺制: the applicant's signed pledge in place of the listed materials (`replaces`). The department
 * checks afterwards (事后核查) within `checkWithinWorkingDays` working days of approval; a false pledge
 * revokes the case's licences and bars the holder from pledging for this item for `barDays` days.
 */
export const pledgeSchema = z
  .object({
    /** Material codes of the item the pledge stands in for (checked at load: none is the form). */
    replaces: z.array(z.string().regex(/^[A-Z][A-Z0-9_]*$/)).min(1),
    /** The pledge as the applicant reads and signs it (printed in the pledge document). */
    text: z.string().min(1),
    /** 事后核查 falls due this many working days after approval. */
    checkWithinWorkingDays: z.number().int().positive(),
    /** Days a holder whose pledge proved false may not pledge for this item again (信用约束). */
    barDays: z.number().int().positive(),
    /** The rules that allow the pledge for this item, as printed on the pledge document. */
    basis: z.string().min(1),
  })
  .strict();
export type Pledge = z.infer<typeof pledgeSchema>;

/** A JSON Schema (draft 2020-12) document; validated with ajv at load and compiled once. */
export const jsonSchemaSchema = z.record(z.string(), z.unknown());

export const certificateTemplateSchema = z
  .object({
    /** Licence type, e.g. `超限运输车辆通行证`. */
    name: z.string().min(1),
    nameEn: z.string().min(1),
    /** Our stable type code, e.g. `TRANSPORT_OVERSIZE_PASS`. */
    type: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
    /** GB/T 36904 licence-type code (digits/upper letters) used in the identifier. */
    typeCode: z.string().regex(/^[0-9A-Z]+$/),
    /** GB/T 36904 issuer code: the issuing authority's unified social credit code (18 chars). */
    issuerCode: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/),
    /** Issuing authority as printed and on the seal, e.g. `湖南省交通运输厅`. */
    issuer: z.string().min(1),
    /** Seal purpose printed under the star, e.g. `行政审批专用章`. */
    sealPurpose: z.string().min(1),
    /** Prefix of the human-readable licence number, e.g. `湘交超`. */
    numberPrefix: z.string().min(1),
    /** Fixed validity in days from `validFrom`, or absent when the validity comes from the request. */
    validityDays: z.number().int().positive().optional(),
    /** When set, one licence is issued per element of this array in the case form (e.g. `products`). */
    onePerFormItem: z.string().optional(),
    fieldsSchema: jsonSchemaSchema,
    /**
     * Licence fields derived from the case form when the issuing request does not give them: field key → dot
     * path into the form; `$item.` paths read the element of `onePerFormItem` the licence is for.
     */
    fieldsFromForm: z.record(z.string(), z.string().min(1)).optional(),
    /** Validity read from the form (dates `YYYY-MM-DD`, or a term in whole years from the issue date). */
    validityFromForm: z
      .object({
        fromField: z.string().optional(),
        untilField: z.string().optional(),
        yearsField: z.string().optional(),
      })
      .strict()
      .optional(),
    /**
     * A licence field (`format: date`) the validity may not run past, e.g. the registration of the product
     * an export certificate certifies: a derived validity stops there; a requested one beyond it is refused.
     */
    validUntilNotAfterField: z.string().min(1).optional(),
    /**
     * The licence names an enterprise of the form as its holder (name and 统一社会信用代码, dot paths into the
     * form), not the person who filed the case.
     */
    holderFromForm: z
      .object({ nameField: z.string().min(1), creditCodeField: z.string().min(1) })
      .strict()
      .optional(),
    /**
     * What one licence is for, where the licences of an issuance request are listed (the SMS link's page):
     * a licence field (`fieldEn` its English twin, if the licence has one) and the English label; the Chinese
     * label is the field's in `fieldLabels`. E.g. the product of an export certificate. Checked at load.
     */
    subject: z
      .object({ field: z.string().min(1), fieldEn: z.string().min(1).optional(), labelEn: z.string().min(1) })
      .strict()
      .optional(),
    /** Ordered labels of the fields printed on the licence: field key → Chinese label. */
    fieldLabels: z.array(z.object({ key: z.string(), label: z.string() }).strict()).min(1),
  })
  .strict();
export type CertificateTemplate = z.infer<typeof certificateTemplateSchema>;

/**
 * One form value prefilled from the holder's in-force licence (办事信息自动预填): `formPath` (a JSON pointer
 * into `form`) takes the licence's `field` (a key of that type's `fieldsSchema`, or `$number` for the licence
 * number). Checked at load: the pointer names a form property of the value's type, the type and field exist.
 */
export const prefillRuleSchema = z
  .object({
    formPath: z.string().regex(/^(\/[^/~]+)+$/, 'a JSON pointer into the form, e.g. /enterpriseName'),
    fromCertificateType: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
    field: z.string().regex(/^(\$number|[A-Za-z][A-Za-z0-9_]*)$/),
  })
  .strict();
export type PrefillRule = z.infer<typeof prefillRuleSchema>;

/**
 * A filled sample of an item (样表): a form and the issuing request's entries that pass every check of intake
 * and issuance, so an integrator can start from it. A date may be written `$today`, `$today+N` or `$today-N`
 * (N days, Asia/Shanghai): it is resolved on the day the sample is served or checked, so a sample whose rules
 * compare dates with the day (a trip not yet over, a registration still in force) never goes stale.
 */
export const serviceItemSampleSchema = z
  .object({
    form: z.record(z.string(), z.unknown()),
    /** The entries of `POST /v1/cases/{caseId}/certificates` for a case with this form. */
    certificates: z
      .array(z.object({ fields: z.record(z.string(), z.unknown()) }).strict())
      .min(1)
      .max(100),
  })
  .strict();
export type ServiceItemSample = z.infer<typeof serviceItemSampleSchema>;

export const serviceItemFileSchema = z
  .object({
    code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
    name: z.string().min(1),
    nameEn: z.string().min(1),
    /** Lead department (受理部门). */
    department: z.string().min(1),
    /** Departments that approve in parallel (并联审批); all must approve. */
    departments: z.array(z.string().min(1)).min(1),
    statutoryLimitWorkingDays: z.number().int().positive(),
    /** Promised limit (承诺时限) in working days; drives `dueAt`. */
    timeLimitWorkingDays: z.number().int().positive(),
    formSchema: jsonSchemaSchema,
    materials: z.array(materialRuleSchema).min(1),
    /** Cross-field rules of `form` (see form-rules.ts), checked at case creation and at submit. */
    formRules: z.array(formRuleSchema).optional(),
    certificate: certificateTemplateSchema,
    /** Form values taken from the holder's in-force licences (`GET /v1/service-items/{code}/prefill`). */
    prefill: z.array(prefillRuleSchema).optional(),
    /** 告知承诺制: the materials a signed pledge may replace (`POST /v1/cases/{caseId}/pledge`). */
    pledge: pledgeSchema.optional(),
    /** The filled sample (样表) published at `GET /v1/service-items/{code}/sample`; see samples.ts. */
    sample: serviceItemSampleSchema,
  })
  .strict();
/** A catalogue file as stored, sample included. */
export type ServiceItemFile = z.infer<typeof serviceItemFileSchema>;

/** The item as the catalogue serves it: its sample has an endpoint of its own (with its dates resolved). */
export const serviceItemSchema = serviceItemFileSchema.omit({ sample: true });
export type ServiceItem = z.infer<typeof serviceItemSchema>;

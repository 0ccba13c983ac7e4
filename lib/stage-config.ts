/**
 * Stage configuration from CDK context (`-c stage=prod`, values in cdk.json), validated once. Everything that
 * differs between a test stage and production lives here, so the constructs carry no literals for it.
 */
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import * as z from 'zod';

// CloudWatch Logs accepts only these retention periods.
const retentionChoices = Object.values(logs.RetentionDays).filter(
  (d): d is number => typeof d === 'number' && d > 0,
);

const stageSchema = z.object({
  /** Placeholder account so that `cdk synth` works offline; `cdk deploy` uses the real one from the CLI. */
  account: z.string().regex(/^\d{12}$/),
  region: z.string().min(1),
  /** Retention of issued licences under S3 object lock (COMPLIANCE: nobody, not even root, can shorten it). */
  licenceRetentionDays: z.number().int().min(1),
  /** Case materials are personal data: kept only as long as the case file must be. */
  materialsRetentionDays: z.number().int().min(1),
  logRetentionDays: z
    .number()
    .int()
    .refine((days) => retentionChoices.includes(days), `one of ${retentionChoices.join(', ')}`),
  /** Stage-wide API Gateway throttling (requests per second, burst). */
  apiRateLimit: z.number().int().min(1),
  apiBurstLimit: z.number().int().min(1),
  /** Per-IP WAF limit on `/verify/*` and `/s/*` per 5 minutes (and the route throttle where there is no WAF). */
  publicRateLimitPer5Min: z.number().int().min(100),
  /** Where alarms go (e-mail); none: the alarm topic exists and can be subscribed later. */
  alarmEmail: z.string().email().optional(),
  /** A custom domain in front of the API (e.g. `https://zz.example.gov.cn`); default: the generated URL. */
  publicBaseUrl: z.url().optional(),
  /**
   * The RFC 3161 time-stamp authority of the seals (PAdES B-T/B-LT), e.g. a qualified TSA's https URL. Unset:
   * seals are B-B (no time-stamp, no DSS).
   */
  tsaUrl: z.url().optional(),
  /**
   * China regions: the ICP-recorded domain of the status-list edge distribution (CloudFront there cannot serve
   * from *.cloudfront.cn), e.g. `status.zz.example.gov.cn`; with `statusListIamCertificateId`. Unset: no edge
   * cache in China, the lists are served by the API. Outside China the main distribution caches them.
   */
  statusListDomain: z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a lower-case host name')
    .optional(),
  /** The IAM server certificate (id) of `statusListDomain`. */
  statusListIamCertificateId: z
    .string()
    .regex(/^[A-Z0-9]{16,32}$/)
    .optional(),
  /** The principal that runs the seal-certificate bootstrap (may sign with the root CA key). */
  bootstrapPrincipalArn: z.string().startsWith('arn:').optional(),
});

/** One stage's validated settings plus its name. */
export type StageConfig = z.infer<typeof stageSchema> & {
  stage: string;
  /** Whether the account's partition has CloudFront-scoped WAF (not in the China regions). */
  edgeWaf: boolean;
  /**
   * Whether the stage seals the OFD rendition (GB/T 38540) with KMS SM2 keys: the China regions only, where KMS
   * has the SM2 key spec. Elsewhere there is no SM2 key and the OFD routes answer 404 OFD_NOT_AVAILABLE.
   */
  ofdSeal: boolean;
};

/** Defaults for every stage; cdk.json's `stages.<name>` and single `-c key=value` pairs override them. */
export const stageDefaults = {
  account: '000000000000',
  region: 'cn-north-1',
  licenceRetentionDays: 3650,
  materialsRetentionDays: 1095,
  logRetentionDays: 365,
  apiRateLimit: 200,
  apiBurstLimit: 400,
  publicRateLimitPer5Min: 300,
} as const;

const numericKeys = new Set([
  'licenceRetentionDays',
  'materialsRetentionDays',
  'logRetentionDays',
  'apiRateLimit',
  'apiBurstLimit',
  'publicRateLimitPer5Min',
]);

/** Reads the stage (context `stage`, default `dev`) and its settings from the app's context. */
export function readStageConfig(node: Node): StageConfig {
  const stage = String(node.tryGetContext('stage') ?? 'dev');
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(stage)) throw new Error(`invalid stage name: ${stage}`);
  const fromFile = node.tryGetContext('stages')?.[stage] ?? {};
  const merged: Record<string, unknown> = { ...stageDefaults, ...fromFile };
  // Single overrides from the command line (`-c region=eu-central-1`) arrive as strings.
  for (const key of Object.keys(stageSchema.shape)) {
    const value = node.tryGetContext(key);
    if (value !== undefined) merged[key] = numericKeys.has(key) ? Number(value) : value;
  }
  const parsed = stageSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid stage configuration for ${stage}:\n  ${problems.join('\n  ')}`);
  }
  if (
    (parsed.data.statusListDomain === undefined) !==
    (parsed.data.statusListIamCertificateId === undefined)
  ) {
    throw new Error(
      `invalid stage configuration for ${stage}:\n  statusListDomain and statusListIamCertificateId go together`,
    );
  }
  const china = parsed.data.region.startsWith('cn-');
  return { ...parsed.data, stage, edgeWaf: !china, ofdSeal: china };
}

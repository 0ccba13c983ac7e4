/**
 * The composition root: typed configuration (+ optional pre-built clients, for tests) → every dependency.
 * The only place where adapters are chosen — the heavy ones through the parts a handler module passes in
 * (functions/parts/). Built once per process (Lambda cold start, local runtime start).
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConsoleLogger } from './adapters/console-logger.js';
import { DynamoApiClientStore } from './adapters/dynamodb-api-client-store.js';
import { DynamoAuditLog } from './adapters/dynamodb-audit-log.js';
import { DynamoCaseStore } from './adapters/dynamodb-case-store.js';
import { DynamoCheckpointStore } from './adapters/dynamodb-checkpoint-store.js';
import { DynamoCaseFollowUps } from './adapters/dynamodb-follow-ups.js';
import { DynamoIdempotencyStore } from './adapters/dynamodb-idempotency-store.js';
import { DynamoCounters, DynamoLedger } from './adapters/dynamodb-ledger.js';
import { DynamoProgressSmsLog } from './adapters/dynamodb-progress-sms-log.js';
import { DynamoSmsLinkStore } from './adapters/dynamodb-sms-link-store.js';
import { DynamoStatsAggregates } from './adapters/dynamodb-stats-aggregates.js';
import { DynamoStatusListEntries } from './adapters/dynamodb-status-list-index.js';
import { DynamoEventCursor } from './adapters/dynamodb-webhook-store.js';
import { HttpTimeStampAuthority } from './adapters/http-time-stamp-authority.js';
import { HttpValidationData } from './adapters/http-validation-data.js';
import { licenceGlyphCoverage } from './adapters/licence-glyphs.js';
import { OutboxSmsSender } from './adapters/outbox-sms-sender.js';
import { S3RevokedCertificates, TSA_CERTIFICATES_KEY } from './adapters/pki-objects.js';
import { PooledCounters } from './adapters/pooled-counters.js';
import { NoMetrics, PowertoolsLoggerAdapter, PowertoolsMetricsAdapter } from './adapters/powertools.js';
import { S3ObjectStore } from './adapters/s3-object-store.js';
import { tuneClient } from './adapters/sdk-client-tuning.js';
import { SealChainStore, SM2_SEAL_CHAIN_KEY } from './adapters/seal-chain-store.js';
import { CryptoRandom, SystemClock } from './adapters/system-clock.js';
import { calendarYearFiles } from './catalogue/calendar/index.js';
import { catalogueFiles } from './catalogue/index.js';
import { progressTemplateFile } from './catalogue/sms-templates/index.js';
import { trustedIssuerFiles } from './catalogue/trusted-issuers/index.js';
import type { Config } from './config.js';
import type { BulkDependencies } from './core/bulk/context.js';
import { createWorkingDayCalendar } from './core/calendar/working-day-calendar.js';
import type { CaseDependencies } from './core/cases/case-context.js';
import { materialVerifier } from './core/cases/material-verification.js';
import { buildCatalogue, type Catalogue } from './core/catalogue/catalogue.js';
import type { CertificateDependencies } from './core/certificates/certificate-service.js';
import type { IssuanceDependencies } from './core/certificates/issue-certificates.js';
import type { VerificationDependencies } from './core/certificates/verify-licence.js';
import type { DeliveryDependencies } from './core/delivery/sms-links.js';
import type { ArchiveDependencies } from './core/jobs/archive-timestamps.js';
import type { OfdDependencies } from './core/ofd/ofd-service.js';
import { OcspResponder, type RevocationDependencies } from './core/pki/revocation-service.js';
import type { PledgeDocumentRenderer } from './core/pledges/pledge-document.js';
import type { ProgressSmsDependencies } from './core/progress-sms/deliver.js';
import { loadProgressTemplates } from './core/progress-sms/templates.js';
import type { JwkSet } from './core/qr/jwk.js';
import { type Sm2SealKeys, sm2SealKeysOf } from './core/sm2/seal-keys.js';
import { STATUS_POSITION_COUNTER } from './core/status-lists/status-list.js';
import { createStatusListService, type StatusListService } from './core/status-lists/status-list-service.js';
import type { FormTemplateRenderer } from './core/templates/render-template.js';
import { loadTrustedIssuers } from './core/verification/trusted-issuers.js';
import type { WebhookDependencies } from './core/webhooks/webhook-context.js';
import type { HttpDependencies } from './http/handler.js';
import { idempotency } from './http/idempotency.js';
import { composeBulk } from './parts/bulk.js';
import { composeOfd } from './parts/ofd.js';
import type { CompositionParts } from './parts/types.js';
import { composeWebhooks } from './parts/webhooks.js';
import type { ApiClientStore } from './ports/api-client-store.js';
import type { AuditLog } from './ports/audit-log.js';
import type { CheckpointStore } from './ports/checkpoint-store.js';
import type { Clock } from './ports/clock.js';
import type { HolderKeys } from './ports/holder-keys.js';
import type { Logger } from './ports/logger.js';
import type { Metrics } from './ports/metrics.js';
import type { Random } from './ports/random.js';
import type { SealSigner } from './ports/seal-signer.js';
import type { SmsSender } from './ports/sms-sender.js';
import type { StatsAggregates } from './ports/stats-aggregates.js';
import type { TimeStampAuthority } from './ports/time-stamp-authority.js';
import type { TokenSigner } from './ports/token-signer.js';
import type { ValidationDataSource } from './ports/validation-data.js';
import type { EventCursor } from './ports/webhooks.js';

/** The pki module's services. */
export interface PkiDependencies {
  revocation: RevocationDependencies;
  ocsp: OcspResponder;
  /** The TSA certificates as PEM (`pki/tsa-certificates.pem`), if any are published. */
  tsaCertificates: () => Promise<string | undefined>;
}

/** Everything the handlers need. */
export interface AppDependencies {
  config: Config;
  clock: Clock;
  random: Random;
  logger: Logger;
  metrics: Metrics;
  catalogue: Catalogue;
  audit: AuditLog;
  apiClients: ApiClientStore;
  cases: CaseDependencies;
  certificates: IssuanceDependencies & CertificateDependencies;
  /** The OFD rendition (made on first request, stored beside the PDF) and its SM2 seal; see core/ofd. */
  ofd: OfdDependencies;
  /** Bulk issuance (core/bulk): jobs, chunks, the queue of chunks and the row issuer over `certificates`. */
  bulk: BulkDependencies;
  sealChain: SealChainStore;
  /** The OFD seal's SM2 chain (`GET /.well-known/seal-certificates-sm2.pem`), seal certificate first. */
  sm2SealChain: SealChainStore;
  /**
   * The OFD rendition's SM2 seal: the holder's and the maker's signers with their certificates, checked against
   * the stored chain once per process; undefined where the stage has no SM2 seal (answer OFD_NOT_AVAILABLE).
   */
  ofdSealKeys: () => Promise<Sm2SealKeys | undefined>;
  /** Lookup keys of licence holders (KMS HMAC key; also `cases.holderKeys`). */
  holderKeys: HolderKeys;
  /** The seal key (KMS): licences and audit checkpoints are signed with it. */
  sealSigner: SealSigner;
  checkpoints: CheckpointStore;
  verification: VerificationDependencies;
  delivery: DeliveryDependencies;
  /** 办件提醒: the applicant's SMS per progress event, at most once each (core/progress-sms). */
  progressSms: ProgressSmsDependencies & { cursor: EventCursor };
  /** Blank application form templates of the catalogue's form materials (PDF). */
  templates: FormTemplateRenderer;
  /** Pledge documents (告知承诺书, PDF) of the cases module. */
  pledgeDocuments: PledgeDocumentRenderer;
  /** Webhook registration, routing and delivery (and the local runtime's cursor over the audit chain). */
  webhooks: WebhookDependencies & { cursor: EventCursor };
  /** The licences' token status lists (`GET /status-lists/{listId}`) and their key. */
  statusLists: StatusListService;
  /** The JWK Set of the licence QR payloads' key (`GET /.well-known/qr-keys.json`). */
  qrKeys: () => Promise<JwkSet>;
  /** Where the statistics aggregator adds a batch of case changes (the counters `GET /v1/stats` reads). */
  statsAggregates: StatsAggregates;
  /** The CA's CRL and OCSP responder (root key in KMS) and the published TSA certificates. */
  pki: PkiDependencies;
  /** The archive-timestamps job's parts (B-LTA); absent without a TSA. */
  archive?: ArchiveDependencies;
  /** Sends at once (SNS; the outbox locally): used by the `sms` queue consumer. */
  directSms: SmsSender;
  /** The local outbox, when SMS are not really sent (local runtime). */
  outbox?: OutboxSmsSender;
  http: HttpDependencies;
}

/** Pre-built parts a caller (tests, the local runtime) may supply instead of the defaults. */
export interface CompositionOverrides {
  dynamo?: DynamoDBClient;
  s3?: S3Client;
  kms?: KMSClient;
  clock?: Clock;
  random?: Random;
  logger?: Logger;
  /** Trusted-issuer files in place of the shipped list (functions/catalogue/trusted-issuers). */
  trustedIssuerFiles?: Array<{ file: string; content: unknown }>;
}

/** What the clients are built from: the region and, locally, the stand-ins' endpoints. */
type ClientConfig = Pick<Config, 'region' | 'endpoints'>;

// Credentials come from the default provider chain in both runtimes (the Lambda role on AWS; environment
// variables set by the local runtime), so only the endpoint differs.
export const awsClientDefaults = (config: ClientConfig, endpoint: string | undefined) => ({
  region: config.region,
  ...(endpoint ? { endpoint } : {}),
});

// Every client is tuned where it is built (adapters/sdk-client-tuning.ts says what each step saves).

/** The DynamoDB client under the document client every adapter gets. */
export function createDynamoClient(config: ClientConfig): DynamoDBClient {
  return tuneClient(new DynamoDBClient(awsClientDefaults(config, config.endpoints.dynamodb)));
}

/**
 * Build the S3 client the way both runtimes need it (path style and checksums only where local). On AWS the
 * SDK's default WHEN_SUPPORTED checksums stay: a CRC32 header of each PUT's body that S3 checks before storing
 * — node:zlib's native crc32, ≈ 23 µs for a 75 KB licence on the build machine (SHA-256 ≈ 70, MD5 ≈ 150),
 * under 2 % of that PutObject's SDK CPU: the cheapest integrity check there is, kept.
 */
export function createS3Client(config: ClientConfig): S3Client {
  return tuneClient(
    new S3Client({
      ...awsClientDefaults(config, config.endpoints.s3),
      ...(config.endpoints.s3
        ? {
            forcePathStyle: true,
            requestChecksumCalculation: 'WHEN_REQUIRED',
            responseChecksumValidation: 'WHEN_REQUIRED',
          }
        : {}),
    }),
  );
}

/**
 * The S3 client that presigns the uploads clients make (materials, bulk rows files). It must not sign a
 * checksum: since SDK 3.729 the default (WHEN_SUPPORTED) puts `x-amz-checksum-crc32` of the body into a
 * presigned PutObject — and a presigned request has no body yet, so the URL carries the CRC32 of nothing
 * (`AAAAAA==`) and S3 refuses every real upload through it (aws-sdk-js-v3#6994). Locally s3rver ignores it,
 * which is why only this test and AWS would notice.
 */
export function createPresignS3Client(config: ClientConfig): S3Client {
  return tuneClient(
    new S3Client({
      ...awsClientDefaults(config, config.endpoints.s3),
      ...(config.endpoints.s3 ? { forcePathStyle: true } : {}),
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
  );
}

/** A KMS client (each key-using part builds its own unless the caller passes one). */
export function createKmsClient(config: ClientConfig): KMSClient {
  return tuneClient(new KMSClient(awsClientDefaults(config, config.endpoints.kms)));
}

/**
 * PAdES B-T/B-LT for the seals when a TSA is configured: the RFC 3161 client (timeout, retries, circuit breaker)
 * and the CA's CRL/OCSP fetched over HTTP for the DSS. No TSA: B-B seals.
 */
function longTermTrust(
  config: Config,
  random: Random,
): { timestamps?: TimeStampAuthority; validationData?: ValidationDataSource } {
  if (!config.tsa) return {};
  return {
    timestamps: new HttpTimeStampAuthority({ url: config.tsa.url, random, timeoutMs: config.tsa.timeoutMs }),
    validationData: new HttpValidationData({ timeoutMs: config.tsa.timeoutMs }),
  };
}

/** The CA's revocation services over the root key (the `caSigner` part) and the licences bucket. */
function composePki(
  config: Config,
  overrides: CompositionOverrides,
  parts: CompositionParts,
  shared: { licences: S3ObjectStore; sealChain: SealChainStore; clock: Clock },
): PkiDependencies {
  const revocation: RevocationDependencies = {
    caCertificate: async () => {
      const root = (await shared.sealChain.load()).at(-1);
      if (!root) throw new Error('the seal chain has no root');
      return root;
    },
    caSigner: parts.caSigner?.(config, overrides.kms) ?? {
      algorithm: 'unavailable',
      sign: async () => missingPart('caSigner'),
      publicKey: async () => missingPart('caSigner'),
    },
    revoked: new S3RevokedCertificates({ objects: shared.licences }),
    objects: shared.licences,
    clock: shared.clock,
  };
  return {
    revocation,
    ocsp: new OcspResponder(revocation),
    tsaCertificates: async () => {
      const pem = await shared.licences.get(TSA_CERTIFICATES_KEY);
      return pem ? new TextDecoder().decode(pem) : undefined;
    },
  };
}

/** Stands in for a part this module was not composed with: using it is a deployment bug, never a client's. */
function missingPart(part: keyof CompositionParts): never {
  throw new Error(`the "${part}" part is not composed into this function (see functions/parts/)`);
}

/**
 * Wire every dependency from the configuration. `parts`: the heavy parts this function uses (its handler
 * module says which; `allParts` for a process serving every module).
 */
export function compose(
  config: Config,
  overrides: CompositionOverrides,
  parts: CompositionParts,
): AppDependencies {
  const clock = overrides.clock ?? new SystemClock(config.clockStart);
  const random = overrides.random ?? new CryptoRandom();
  const logger =
    overrides.logger ??
    (config.powertools
      ? new PowertoolsLoggerAdapter({ serviceName: config.powertools.serviceName, level: config.logLevel })
      : new ConsoleLogger({ level: config.logLevel, service: 'zhengzhao' }));
  const metrics: Metrics = config.powertools
    ? new PowertoolsMetricsAdapter({
        namespace: config.powertools.namespace,
        serviceName: config.powertools.serviceName,
      })
    : new NoMetrics();
  const dynamo = overrides.dynamo ?? createDynamoClient(config);
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const s3 = overrides.s3 ?? createS3Client(config);
  const presignS3 = overrides.s3 ?? createPresignS3Client(config);
  // Samples are checked with the licence fonts' glyphs, on fixed days and on today (see samples.ts).
  const catalogue = buildCatalogue(catalogueFiles, {
    samples: { glyphs: licenceGlyphCoverage(), alsoOn: [clock.now()] },
  });
  const audit = new DynamoAuditLog({ client: doc, tableName: config.tables.audit, clock });
  const apiClients = new DynamoApiClientStore({ client: doc, tableName: config.tables.apiClients });
  // Status-list positions a block at a time (pooled-counters.ts): one counter write per 64 licences, not each.
  const counters = new PooledCounters(
    new DynamoCounters({ client: doc, tableName: config.tables.counters }),
    {
      [STATUS_POSITION_COUNTER]: 64,
    },
  );
  const macKeys = parts.macKeys?.(config, overrides.kms) ?? {
    holderKeys: { holderKey: async () => missingPart('macKeys') },
    pageCursors: { seal: async () => missingPart('macKeys'), open: async () => missingPart('macKeys') },
    webhookSecrets: { seal: async () => missingPart('macKeys'), open: async () => missingPart('macKeys') },
  };
  const followUps = new DynamoCaseFollowUps({ client: doc, tableName: config.tables.caseFollowUps });
  const cases: CaseDependencies = {
    catalogue,
    calendar: createWorkingDayCalendar(calendarYearFiles),
    cases: new DynamoCaseStore({
      client: doc,
      tableName: config.tables.cases,
      audit,
      ledgerTableName: config.tables.ledger,
    }),
    counters,
    materials: new S3ObjectStore({ client: s3, presignClient: presignS3, bucket: config.buckets.materials }),
    audit,
    clock,
    random,
    inspectMaterial: parts.inspectMaterial ?? (() => missingPart('inspectMaterial')),
    presignExpiresSeconds: config.presignExpiresSeconds,
    holderKeys: macKeys.holderKeys,
    pageCursors: macKeys.pageCursors,
    followUps,
    pledgeBars: followUps,
    glyphs: licenceGlyphCoverage(),
  };
  const licences = new S3ObjectStore({ client: s3, bucket: config.buckets.licences });
  const sealChain = new SealChainStore({ objects: licences });
  const sealSigner: SealSigner = parts.sealSigner?.(config, overrides.kms) ?? {
    algorithm: 'unavailable',
    sign: async () => missingPart('sealSigner'),
    publicKey: async () => missingPart('sealSigner'),
  };
  const qrSigner: TokenSigner | undefined = parts.qrSigner?.(config, overrides.kms, {
    objects: licences,
    clock,
  });
  const sm2SealChain = new SealChainStore({ objects: licences, key: SM2_SEAL_CHAIN_KEY });
  const ofdSigners = parts.ofdSigners?.(config, overrides.kms);
  let ofdSealKeys: Promise<Sm2SealKeys> | undefined;
  const loadOfdSealKeys = async (): Promise<Sm2SealKeys | undefined> => {
    if (!ofdSigners) return undefined;
    ofdSealKeys ??= sm2SealChain
      .load()
      .then((chain) => sm2SealKeysOf(ofdSigners, chain))
      .catch((error: unknown) => {
        ofdSealKeys = undefined; // not cached: a chain bootstrapped later is found by the next request
        throw error;
      });
    return ofdSealKeys;
  };
  const certificates: IssuanceDependencies & CertificateDependencies = {
    ...cases,
    ledger: new DynamoLedger({ client: doc, tableName: config.tables.ledger, audit }),
    licences,
    factory: parts.licenceFactory?.({
      signer: sealSigner,
      chain: () => sealChain.load(),
      ...longTermTrust(config, random),
    }) ?? {
      produce: async () => missingPart('licenceFactory'),
    },
    publicBaseUrl: config.publicBaseUrl,
    statusListBaseUrl: config.statusLists.baseUrl,
    ...(qrSigner ? { qr: { issuerUrl: config.publicBaseUrl, signer: qrSigner } } : {}),
  };
  const outbox = config.sms.outboxFile
    ? new OutboxSmsSender({ file: config.sms.outboxFile, now: () => clock.now() })
    : undefined;
  // The outbox locally; on AWS SNS — behind the SMS queue when one is configured (the async path).
  const directSms: SmsSender = outbox ??
    parts.snsSms?.(config) ?? { send: async () => missingPart('snsSms') };
  const delivery: DeliveryDependencies = {
    links: new DynamoSmsLinkStore({ client: doc, tableName: config.tables.smsLinks }),
    sms:
      !outbox && config.sms.queueUrl
        ? (parts.sqsSms?.(config, config.sms.queueUrl) ?? { send: async () => missingPart('sqsSms') })
        : directSms,
    audit,
    clock,
    random,
    publicBaseUrl: config.publicBaseUrl,
    linkTtlDays: config.sms.linkTtlDays,
  };
  const progressSms: ProgressSmsDependencies & { cursor: EventCursor } = {
    cases: cases.cases,
    catalogue,
    // Texts as data, checked here at start-up against every item's name and a real link's length.
    templates: loadProgressTemplates(progressTemplateFile, {
      itemNames: catalogue.list().map((i) => i.name),
      sampleUrl: `${config.publicBaseUrl}/s/${'x'.repeat(22)}`,
    }),
    sms: delivery.sms,
    log: new DynamoProgressSmsLog({ client: doc, tableName: config.tables.idempotency }),
    links: delivery.links,
    audit,
    clock,
    random,
    publicBaseUrl: config.publicBaseUrl,
    linkTtlDays: config.sms.linkTtlDays,
    // The local runtime's own reader of the audit chain (on AWS the audit stream feeds the progress-sms queue).
    cursor: new DynamoEventCursor({
      client: doc,
      tableName: config.tables.counters,
      name: 'events:progress-sms:cursor',
    }),
  };
  const verification: VerificationDependencies = {
    ledger: certificates.ledger,
    cases: cases.cases,
    clock,
    // The chain ends with its root: the one trust anchor of our seals.
    trustRoots: async () => (await sealChain.load()).slice(-1),
    // Other issuers' roots (data, validated here at start-up like the catalogue).
    trustedIssuers: loadTrustedIssuers(overrides.trustedIssuerFiles ?? trustedIssuerFiles),
  };
  // B-LTA: document time-stamps from the same TSA as the seals, when one is configured.
  const longTerm = longTermTrust(config, random);
  const archive: ArchiveDependencies | undefined = longTerm.timestamps
    ? {
        ledger: certificates.ledger,
        cases: cases.cases,
        licences,
        audit,
        tsa: longTerm.timestamps,
        ...(longTerm.validationData ? { validationData: longTerm.validationData } : {}),
        trustRoots: verification.trustRoots,
      }
    : undefined;
  // 一键核验: signed PDF materials are verified as POST /v1/verifications verifies them.
  cases.verifyMaterial = materialVerifier(verification);
  certificates.verifyMaterial = cases.verifyMaterial;
  // 电子证照自动调取 and prefill read licences (by id and by holder) for the case services.
  cases.ledger = certificates.ledger;
  const webhooks = composeWebhooks(
    config,
    { doc, audit, clock, random, cases: cases.cases, ledger: certificates.ledger },
    macKeys.webhookSecrets,
  );
  const http: HttpDependencies = {
    logger,
    metrics,
    apiClients,
    newRequestId: () => randomUUID(),
    recordRefusedAuthentication: async (refusal) => {
      await audit.append([
        {
          actor: 'anonymous',
          action: 'auth.refused',
          subject: 'authentication',
          details: {
            reason: refusal.reason,
            routeKey: refusal.routeKey,
            requestId: refusal.requestId,
            ...(refusal.keyFingerprint ? { keyFingerprint: refusal.keyFingerprint } : {}),
          },
        },
      ]);
    },
    idempotency: idempotency({
      store: new DynamoIdempotencyStore({ client: doc, tableName: config.tables.idempotency, clock }),
      clock,
      logger,
    }),
  };
  const pki = composePki(config, overrides, parts, { licences, sealChain, clock });
  return {
    config,
    clock,
    random,
    logger,
    metrics,
    catalogue,
    audit,
    apiClients,
    cases,
    certificates,
    bulk: composeBulk(config, { doc, s3, presignS3, certificates }, parts.bulkQueue?.(config)),
    ofd: composeOfd(config, { licences, catalogue, clock }, parts, loadOfdSealKeys),
    sealChain,
    sm2SealChain,
    ofdSealKeys: loadOfdSealKeys,
    holderKeys: macKeys.holderKeys,
    sealSigner,
    checkpoints: new DynamoCheckpointStore({ client: doc, tableName: config.tables.audit }),
    verification,
    delivery,
    progressSms,
    templates: parts.formTemplates?.() ?? { render: async () => missingPart('formTemplates') },
    pledgeDocuments: parts.pledgeDocuments?.() ?? { render: async () => missingPart('pledgeDocuments') },
    webhooks,
    statusLists: createStatusListService({
      entries: new DynamoStatusListEntries({ client: doc, tableName: config.tables.ledger }),
      counters,
      signer: parts.statusSigner?.(config, overrides.kms) ?? {
        algorithm: 'ES256',
        sign: async () => missingPart('statusSigner'),
        publicKey: async () => missingPart('statusSigner'),
      },
      clock,
      publicBaseUrl: config.statusLists.baseUrl,
      ttlSeconds: config.statusLists.ttlSeconds,
      // A day: a relying party that fetched a list may still rely on it offline (e.g. on a plane).
      validitySeconds: 86_400,
    }),
    pki,
    ...(archive ? { archive } : {}),
    qrKeys: async () => {
      const signer = qrSigner ?? missingPart('qrSigner');
      return { keys: signer.publicJwks ? await signer.publicJwks() : [await signer.publicJwk()] };
    },
    statsAggregates: new DynamoStatsAggregates({ client: doc, tableName: config.tables.counters, clock }),
    directSms,
    ...(outbox ? { outbox } : {}),
    http,
  };
}

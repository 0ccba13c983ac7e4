/**
 * What each handler module (one Lambda) may touch. The stack derives every IAM statement from this map, so a
 * function's privileges are reviewable in one place. A module missing here fails the synth on purpose: a new
 * Lambda must say what it needs rather than inherit a default.
 */

import { QR_KEYS_PREFIX } from '../functions/adapters/qr-key-names.js';
import type { BucketKey, TableKey } from '../functions/adapters/schema.js';
import { SEAL_CHAIN_KEY, SM2_SEAL_CHAIN_KEY } from '../functions/adapters/seal-chain-store.js';

/** Read: Get/Query; write: Put/Update/Delete (conditional writes and transactions need nothing more). */
export type DataAccess = 'read' | 'write' | 'readWrite';

/** The needs of one handler module. */
export interface ModulePermissions {
  tables: Partial<Record<TableKey, DataAccess>>;
  buckets: Partial<Record<BucketKey, DataAccess>>;
  /** Narrows a bucket grant to these object keys (default: every object of the bucket). */
  objectKeys?: Partial<Record<BucketKey, string[]>>;
  /**
   * Object keys a module may also create (s3:PutObject only, no delete) in a bucket it otherwise reads: a
   * prefix-and-suffix pattern such as `licences/*.ofd`, so a reader that stores one derived file cannot write
   * the files it derives it from.
   */
  createKeys?: Partial<Record<BucketKey, string[]>>;
  /**
   * Buckets where the module assembles files by multipart upload (s3:PutObject covers the parts and the
   * completion): it may also abort them (s3:AbortMultipartUpload) on the objects it writes there, so a failed
   * assembly leaves no parts behind (the buckets' lifecycle rule removes any after a day).
   */
  multipartUploads?: BucketKey[];
  /** `sign`: may call kms:Sign with the seal key (sealing, signed checkpoints); `publicKey`: read it only. */
  sealKey?: 'sign' | 'publicKey';
  /**
   * `generate`: may call kms:GenerateMac with the HMAC key (once per cold start, to derive the holder lookup
   * key and the list-cursor key: holder look-ups, issuance, list endpoints).
   */
  macKey?: 'generate';
  /**
   * `sign`: may call kms:Sign with the root CA key — the CRL and OCSP responses (the pki module only; the
   * certificates module fetches them over HTTPS like any relying party).
   */
  rootKey?: 'sign';
  /** `sign`: may call kms:Sign (and GetPublicKey) with the token status lists' ES256 key. */
  statusKey?: 'sign';
  /**
   * The licence QR's ES256 keys: `sign` makes and opens the QR's data key pairs (kms:GenerateDataKeyPairWithout-
   * Plaintext and Decrypt on the wrapping key, the QR purpose only; issuance signs each licence's offline payload
   * in memory) and reads the retired KMS key's public key; `publicKey` only that (`/.well-known/qr-keys.json`,
   * which also reads the data keys' public halves under `pki/qr-keys/`).
   */
  qrKey?: 'sign' | 'publicKey';
  /**
   * The OFD seal's SM2 key (KeySpec SM2; only stages in the China regions have it): `sign` may call kms:Sign and
   * GetPublicKey — the modules that render and seal a licence's OFD on its first request.
   */
  ofdSealKey?: 'sign';
  /**
   * The OFD seal maker's SM2 key (the SM2 chain's root; makes the SESeal objects): `sign` may call kms:Sign (the
   * pki module, besides the bootstrap principal); `publicKey` only GetPublicKey (the OFD modules check the
   * stored chain against it).
   */
  ofdMakerKey?: 'sign' | 'publicKey';
  /**
   * `publish`: sends SMS itself through SNS (today's `SnsSmsSender`); `enqueue`: hands them to the SMS queue
   * (the asynchronous path with retries and a dead-letter queue, for the queue-based adapter).
   */
  sms?: 'publish' | 'enqueue';
  /**
   * `consume`: reads the webhook queue, postpones its messages (ChangeMessageVisibility) and sends exhausted
   * deliveries to its dead-letter queue.
   */
  webhookQueue?: 'consume';
  /**
   * The bulk issuance queue (lib/bulk.ts grants it): `send` queues a job's split or chunks (the API);
   * `consume` also receives and postpones them (the worker, through its event source).
   */
  bulkQueue?: 'send' | 'consume';
  /** Bundle the licence fonts (the PDF renderer reads them at cold start). */
  needsFonts?: boolean;
  memoryMb: number;
  /** API Gateway waits at most 30 s; API-facing functions stay below that. */
  timeoutSeconds: number;
}

/** The OFD renditions stored beside the PDFs (ofd-service.ts `ofdKeyOf`: `licences/{id}.ofd`). */
export const OFD_OBJECTS = 'licences/*.ofd';

/** The QR's data key pairs (public key in clear, private key encrypted): data-key-es256-signer.ts. */
const QR_DATA_KEYS = `${QR_KEYS_PREFIX}*`;

// Every upstream route authenticates against ApiClients and writes refused attempts to the audit chain.
const upstream = { apiClients: 'read', audit: 'readWrite' } as const;

/** The permissions of every known handler module, including those still being written (`jobs`, `stats`). */
export const modulePermissions: Record<string, ModulePermissions> = {
  // Health, OpenAPI, catalogue (in the bundle) and the seal chains' PEM (PAdES, SM2): two objects, read only.
  public: {
    tables: {},
    buckets: { licences: 'read' },
    objectKeys: { licences: [SEAL_CHAIN_KEY, SM2_SEAL_CHAIN_KEY] },
    // The application form templates are PDFs drawn with the licence fonts (parsed on the first one).
    needsFonts: true,
    memoryMb: 1024,
    timeoutSeconds: 10,
  },
  cases: {
    // ledger and the seal chain: a signed PDF material is verified like POST /v1/verifications (一键核验). (No
    // counters: the statistics follow the cases table's stream, stats-stream.)
    tables: {
      ...upstream,
      cases: 'readWrite',
      idempotency: 'readWrite',
      ledger: 'read',
      // 容缺受理: submit queues deferred materials, an upload that supplies them moves the entry.
      caseFollowUps: 'readWrite',
    },
    buckets: { materials: 'readWrite', licences: 'read' },
    objectKeys: { licences: [SEAL_CHAIN_KEY] },
    // Own-case list cursors; holder keys for licence reuse, prefill and pledge bars.
    macKey: 'generate',
    // The pledge document (告知承诺书) is a PDF drawn with the licence fonts.
    needsFonts: true,
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  // The export carries the seal chain PEM (one object of the licences bucket); the verification checks the
  // checkpoints under it. A subject's trail is scoped by its case or licence (ledger).
  audit: {
    tables: { ...upstream, cases: 'read', ledger: 'read' },
    buckets: { licences: 'read' },
    objectKeys: { licences: [SEAL_CHAIN_KEY] },
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  certificates: {
    tables: {
      ...upstream,
      cases: 'readWrite',
      idempotency: 'readWrite',
      ledger: 'readWrite',
      counters: 'readWrite',
      smsLinks: 'readWrite',
      // Pledge checks (事后核查) are listed from their queue; a false pledge writes the holder's bar.
      caseFollowUps: 'readWrite',
    },
    buckets: { licences: 'readWrite', materials: 'read' },
    sealKey: 'sign',
    // Holder keys of issued licences and of holder look-ups; list cursors.
    macKey: 'generate',
    sms: 'enqueue',
    needsFonts: true,
    // Each licence's QR carries an offline payload signed with the QR key at issuance (and at reissue).
    qrKey: 'sign',
    // The OFD rendition, sealed with the SM2 key on its first request (China regions).
    ofdSealKey: 'sign',
    ofdMakerKey: 'publicKey',
    memoryMb: 2048,
    timeoutSeconds: 29,
  },
  // QR verification, uploaded-PDF verification and SMS links: reads, and the audit entry of a stored licence
  // that fails its integrity check.
  verify: {
    tables: { ledger: 'read', cases: 'read', smsLinks: 'read', audit: 'readWrite' },
    buckets: { licences: 'read' },
    // `GET /s/{token}/ofd` stores the OFD it made on the first request (`licences/{id}.ofd`, If-None-Match):
    // it may create OFD files only, never a PDF or any other object.
    createKeys: { licences: [OFD_OBJECTS] },
    // Publishes the QR key (`/.well-known/qr-keys.json`): its public key only.
    qrKey: 'publicKey',
    // `GET /s/{token}/ofd`: the OFD rendition, sealed with the SM2 key on its first request (China regions).
    ofdSealKey: 'sign',
    ofdMakerKey: 'publicKey',
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  // Token status lists: built from the ledger's sparse byStatusList index (a list exists up to the position
  // counter) and signed with the status key; nothing written.
  'status-lists': {
    tables: { ledger: 'read', counters: 'read' },
    buckets: {},
    statusKey: 'sign',
    // A list's 2^20 entries are encoded and compressed in memory (≈ 0.3 s once per ttl per container).
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  // The CA's CRL (cached under pki/crl/ in the licences bucket), OCSP responder and TSA certificates: reads
  // the seal chain, the revocations and the TSA certificates, writes the cached CRL; signs with the root key.
  pki: {
    tables: {},
    buckets: { licences: 'readWrite' },
    objectKeys: {
      licences: [SEAL_CHAIN_KEY, 'pki/revoked-certificates.json', 'pki/tsa-certificates.pem', 'pki/crl/*'],
    },
    rootKey: 'sign',
    // The SM2 chain's root key (the seal maker): signs only with the bootstrap principal beside it.
    ofdMakerKey: 'sign',
    memoryMb: 512,
    timeoutSeconds: 10,
  },
  // Statistics are read from the aggregates (never a scan of cases or ledger) and the overdue cases from the
  // SLA index.
  stats: {
    tables: { ...upstream, counters: 'read', cases: 'read' },
    buckets: {},
    memoryMb: 512,
    timeoutSeconds: 29,
  },
  // Validates presigned uploads when they land (S3 event of the materials bucket).
  uploads: {
    // ledger and the seal chain: a signed PDF is verified on landing (一键核验).
    // caseFollowUps: a deferred material landing moves its case's entry in the deferred-materials queue.
    tables: { cases: 'readWrite', audit: 'readWrite', ledger: 'read', caseFollowUps: 'readWrite' },
    buckets: { materials: 'readWrite', licences: 'read' },
    objectKeys: { licences: [SEAL_CHAIN_KEY] },
    memoryMb: 1024,
    timeoutSeconds: 60,
  },
  // Consumes the SMS queue and publishes to phone numbers (never to topics).
  sms: { tables: {}, buckets: {}, sms: 'publish', memoryMb: 256, timeoutSeconds: 30 },
  // PUT /v1/webhook seals the secret under a key derived from the HMAC key; the delivery log is read only.
  webhooks: {
    tables: { ...upstream, webhooks: 'readWrite', webhookDeliveries: 'read' },
    buckets: {},
    macKey: 'generate',
    memoryMb: 512,
    timeoutSeconds: 29,
  },
  // Consumes the webhook queue: reads who owns a case or licence, opens the secret, records each attempt.
  'webhook-deliveries': {
    tables: { cases: 'read', ledger: 'read', webhooks: 'read', webhookDeliveries: 'readWrite' },
    buckets: {},
    macKey: 'generate',
    webhookQueue: 'consume',
    memoryMb: 512,
    // Ten deliveries side by side, each bounded by its 5 s timeout.
    timeoutSeconds: 30,
  },
  // 办件提醒: reads the case of each progress event, claims the event (a record in the idempotency table), makes
  // the issuance link, enqueues the SMS and audits it. Its queue's consume grant comes with the event source.
  'progress-sms': {
    tables: { cases: 'read', idempotency: 'readWrite', smsLinks: 'readWrite', audit: 'readWrite' },
    buckets: {},
    sms: 'enqueue',
    memoryMb: 512,
    timeoutSeconds: 30,
  },
  // Bulk issuance's API: starts a job (its inline rows written as its file, an upload's size checked), lists
  // its progress and presigns the results; all under `bulk/` of the materials bucket. Issues nothing itself.
  bulk: {
    tables: { ...upstream, idempotency: 'readWrite', bulk: 'readWrite' },
    buckets: { materials: 'readWrite' },
    objectKeys: { materials: ['bulk/*'] },
    bulkQueue: 'send',
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  // Bulk issuance's worker: splits uploads into chunks and issues each chunk's rows exactly as a case's licences
  // are issued (seal and QR keys, holder keys, fonts, serial counters, ledger, audit), the licences in their
  // bucket; its concurrency is bounded by the KMS Sign quota (lib/bulk.ts).
  'bulk-worker': {
    tables: { bulk: 'readWrite', ledger: 'readWrite', counters: 'readWrite', audit: 'readWrite' },
    buckets: { licences: 'readWrite', materials: 'readWrite' },
    objectKeys: { licences: ['licences/*', SEAL_CHAIN_KEY, QR_DATA_KEYS], materials: ['bulk/*'] },
    // A job's results file (up to 250 MB) is streamed from its chunks' results as a multipart upload.
    multipartUploads: ['materials'],
    sealKey: 'sign',
    macKey: 'generate',
    qrKey: 'sign',
    needsFonts: true,
    bulkQueue: 'consume',
    memoryMb: 2048,
    timeoutSeconds: 900,
  },
  // The statistics aggregator (cases stream → counters): adds each batch's deltas with its marker item. The
  // stream read comes with the event source.
  'stats-stream': {
    tables: { counters: 'readWrite' },
    buckets: {},
    memoryMb: 256,
    timeoutSeconds: 60,
  },
  jobs: {
    // deadline-warnings records warnings on cases; expiry-reminders marks reminders and EXPIRED in the ledger.
    // deferred-materials reads its queue (caseFollowUps) and claims each progress SMS in the progress-SMS log
    // (idempotency table) before sending it. No counters: a returned case is counted by the statistics
    // aggregator from the cases table's stream (stats-stream), and no job takes serials.
    tables: {
      cases: 'readWrite',
      ledger: 'readWrite',
      audit: 'readWrite',
      smsLinks: 'readWrite',
      caseFollowUps: 'readWrite',
      idempotency: 'readWrite',
    },
    // archive-timestamps reads a licence's newest version and the seal chain, and stores the next version
    // (`licences/{id}.v{n}.pdf`, a new key: the issued file is never overwritten).
    buckets: { licences: 'readWrite' },
    objectKeys: { licences: ['licences/*', SEAL_CHAIN_KEY] },
    // The audit-checkpoint job signs the chain head with the seal key.
    sealKey: 'sign',
    sms: 'enqueue',
    memoryMb: 1024,
    timeoutSeconds: 300,
  },
};

/** The permissions of `moduleName`; throws when the module has none declared. */
export function permissionsFor(
  moduleName: string,
  map: Record<string, ModulePermissions> = modulePermissions,
): ModulePermissions {
  const found = map[moduleName];
  if (!found) {
    throw new Error(
      `handler module "${moduleName}" has no entry in lib/permissions.ts: declare what it may access`,
    );
  }
  return found;
}

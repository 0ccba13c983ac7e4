/**
 * The reliability suite's application: the real composition (`compose`) against dynalite and s3rver, every
 * route of every handler module behind one `createHttpHandler`, invoked in-process with API Gateway v2 events
 * (no HTTP server, so thousands of requests stay fast). The ports issuance touches are wrapped by a shared
 * `FaultInjector`; the seal is a node:crypto RSA key certified by a bootstrapped chain, and licences are made
 * either by a fast fake factory (which still calls the signer) or the real renderer + PAdES sealer.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localRoutes } from '../../bin/local/local-routes.js';
import { ChangeFeedConsumer, setStatsFeedSettler } from '../../bin/local/stats-feed.js';
import { loadLicenceFonts } from '../../functions/adapters/font-files.js';
import { CryptoRandom, SystemClock } from '../../functions/adapters/system-clock.js';
import { type AppDependencies, compose } from '../../functions/composition.js';
import { loadConfig, storageEnvironment } from '../../functions/config.js';
import {
  createLicenceFactory,
  type LicenceFactory,
} from '../../functions/core/certificates/licence-factory.js';
import {
  createLicenceRenderer,
  type LicenceRenderer,
} from '../../functions/core/licence/render/render-licence.js';
import { bootstrapSealChain } from '../../functions/core/pki/seal-chain.js';
import { handlerModules } from '../../functions/handlers/index.js';
import { aggregateStatsEvent } from '../../functions/handlers/stats-stream.js';
import { hashApiKey } from '../../functions/http/authenticate.js';
import { createHttpHandler, type LambdaHttpHandler } from '../../functions/http/handler.js';
import type { RouteDefinition } from '../../functions/http/route.js';
import type { ApiClient, HttpEvent, HttpResult } from '../../functions/http/types.js';
import { allParts } from '../../functions/parts/all.js';
import type { CaseStore } from '../../functions/ports/case-store.js';
import type { Ledger } from '../../functions/ports/ledger.js';
import type { Logger } from '../../functions/ports/logger.js';
import type { ObjectStore } from '../../functions/ports/object-store.js';
import type { SealSigner } from '../../functions/ports/seal-signer.js';
import { gatewayEvent } from '../support/fakes.js';
import { FaultInjector } from '../support/faults.js';
import { hmacKmsClient } from '../support/hmac-kms.js';
import { startTestDynamo, startTestS3, type TestDynamo, type TestS3 } from '../support/storage.js';
import { createCryptoSigner } from '../unit/pki/crypto-signer.js';

/** Every route the local runtime serves: the deployed handler modules and the local-only routes. */
export const everyRoute = (): RouteDefinition<AppDependencies>[] => [
  ...handlerModules.flatMap((m) => m.routes),
  ...localRoutes,
];

/** A parsed reply of the in-process handler. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  text: string;
  body: any;
  raw: HttpResult;
}

export interface CallOptions {
  json?: unknown;
  body?: Uint8Array | string;
  contentType?: string;
  headers?: Record<string, string>;
  /** API key; `null` sends no Authorization header. Default: the owner's key. */
  key?: string | null;
  query?: Record<string, string>;
}

/** An API Gateway HTTP API v2 event (the shared builder, with a fresh request id per event). */
export function httpEvent(
  method: string,
  rawPath: string,
  options: {
    headers?: Record<string, string>;
    body?: string;
    isBase64Encoded?: boolean;
    query?: Record<string, string>;
  } = {},
): HttpEvent {
  return gatewayEvent({ method, path: rawPath, ...options, gatewayRequestId: randomUUID() });
}

/** Turn a handler result into a Reply (JSON parsed when it is JSON). */
export function toReply(raw: HttpResult): Reply {
  const text = raw.body ?? '';
  let body: unknown = text;
  if (/json/.test(raw.headers?.['content-type'] ?? '')) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: raw.statusCode ?? 200, headers: raw.headers ?? {}, text, body, raw };
}

/** A Logger that keeps error lines (unhandled errors show up there) and drops the rest. */
export function capturingLogger(): Logger & { errors: Array<{ message: string; fields?: unknown }> } {
  const errors: Array<{ message: string; fields?: unknown }> = [];
  return {
    errors,
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (message, fields) => errors.push({ message, fields }),
  };
}

/**
 * A cheap stand-in for render + seal: distinct bytes per licence, but it still asks the signer for its public
 * key and a signature, so signer faults reach issuance as they would through the real sealer.
 */
export function fakeLicenceFactory(signer: SealSigner): LicenceFactory {
  return {
    async produce(input, signingTime) {
      await signer.publicKey();
      const body = `%PDF-1.7\n% fake licence ${input.certificateId} ${input.number} ${signingTime.toISOString()}\n`;
      const signature = await signer.sign(createHash('sha256').update(body).digest());
      const bytes = new TextEncoder().encode(
        `${body}% ${Buffer.from(signature).toString('hex', 0, 8)}\n%%EOF\n`,
      );
      return {
        bytes,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        sealCertificateSerial: 'fake',
      };
    },
  };
}

let renderer: Promise<LicenceRenderer> | undefined;
/** The real renderer, fonts parsed once per test process. */
const realRenderer = (): LicenceRenderer => ({
  render: async (input) => {
    renderer ??= loadLicenceFonts().then(createLicenceRenderer);
    return (await renderer).render(input);
  },
});

export interface ReliabilityApp {
  deps: AppDependencies;
  handler: LambdaHttpHandler;
  faults: FaultInjector;
  logger: ReturnType<typeof capturingLogger>;
  dynamo: TestDynamo;
  s3: TestS3;
  /** The adapters as composed, without fault injection: for reading what really is stored. */
  raw: { cases: CaseStore; licences: ObjectStore; ledger: Ledger };
  /** API keys: `owner` (all items), `other` (another client, all items), `noItem` (owner's id, no item in scope), `noDepartment` (owner's id, items but no department). */
  keys: Record<'owner' | 'other' | 'noItem' | 'noDepartment', string>;
  call(method: string, path: string, options?: CallOptions): Promise<Reply>;
  /** Waits until the statistics aggregator has taken every case write so far (the cases table's feed). */
  settleStats(): Promise<void>;
  close(): Promise<void>;
}

const clientsOf = (): Array<[keyof ReliabilityApp['keys'], ApiClient]> => [
  ['owner', { clientId: 'owner-system', name: '办件系统', serviceItems: ['*'], departments: ['*'] }],
  ['other', { clientId: 'other-system', name: '其他系统', serviceItems: ['*'], departments: ['*'] }],
  [
    'noItem',
    {
      clientId: 'owner-system',
      name: '受限密钥',
      serviceItems: ['MINING_RIGHT_LICENSE'],
      departments: ['自然资源'],
    },
  ],
  [
    'noDepartment',
    { clientId: 'owner-system', name: '无部门密钥', serviceItems: ['*'], departments: ['公安'] },
  ],
];

/** Wrap the ports issuance and delivery call so `faults` can break any of them. */
function injectFaults(
  deps: AppDependencies,
  faults: FaultInjector,
  sealKey: SealSigner,
  factory: 'fake' | 'real',
): void {
  const certificates = deps.certificates;
  const signer = faults.wrap('signer', sealKey);
  certificates.cases = faults.wrap('cases', certificates.cases);
  certificates.ledger = faults.wrap('ledger', certificates.ledger);
  certificates.counters = faults.wrap('counters', certificates.counters);
  certificates.licences = faults.wrap('licences', certificates.licences);
  certificates.audit = faults.wrap('audit', certificates.audit);
  certificates.factory =
    factory === 'fake'
      ? fakeLicenceFactory(signer)
      : createLicenceFactory({ renderer: realRenderer(), signer, chain: () => deps.sealChain.load() });
  deps.delivery.sms = faults.wrap('sms', deps.delivery.sms);
  deps.delivery.links = faults.wrap('links', deps.delivery.links);
  // The issuance request's one SMS (办件提醒) goes through the same sender and link store.
  deps.progressSms.sms = deps.delivery.sms;
  deps.progressSms.links = deps.delivery.links;
}

/** Start storage, compose the app, bootstrap the seal chain and register the test clients. */
export async function startReliabilityApp(options: { factory: 'fake' | 'real' }): Promise<ReliabilityApp> {
  // The statistics come from the cases table's change records, as from its DynamoDB stream on AWS.
  let aggregate: (records: Parameters<ChangeFeedConsumer['push']>[0]) => Promise<unknown> = async () => {
    throw new Error('not composed yet');
  };
  const statsFeed = new ChangeFeedConsumer({
    invoke: (event) => aggregate(event.Records),
    log: (line) => console.error(line),
  });
  const [dynamo, s3] = await Promise.all([
    startTestDynamo({ changeFeed: { tables: ['cases'], deliver: (records) => statsFeed.push(records) } }),
    startTestS3(),
  ]);
  const dir = await mkdtemp(join(tmpdir(), 'zz-reliability-'));
  const config = loadConfig({
    AWS_REGION: 'cn-north-1',
    PUBLIC_BASE_URL: 'https://zz.test',
    LOG_LEVEL: 'error',
    SMS_OUTBOX_FILE: join(dir, 'sms-outbox.jsonl'),
    ...storageEnvironment(dynamo.tables, s3.buckets),
  });
  const logger = capturingLogger();
  const deps = compose(
    config,
    { dynamo: dynamo.client, s3: s3.client, kms: hmacKmsClient(), logger },
    allParts,
  );
  aggregate = (records) => aggregateStatsEvent(deps, { Records: records });
  statsFeed.start();
  const settleStats = async () => {
    dynamo.flushChangeFeed();
    await statsFeed.idle();
  };
  setStatsFeedSettler(async () => {
    dynamo.flushChangeFeed();
    return statsFeed.idle();
  });
  const sealKey = createCryptoSigner(2048);
  const chain = await bootstrapSealChain({
    rootSigner: createCryptoSigner(2048),
    sealSigner: sealKey,
    clock: new SystemClock(),
    random: new CryptoRandom(),
    authorityName: '测试签章中心',
  });
  await deps.sealChain.save([chain.seal, chain.root]);
  const faults = new FaultInjector();
  const raw = {
    cases: deps.certificates.cases,
    licences: deps.certificates.licences,
    ledger: deps.certificates.ledger,
  };
  injectFaults(deps, faults, sealKey, options.factory);
  const keys = {} as ReliabilityApp['keys'];
  for (const [name, client] of clientsOf()) {
    keys[name] = `zz_test_${name}_${randomUUID()}`;
    await deps.apiClients.save(hashApiKey(keys[name]), client);
  }
  const handler = createHttpHandler(everyRoute(), deps, deps.http);
  const call: ReliabilityApp['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    const key = opts.key === undefined ? keys.owner : opts.key;
    if (key) headers.authorization = `Bearer ${key}`;
    let body: string | undefined;
    let isBase64Encoded = false;
    if (opts.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.body !== undefined) {
      headers['content-type'] ??= opts.contentType ?? 'application/octet-stream';
      body = typeof opts.body === 'string' ? opts.body : Buffer.from(opts.body).toString('base64');
      isBase64Encoded = typeof opts.body !== 'string';
    }
    const event = httpEvent(method, path, {
      headers,
      ...(body !== undefined ? { body, isBase64Encoded } : {}),
      ...(opts.query ? { query: opts.query } : {}),
    });
    return toReply(await handler(event, {} as never));
  };
  return {
    deps,
    handler,
    faults,
    logger,
    dynamo,
    s3,
    raw,
    keys,
    call,
    settleStats,
    close: async () => {
      setStatsFeedSettler(undefined);
      await settleStats();
      await Promise.allSettled([dynamo.close(), s3.close(), rm(dir, { recursive: true, force: true })]);
    },
  };
}

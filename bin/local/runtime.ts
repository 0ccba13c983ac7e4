/**
 * Starts the whole local runtime in-process. `bin/local.ts` is its command line; the e2e tests start it as a
 * child process through that same command.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoApiClientStore } from '../../functions/adapters/dynamodb-api-client-store.js';
import { createTables, tableNames } from '../../functions/adapters/dynamodb-tables.js';
import { KmsDerivedKeys, KmsHolderKeys } from '../../functions/adapters/kms-mac-keys.js';
import { SystemClock } from '../../functions/adapters/system-clock.js';
import { storageEnvironment } from '../../functions/config.js';
import { resumeOpenJobs } from '../../functions/core/bulk/start-bulk.js';
import { parts as bulkApiParts } from '../../functions/handlers/bulk.js';
import { handlerModules } from '../../functions/handlers/index.js';
import { jobNames, runJob } from '../../functions/handlers/job-runner.js';
import { parts as jobParts } from '../../functions/handlers/jobs.js';
import { sharedDependencies } from '../../functions/handlers/lambda.js';
import { hashApiKey } from '../../functions/http/authenticate.js';
import type { LambdaHttpHandler } from '../../functions/http/handler.js';
import { createHttpHandler } from '../../functions/http/handler.js';
import type { RouteDefinition } from '../../functions/http/route.js';
import { useLocalBulkQueue } from '../../functions/parts/bulk-queue.js';
import {
  bucketNames,
  createBuckets,
  LOCAL_REGION,
  localDynamoClient,
  localKmsClient,
  localS3Client,
} from './aws-clients.js';
import { startBulkPool } from './bulk-pool.js';
import { startHttpGateway } from './http-gateway.js';
import { localRoutes } from './local-routes.js';
import { ensureSealChain } from './local-seal-chain.js';
import { ensureSm2SealChain } from './local-sm2-seal-chain.js';
import { startLocalTsa } from './local-tsa.js';
import { startProgressSmsLoop } from './progress-sms-loop.js';
import { ChangeFeedConsumer, setStatsFeedSettler } from './stats-feed.js';
import { startStorageThread } from './storage-thread.js';
import { rebuildTablesMissingIndexes } from './table-indexes.js';
import { uploadEvents } from './upload-events.js';
import { startWebhookLoop } from './webhook-loop.js';

export interface LocalRuntime {
  url: string;
  apiKey: string;
  close(): Promise<void>;
}

const demoClient = {
  clientId: 'demo-upstream',
  name: '演示上游系统 Demo upstream system',
  serviceItems: ['*'],
  departments: ['*'],
};

/** The demo API key: DEV_API_KEY, else the one saved by an earlier start, else a new random one (256 bits). */
async function demoApiKey(dataDir: string, fromEnv: string | undefined): Promise<string> {
  const file = join(dataDir, 'dev-api-key');
  const saved = (await readFile(file, 'utf8').catch(() => '')).trim();
  const chosen = fromEnv || saved || `zz_dev_${randomBytes(32).toString('base64url')}`;
  await writeFile(file, `${chosen}\n`, { mode: 0o600 });
  return chosen;
}

export async function startLocalRuntime(options: {
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}): Promise<LocalRuntime> {
  const env = options.env;
  const port = Number(env.PORT ?? 3000);
  const dataDir = resolve(env.DATA_DIR ?? '.data');
  await mkdir(dataDir, { recursive: true });
  // Presigned uploads are validated when they land, by the handler S3's notification invokes on AWS.
  const uploads = uploadEvents({
    bucketName: bucketNames('zz-').materials,
    invoke: async (event) => (await import('../../functions/handlers/uploads.js')).handler(event),
    log: options.log,
  });
  // The cases table's change records feed the statistics aggregator, as its DynamoDB stream does on AWS.
  const statsFeed = new ChangeFeedConsumer({
    invoke: async (event) => (await import('../../functions/handlers/stats-stream.js')).handler(event),
    log: options.log,
  });
  const tables = tableNames('zz-');
  const services = await startStorageThread(dataDir, {
    onS3Event: (event) => uploads.dispatch(event),
    changeFeed: { tables: [tables.cases], onChangeRecords: (records) => statsFeed.push(records) },
  });
  const { dynamo, s3, kms } = services;
  const buckets = bucketNames('zz-');
  const dynamoClient = localDynamoClient(dynamo.endpoint);
  const s3Client = localS3Client(s3.endpoint);
  await createTables(dynamoClient, tables);
  // Licences from before holder keys get theirs as the code now computes them (the local KMS HMAC key).
  const kmsClient = localKmsClient(kms.endpoint);
  const holderKeys = new KmsHolderKeys({
    keys: new KmsDerivedKeys({ client: kmsClient, keyId: kms.keys.mac }),
  });
  for (const { table, added, items } of await rebuildTablesMissingIndexes(dynamoClient, tables, {
    holderKeys,
  }))
    options.log(`Rebuilt ${table} (${items} items) to add ${added.join(', ')}.`);
  kmsClient.destroy();
  await createBuckets(s3Client, buckets);
  // The chain must be valid at the runtime's clock, which NOW may set before the chain's start.
  const clock = new SystemClock(
    env.NOW && !Number.isNaN(Date.parse(env.NOW)) ? new Date(env.NOW) : undefined,
  );

  const apiKey = await demoApiKey(dataDir, env.DEV_API_KEY);
  const doc = DynamoDBDocumentClient.from(dynamoClient);
  await new DynamoApiClientStore({ client: doc, tableName: tables.apiClients }).save(
    hashApiKey(apiKey),
    demoClient,
  );
  dynamoClient.destroy();

  const modules = await Promise.all(
    handlerModules.map(async (m) => {
      const loaded = (await import(`../../functions/handlers/${m.name}.js`)) as {
        handler: LambdaHttpHandler;
      };
      return { name: m.name, routes: m.routes as RouteDefinition<unknown>[], handler: loaded.handler };
    }),
  );
  const local = {
    name: 'local',
    routes: localRoutes as RouteDefinition<unknown>[],
    handler: ((event, context) => {
      const deps = sharedDependencies(jobParts);
      localHandler ??= createHttpHandler(localRoutes, deps, deps.http);
      return localHandler(event, context);
    }) as LambdaHttpHandler,
  };
  let localHandler: LambdaHttpHandler | undefined;
  const gateway = await startHttpGateway({ modules: [...modules, local], port, clock: () => new Date() });
  const actualPort = new URL(gateway.url).port;
  const publicBaseUrl = env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${actualPort}`;
  // The seal certificate names this API's CRL and OCSP URLs, so the chain is made once the port is known
  // (before the URL is printed: nobody can call the API without it).
  const chain = await ensureSealChain(kms, s3Client, buckets.licences, clock, publicBaseUrl);
  if (chain === 'CREATED') options.log('Created the seal certificate chain (first start).');
  if (chain === 'REISSUED')
    options.log(`Issued the seal certificate chain again to cover ${clock.now().toISOString()}.`);
  // The OFD rendition's SM2 seal (GB/T 38540): maker root + seal certificate, both keys in the KMS endpoint.
  const sm2Chain = await ensureSm2SealChain(kms, s3Client, buckets.licences, clock);
  if (sm2Chain === 'CREATED') options.log('Created the SM2 seal certificate chain (first start).');
  if (sm2Chain === 'REISSUED')
    options.log(`Issued the SM2 seal certificate chain again to cover ${clock.now().toISOString()}.`);
  // PAdES B-T: the runtime's own RFC 3161 TSA (an external one on AWS, TSA_URL).
  const tsa = await startLocalTsa({
    kms,
    s3: s3Client,
    bucket: buckets.licences,
    clock,
    keyDir: join(dataDir, 'keys'),
    publicBaseUrl,
  });
  s3Client.destroy();

  // The handler modules read their configuration from the environment on their first request, as on Lambda.
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    // s3rver only knows its own access key; dynalite and the KMS endpoint accept any.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    PUBLIC_BASE_URL: publicBaseUrl,
    TSA_URL: env.TSA_URL ?? tsa.url,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    S3_ENDPOINT: s3.endpoint,
    KMS_ENDPOINT: kms.endpoint,
    SEAL_KEY_ID: kms.keys.seal,
    ROOT_KEY_ID: kms.keys.root,
    MAC_KEY_ID: kms.keys.mac,
    // The QR's data key pairs: made and decrypted by the KMS endpoint, signing in memory (no Sign per licence).
    QR_WRAP_KEY_ID: kms.keys.qrWrap,
    OFD_SEAL_KEY_ID: kms.keys.ofdSeal,
    OFD_MAKER_KEY_ID: kms.keys.ofdMaker,
    ...storageEnvironment(tables, buckets),
    SMS_OUTBOX_FILE: join(dataDir, 'sms-outbox.jsonl'),
    // Receivers of a local demo or test listen on 127.0.0.1; never set on AWS.
    WEBHOOK_ALLOW_LOOPBACK: 'true',
    ...(env.NOW ? { NOW: env.NOW } : {}),
  });
  uploads.start();
  // Bulk issuance: the `bulk-worker` code in a worker_threads pool (one per core; SQS and Lambda on AWS). The
  // threads compose from the environment just set, as the function does on its cold start.
  const bulkPool = startBulkPool({
    log: options.log,
    ...(env.BULK_WORKER_THREADS ? { threads: Number(env.BULK_WORKER_THREADS) } : {}),
  });
  useLocalBulkQueue(bulkPool);
  // Jobs the last run left unfinished are queued again: the pool's queue died with it (SQS keeps its messages).
  const resumed = await resumeOpenJobs(sharedDependencies(bulkApiParts).bulk);
  if (resumed > 0) options.log(`Resumed ${resumed} unfinished bulk issuance job(s).`);
  statsFeed.start();
  setStatsFeedSettler(async () => {
    await services.flushChangeFeed();
    return statsFeed.idle();
  });
  // The scheduled jobs run on a timer too (EventBridge schedules on AWS). JOBS_INTERVAL_SECONDS=0 turns it off.
  const intervalSeconds = Number(env.JOBS_INTERVAL_SECONDS ?? 300);
  let jobsRunning = false;
  const timer =
    intervalSeconds > 0
      ? setInterval(async () => {
          if (jobsRunning) return;
          jobsRunning = true;
          const deps = sharedDependencies(jobParts);
          for (const name of jobNames()) {
            await runJob(deps, name, deps.clock.now()).catch((error: unknown) =>
              deps.logger.error('job failed', {
                job: name,
                error: error instanceof Error ? error.message : String(error),
              }),
            );
          }
          jobsRunning = false;
        }, intervalSeconds * 1000)
      : undefined;
  timer?.unref();
  const stopWebhooks = startWebhookLoop(Number(env.WEBHOOK_INTERVAL_SECONDS ?? 2), options.log);
  // 办件提醒: the applicant's SMS per progress event (PROGRESS_SMS_INTERVAL_SECONDS=0 turns the timer off).
  const stopProgressSms = startProgressSmsLoop(Number(env.PROGRESS_SMS_INTERVAL_SECONDS ?? 2), options.log);
  options.log(`Zhengzhao local API on ${gateway.url}  (data: ${dataDir})`);
  options.log(`Local DynamoDB endpoint: ${dynamo.endpoint}`);
  options.log(`Local S3 endpoint: ${s3.endpoint}`);
  options.log(`Local TSA endpoint: ${tsa.url}`);
  options.log(`Demo API key (also in ${join(dataDir, 'dev-api-key')}): ${apiKey}`);
  return {
    url: gateway.url,
    apiKey,
    close: async () => {
      if (timer) clearInterval(timer);
      stopWebhooks();
      stopProgressSms();
      await gateway.close();
      await tsa.close();
      await uploads.close();
      useLocalBulkQueue(undefined);
      await bulkPool.close();
      setStatsFeedSettler(undefined);
      await services.flushChangeFeed().then(() => statsFeed.idle());
      await services.close();
    },
  };
}

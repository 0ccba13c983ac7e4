/**
 * The local stand-ins for AWS services — DynamoDB (dynalite behind the transaction gateway), S3 (s3rver) and
 * KMS — run in a worker thread of their own: on AWS they are other machines, and in the handlers' thread
 * their work (dynalite's JSON and LevelDB, the KMS endpoint's RSA signatures) would queue behind rendering
 * and distort every latency. Same endpoints, same data directory, same behaviour; only the thread differs.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { ChangeRecord } from './dynamo-change-feed.js';
import { startDynamoGateway } from './dynamo-gateway.js';
import { type KmsEndpoint, startKmsEndpoint } from './kms-endpoint.js';
import { recordRequestTimings } from './request-timings.js';
import { type S3EventNotification, startS3Server } from './s3-server.js';

/** Where the services listen (and how to stop them). */
export interface StorageServices {
  dynamo: { endpoint: string };
  s3: { endpoint: string };
  kms: { endpoint: string; keys: KmsEndpoint['keys'] };
  /** Delivers the change feed's pending records (to `onChangeRecords`) and resolves once they are handed over. */
  flushChangeFeed(): Promise<void>;
  close(): Promise<void>;
}

type Ready = Omit<StorageServices, 'close' | 'flushChangeFeed'>;

/**
 * A message from the storage thread after it is ready: an S3 event notification, a batch of the DynamoDB
 * change feed, or the answer to a flush of that feed (after the batches it delivered).
 */
interface StorageMessage {
  s3Event?: S3EventNotification;
  changeRecords?: ChangeRecord[];
  changeFeedFlushed?: number;
}

/** The storage thread's configuration. */
interface StorageData {
  dataDir: string;
  /** Tables whose writes the DynamoDB gateway feeds back (physical names). */
  changeFeedTables: string[];
}

/** How long the change feed waits to fill a batch (the stream mapping's batching window), ms. */
const changeFeedWindowMs = () => Number(process.env.ZZ_CHANGE_FEED_WINDOW_MS ?? 200);

/**
 * Starts the services in a worker thread over `dataDir` and resolves once they listen. `onS3Event` receives
 * every S3 event notification of the local S3 (in this thread).
 */
export function startStorageThread(
  dataDir: string,
  options: {
    onS3Event?: (event: S3EventNotification) => void;
    /** Tables whose writes come back to `onChangeRecords` as DynamoDB stream records. */
    changeFeed?: { tables: string[]; onChangeRecords: (records: ChangeRecord[]) => void };
  } = {},
): Promise<StorageServices> {
  // The worker runs this very module. From TypeScript sources (npm start) it first registers tsx's loader:
  // Node 20 does not apply the parent's `--import` loader hooks to a worker's entry module.
  const entry = import.meta.url.endsWith('.ts')
    ? new URL(
        `data:text/javascript,${encodeURIComponent(
          `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); ` +
            `await import(${JSON.stringify(import.meta.url)});`,
        )}`,
      )
    : new URL(import.meta.url);
  const worker = new Worker(entry, {
    workerData: { dataDir, changeFeedTables: options.changeFeed?.tables ?? [] } satisfies StorageData,
  });
  const flushes = new Map<number, () => void>();
  let nextFlush = 0;
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the storage thread exited early (${code})`)));
    worker.once('message', (ready: Ready) => {
      worker.removeAllListeners('exit');
      worker.removeAllListeners('error');
      worker.on('message', (message: StorageMessage) => {
        if (message.s3Event) options.onS3Event?.(message.s3Event);
        if (message.changeRecords) options.changeFeed?.onChangeRecords(message.changeRecords);
        if (message.changeFeedFlushed !== undefined) {
          flushes.get(message.changeFeedFlushed)?.();
          flushes.delete(message.changeFeedFlushed);
        }
      });
      // Without its storage the API can only fail: a storage thread that dies takes the runtime down with a
      // message, rather than leaving it up answering 500s.
      let closing = false;
      const fail = (reason: unknown) => {
        if (closing) return;
        console.error('The storage thread stopped; the local runtime cannot go on:', reason);
        process.exit(1);
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(`exit code ${code}`));
      resolve({
        ...ready,
        flushChangeFeed: () =>
          new Promise<void>((done) => {
            const id = nextFlush++;
            flushes.set(id, done);
            worker.postMessage({ flushChangeFeed: id });
          }),
        close: () =>
          new Promise<void>((done) => {
            closing = true;
            worker.once('exit', () => done());
            worker.postMessage('close');
          }),
      });
    });
  });
}

async function serve(port: NonNullable<typeof parentPort>, data: StorageData): Promise<void> {
  const { dataDir } = data;
  const [dynamo, s3, kms] = await Promise.all([
    startDynamoGateway({
      path: join(dataDir, 'dynamodb'),
      // For the bench's metered pass: request units in every answer (dynamo-metering.ts).
      metering: process.env.ZZ_DYNAMO_METERING === '1',
      ...(data.changeFeedTables.length > 0
        ? {
            changeFeed: {
              tables: data.changeFeedTables,
              windowMs: changeFeedWindowMs(),
              deliver: (changeRecords) => port.postMessage({ changeRecords } satisfies StorageMessage),
            },
          }
        : {}),
    }),
    startS3Server({
      directory: join(dataDir, 's3'),
      onEvent: (s3Event) => port.postMessage({ s3Event } satisfies StorageMessage),
    }),
    startKmsEndpoint({ keyDir: join(dataDir, 'keys') }),
  ]);
  // For the bench (request-timings.ts): every request the SDK clients make, one JSON line each.
  const timings = process.env.ZZ_STORAGE_TIMINGS
    ? createWriteStream(join(dataDir, 'storage-timings.jsonl'), { flags: 'a' })
    : undefined;
  const portOf = (endpoint: string) => Number(new URL(endpoint).port);
  const stopTimings = timings
    ? recordRequestTimings(
        new Map([
          [portOf(dynamo.endpoint), 'dynamodb'],
          [portOf(s3.endpoint), 's3'],
          [portOf(kms.endpoint), 'kms'],
        ]),
        (timing) => timings.write(`${JSON.stringify(timing)}\n`),
      )
    : () => undefined;
  port.on('message', async (message) => {
    const flush = (message as { flushChangeFeed?: unknown } | null)?.flushChangeFeed;
    if (typeof flush === 'number') {
      // The batches go out before the answer, on the same port: the main thread has them all by then.
      dynamo.flushChangeFeed();
      port.postMessage({ changeFeedFlushed: flush } satisfies StorageMessage);
      return;
    }
    if (message !== 'close') return;
    await Promise.allSettled([kms.close(), s3.close(), dynamo.close()]);
    stopTimings();
    await new Promise<void>((done) => (timings ? timings.end(done) : done()));
    port.close();
  });
  const ready: Ready = {
    dynamo: { endpoint: dynamo.endpoint },
    s3: { endpoint: s3.endpoint },
    kms: { endpoint: kms.endpoint, keys: kms.keys },
  };
  port.postMessage(ready);
}

if (!isMainThread && parentPort && (workerData as { dataDir?: string } | null)?.dataDir) {
  await serve(parentPort, workerData as StorageData);
}

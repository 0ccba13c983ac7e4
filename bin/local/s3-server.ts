/**
 * The local runtime's S3: s3rver in-process, behind a small HTTP proxy that the real SDK client uses as its
 * `endpoint`. s3rver 3.7 honours `If-None-Match` on GET only; on PUT it ignores it and overwrites. The product
 * relies on S3's conditional write (`If-None-Match: *` on PutObject) so that a second write of a licence
 * cannot replace the first, so the proxy implements it: writes to one object key are serialised, and a
 * conditional PUT on an existing key gets S3's 412 PreconditionFailed without reaching s3rver.
 *
 * Not emulated: If-None-Match on CompleteMultipartUpload, If-Match on PUT, versioning, object lock and
 * signature checks (s3rver never verifies SigV4).
 */
import { once } from 'node:events';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import {
  Agent,
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyedMutex } from './locks.js';

/** A running local S3: point `S3Client({ endpoint, forcePathStyle: true })` at it. */
export interface LocalS3Server {
  endpoint: string;
  /** Stop the server; a temporary directory (no `directory` given) is removed with its objects. */
  close(): Promise<void>;
}

/** An S3 event notification as S3 delivers it to Lambda (the fields the handlers read). */
export interface S3EventNotification {
  Records: Array<{
    eventName: string;
    s3: { bucket: { name: string }; object: { key: string; size?: number } };
  }>;
}

/** Options of `startS3Server`. */
export interface S3ServerOptions {
  /** Where s3rver keeps buckets and objects; data survives restarts. A fresh temporary directory if absent. */
  directory?: string;
  /**
   * Called for every object created or removed, with the event S3 would send (s3rver emits them once the
   * object is stored). Which events reach which function is the caller's choice, as a bucket's notification
   * configuration is on AWS.
   */
  onEvent?: (event: S3EventNotification) => void;
}

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  on(name: 'event', listener: (event: S3EventNotification) => void): void;
}

type S3rverConstructor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  vhostBuckets: boolean;
}) => S3rverInstance;

// s3rver is CommonJS without type declarations.
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

const PRECONDITION_FAILED = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<Error><Code>PreconditionFailed</Code>',
  '<Message>At least one of the pre-conditions you specified did not hold</Message>',
  '<Condition>If-None-Match</Condition><RequestId>local</RequestId></Error>',
].join('');

/** `bucket/key` addressed by a path-style request URL, or undefined for bucket- and service-level requests. */
function objectOf(url: URL): string | undefined {
  const [, bucket, ...key] = url.pathname.split('/');
  const name = key.join('/');
  return bucket && name ? `${bucket}/${decodeURIComponent(name)}` : undefined;
}

class S3rverUpstream {
  private readonly agent = new Agent({ keepAlive: true });

  constructor(private readonly port: number) {}

  /** Stream a request to s3rver and its answer back; settles when the answer has been sent. */
  relay(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The proxy already answered `Expect: 100-continue` itself; s3rver must not be asked to again.
    const { expect: _expect, ...headers } = req.headers;
    const done = once(res, 'close').then(() => undefined);
    const outgoing = request(
      { host: '127.0.0.1', port: this.port, method: req.method, path: req.url, headers, agent: this.agent },
      (incoming) => {
        res.writeHead(incoming.statusCode ?? 502, incoming.headers);
        incoming.pipe(res);
      },
    );
    outgoing.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(outgoing);
    return done;
  }

  /** Whether the object at `path` (`/bucket/key`, encoded as received) exists. */
  async exists(path: string): Promise<boolean> {
    const head = request({ host: '127.0.0.1', port: this.port, method: 'HEAD', path, agent: this.agent });
    head.end();
    const [incoming] = (await once(head, 'response')) as [IncomingMessage];
    incoming.resume();
    await once(incoming, 'end');
    if (incoming.statusCode === 200) return true;
    if (incoming.statusCode === 404) return false;
    throw new Error(`s3rver answered HEAD ${path} with ${incoming.statusCode}`);
  }

  close(): void {
    this.agent.destroy();
  }
}

async function rejectExisting(req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Drain the upload first so the client reads the 412 rather than a reset connection.
  req.resume();
  await once(req, 'end');
  res.writeHead(412, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(PRECONDITION_FAILED),
  });
  res.end(PRECONDITION_FAILED);
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: S3rverUpstream,
  mutex: KeyedMutex,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const object = objectOf(url);
  if (!object) return upstream.relay(req, res);
  // Every request for one key takes its turn, so nothing lands between a conditional PUT's check and its
  // write, and a read never meets a write half done: s3rver creates the file before it writes the bytes
  // (a GET meanwhile answered 200 with an empty body), where S3 shows a new object only once it is whole.
  return mutex.run(object, async () => {
    const conditional =
      req.method === 'PUT' && req.headers['if-none-match'] === '*' && !url.searchParams.has('uploadId');
    if (conditional && (await upstream.exists(url.pathname))) return rejectExisting(req, res);
    return upstream.relay(req, res);
  });
}

const listen = (server: Server): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

/**
 * S3 delivers object keys URL-encoded, spaces as `+` (handlers decode them); s3rver passes them raw.
 * Slashes stay as they are, as in S3's own events.
 */
function asDelivered(event: S3EventNotification): S3EventNotification {
  const encode = (key: string) => encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
  return {
    ...event,
    Records: event.Records.map((r) => ({
      ...r,
      s3: { ...r.s3, object: { ...r.s3.object, key: encode(r.s3.object.key) } },
    })),
  };
}

/**
 * Start s3rver (silent, path-style, on 127.0.0.1 with a free port) and the conditional-write proxy in front
 * of it. Buckets are not created here (see `createBuckets`).
 */
export async function startS3Server(options: S3ServerOptions = {}): Promise<LocalS3Server> {
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'zz-s3-')));
  await mkdir(directory, { recursive: true });
  const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, vhostBuckets: false });
  const { onEvent } = options;
  if (onEvent) s3rver.on('event', (event) => onEvent(asDelivered(event)));
  const upstream = new S3rverUpstream((await s3rver.run()).port);
  const mutex = new KeyedMutex();
  const proxy = createServer((req, res) => {
    handle(req, res, upstream, mutex).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const port = await listen(proxy);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      upstream.close();
      await s3rver.close();
      if (!options.directory) await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * The local runtime's DynamoDB: dynalite in-process, behind a small HTTP gateway that the real AWS SDK
 * clients use as their `endpoint`. The gateway forwards every request to dynalite unchanged, except for what
 * dynalite lacks and the product needs:
 *
 * - `TransactWriteItems` / `TransactGetItems`, built in `dynamo-transactions.ts`. To make them atomic and
 *   isolated, a transaction holds one exclusive lock; reads and single-item writes share it, so a reader never
 *   sees half a transaction. Single-item writes run side by side, one at a time per item (`item-locks.ts`), as
 *   DynamoDB isolates them.
 * - `ClientRequestToken` idempotency of transactions, and the `Item` that single writes with
 *   `ReturnValuesOnConditionCheckFailure: ALL_OLD` return when their condition fails (`dynamo-write-fidelity.ts`).
 * - `UpdateTimeToLive` / `DescribeTimeToLive`: accepted and remembered (in memory, for the process's life).
 *   Nothing ever expires locally — exactly why readers must check `expiresAtEpoch` themselves, as they must on
 *   AWS too, where deletion lags expiry by up to days.
 * - DynamoDB Streams: a change feed of the writes to chosen tables, with old and new images, delivered in
 *   batches after the writes' answers (`dynamo-change-feed.ts`).
 *
 * Adapters therefore need no local special case: they send the same requests as on AWS.
 */
import { mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import {
  DynaliteConnection,
  DynaliteError,
  errorReply,
  jsonReply,
  parseObject,
  targetOperation,
  type WireObject,
  type WireReply,
} from './dynalite-connection.js';
import { ChangeFeed, type ChangeFeedOptions } from './dynamo-change-feed.js';
import { DynamoMeter } from './dynamo-metering.js';
import { internalError, transactGetItems, transactWriteItems } from './dynamo-transactions.js';
import { addOldItemOnConditionFailure, TransactionTokens } from './dynamo-write-fidelity.js';
import { ItemLocks } from './item-locks.js';
import { ReadWriteLock } from './locks.js';

/** A running gateway: point `DynamoDBClient({ endpoint })` at it. */
export interface DynamoGateway {
  endpoint: string;
  /** Deliver the change feed's pending records now (nothing without a feed). */
  flushChangeFeed(): void;
  /** Stop accepting requests, close dynalite (flushing it to disk when persistent). */
  close(): Promise<void>;
}

/** Options of `startDynamoGateway`. */
export interface DynamoGatewayOptions {
  /** Directory for dynalite's LevelDB store; data survives restarts. In memory when absent. */
  path?: string;
  /**
   * Answer every request with the request units it consumed (`x-zz-wru`, `x-zz-rru`; dynamo-metering.ts).
   * Each write then reads its items before and after: for measuring units, not speed. @default false
   */
  metering?: boolean;
  /** Feed the writes to these tables to `deliver`, as DynamoDB Streams would (`dynamo-change-feed.ts`). */
  changeFeed?: ChangeFeedOptions;
}

/** DynamoDB's own request size limit, which dynalite also enforces; bounds what the gateway buffers. */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);

const listen = (server: Server): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));

/**
 * Read the whole body, or undefined if it exceeds `limit` bytes. An oversized body is still drained (not
 * kept), so that the 413 answer reaches the client instead of a reset connection.
 */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  return size <= limit ? Buffer.concat(chunks) : undefined;
}

function send(res: ServerResponse, reply: WireReply): void {
  // The body was buffered, so it goes out with a length whatever framing dynalite used.
  const { 'transfer-encoding': _framing, ...rest } = reply.headers;
  const headers = { ...rest, 'content-length': String(reply.body.length) };
  // Set one by one, not through writeHead: headers given to writeHead are not readable with getHeader, which
  // is how the bench's request timings see the metered units.
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
  res.writeHead(reply.status);
  res.end(reply.body);
}

/** Remembers TTL settings per table, since dynalite has no UpdateTimeToLive. */
class TimeToLiveSettings {
  private readonly byTable = new Map<string, { AttributeName: string; Enabled: boolean }>();

  constructor(private readonly db: DynaliteConnection) {}

  async update(input: WireObject): Promise<WireReply> {
    const table = String(input.TableName);
    const spec = input.TimeToLiveSpecification as WireObject | undefined;
    if (typeof spec?.AttributeName !== 'string' || typeof spec.Enabled !== 'boolean') {
      return errorReply(
        400,
        'com.amazon.coral.validate#ValidationException',
        'TimeToLiveSpecification is invalid',
      );
    }
    await this.db.call('DescribeTable', { TableName: table }); // ResourceNotFoundException as on AWS
    const setting = { AttributeName: spec.AttributeName, Enabled: spec.Enabled };
    this.byTable.set(table, setting);
    return jsonReply(200, { TimeToLiveSpecification: setting });
  }

  async describe(input: WireObject): Promise<WireReply> {
    const table = String(input.TableName);
    await this.db.call('DescribeTable', { TableName: table });
    const setting = this.byTable.get(table);
    const description = setting?.Enabled
      ? { TimeToLiveStatus: 'ENABLED', AttributeName: setting.AttributeName }
      : { TimeToLiveStatus: 'DISABLED' };
    return jsonReply(200, { TimeToLiveDescription: description });
  }
}

type Route = (input: WireObject) => Promise<WireReply>;

function interceptedRoutes(
  db: DynaliteConnection,
  lock: ReadWriteLock,
  meter: DynamoMeter | undefined,
  feed: ChangeFeed | undefined,
): Record<string, Route> {
  const ttl = new TimeToLiveSettings(db);
  const tokens = new TransactionTokens();
  const transactOnce = (input: WireObject) => tokens.run(input, () => transactWriteItems(db, input));
  const transact = (input: WireObject) =>
    feed ? feed.around('TransactWriteItems', input, () => transactOnce(input)) : transactOnce(input);
  return {
    TransactWriteItems: (input) =>
      lock.write(() =>
        meter ? meter.write('TransactWriteItems', input, () => transact(input)) : transact(input),
      ),
    TransactGetItems: (input) =>
      lock.read(async () => {
        const reply = await transactGetItems(db, input);
        return meter ? meter.read('TransactGetItems', input, reply) : reply;
      }),
    UpdateTimeToLive: (input) => ttl.update(input),
    DescribeTimeToLive: (input) => ttl.describe(input),
  };
}

async function handle(
  req: IncomingMessage,
  db: DynaliteConnection,
  lock: ReadWriteLock,
  routes: Record<string, Route>,
  meter: DynamoMeter | undefined,
  feed: ChangeFeed | undefined,
  items: ItemLocks,
): Promise<WireReply> {
  const body = await readBody(req, MAX_REQUEST_BYTES);
  if (!body) {
    return errorReply(413, 'com.amazon.coral.service#RequestEntityTooLarge', 'Request entity too large');
  }
  const operation = targetOperation(req.headers['x-amz-target']);
  const route = operation ? routes[operation] : undefined;
  if (route) {
    const input = parseObject(body);
    if (!input)
      return errorReply(400, 'com.amazon.coral.service#SerializationException', 'Invalid JSON body');
    return route(input);
  }
  const forward = () => db.forward(req.method ?? 'POST', req.url ?? '/', req.headers, body);
  if (operation && WRITES.has(operation)) {
    const passed = async () => addOldItemOnConditionFailure(db, operation, body, await forward());
    const write = () => (feed ? feed.around(operation, parseObject(body), passed) : passed());
    const metered = () => (meter ? meter.write(operation, parseObject(body), write) : write());
    // One item at a time (its before/after images are the write's own), beside reads and other items' writes;
    // a write whose items cannot be told waits for everything, as a transaction does.
    const keys = await items.keysOf(operation, parseObject(body));
    return keys ? lock.read(() => items.run(keys, metered)) : lock.write(metered);
  }
  if (operation && READS.has(operation)) {
    const reply = await lock.read(forward);
    return meter ? meter.read(operation, parseObject(body), reply) : reply;
  }
  return forward();
}

/**
 * Start dynalite (in memory, or persistent under `options.path`) and the gateway in front of it, both on
 * 127.0.0.1 with a free port. Tables are not created here (see `createTables`).
 */
export async function startDynamoGateway(options: DynamoGatewayOptions = {}): Promise<DynamoGateway> {
  if (options.path) await mkdir(options.path, { recursive: true });
  const store = dynalite({
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  // dynalite listens only so that closing its server closes its database (its close needs a running server);
  // the gateway calls its request handler directly.
  await listen(store);
  const db = new DynaliteConnection(store);
  const lock = new ReadWriteLock();
  const meter = options.metering ? new DynamoMeter(db) : undefined;
  const feed = options.changeFeed ? new ChangeFeed(db, options.changeFeed) : undefined;
  const routes = interceptedRoutes(db, lock, meter, feed);
  const items = new ItemLocks(db);
  const gateway = createServer((req, res) => {
    handle(req, db, lock, routes, meter, feed, items)
      .catch((error: unknown) => (error instanceof DynaliteError ? error.reply : internalError()))
      .then((reply) => send(res, reply))
      .catch(() => res.destroy());
  });
  const port = await listen(gateway);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    flushChangeFeed: () => feed?.flush(),
    close: async () => {
      feed?.flush();
      gateway.closeAllConnections();
      await closeServer(gateway);
      await closeServer(store);
    },
  };
}

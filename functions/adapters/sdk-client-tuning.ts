/**
 * Work the AWS SDK (v3) clients do on every call for nobody, taken off once where our clients are built
 * (functions/composition.ts: `createDynamoClient`, `createS3Client`, `createKmsClient`). Measured with
 * `npx tsx bench/sdk-overhead.ts` (canned HTTP responses: the SDK's own CPU, no network).
 *
 * Not used, on purpose: the SDK's `cacheMiddleware`. It saves 20–27 % of an S3 PutObject's or a KMS Sign's SDK
 * CPU, but the cached handler shares one context object between concurrent calls of a command class, and S3's
 * serializer reads the endpoint from it after an await: concurrent puts to two buckets all went to the first
 * (test/unit/adapters/sdk-client-tuning.test.ts keeps that case). lib-dynamodb refuses it anyway.
 */

/** What of a client the tuning touches (every @aws-sdk v3 client has both). */
export interface TunableClient {
  middlewareStack: { remove(toRemove: string): boolean };
  config: { logger?: unknown };
}

/** The SDK's stand-in when a client is given no logger (its `info` and `error` do nothing). */
const isNoOpLogger = (logger: unknown): boolean =>
  logger === undefined ||
  (typeof logger === 'object' && logger !== null && logger.constructor.name === 'NoOpLogger');

/**
 * Tunes a client just built (and returns it): removes its `loggerMiddleware` when it has no logger. After
 * every call that middleware builds copies of the command's input and output filtered against the
 * operation's schema (`schemaLogFilter` walks every member: ≈ 20–45 µs of CPU a DynamoDB call by the profiler
 * on the build machine, 1–4 % of its SDK CPU, ≈ 1 % of the handlers' thread a licence) and hands them to `logger.info` — the SDK's NoOpLogger here,
 * which drops them. Nothing else reads them; results and errors pass through unchanged. A client given a
 * real logger keeps the middleware.
 */
export function tuneClient<C extends TunableClient>(client: C): C {
  if (isNoOpLogger(client.config.logger)) client.middlewareStack.remove('loggerMiddleware');
  return client;
}

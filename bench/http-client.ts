/**
 * A minimal JSON-over-HTTP client for the bench and a worker pool, so that load comes from several
 * concurrent clients, each with its own API key.
 */

/** A reply: status, parsed JSON (or undefined) and the raw bytes. */
export interface BenchReply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: replies are API JSON read field by field, as in the e2e tests
  json: any;
  bytes: Uint8Array;
}

/** Requests against `base`, authenticated with `apiKey` when given. */
export type BenchApi = (
  method: string,
  path: string,
  options?: { json?: unknown; body?: Uint8Array; contentType?: string; headers?: Record<string, string> },
) => Promise<BenchReply>;

/** Makes a client for one API key. */
export function benchApi(base: string, apiKey?: string): BenchApi {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.body) {
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
      body = new Uint8Array(options.body);
    }
    const response = await fetch(`${base}${path}`, { method, headers, ...(body ? { body } : {}) });
    const bytes = new Uint8Array(await response.arrayBuffer());
    let json: unknown;
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      json = JSON.parse(Buffer.from(bytes).toString('utf8'));
    }
    return { status: response.status, json, bytes };
  };
}

/** Fails loudly when a reply is not the expected status: a bench of failing requests measures nothing. */
export function expectStatus(reply: BenchReply, status: number, what: string): BenchReply {
  if (reply.status !== status) {
    const text = Buffer.from(reply.bytes).toString('utf8').slice(0, 400);
    throw new Error(`${what}: expected HTTP ${status}, got ${reply.status}: ${text}`);
  }
  return reply;
}

/** Runs `task` for every item with `workers` concurrent workers; worker `w` gets item indices w, w+n, … */
export async function runWorkers<T>(
  items: readonly T[],
  workers: number,
  task: (item: T, worker: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (next < items.length) {
        const item = items[next++] as T;
        await task(item, worker);
      }
    }),
  );
}

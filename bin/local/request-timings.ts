/**
 * Timings of the requests the local storage servers (DynamoDB gateway, S3, KMS) answer, for the bench: with
 * `ZZ_STORAGE_TIMINGS=1` the storage thread appends one JSON line per answered request to
 * `<DATA_DIR>/storage-timings.jsonl`. Node's http diagnostics channels report every server of the thread, so
 * the servers themselves are untouched. Times are server-side: from the request's headers to the last byte
 * of the answer.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** One answered request. */
export interface RequestTiming {
  service: 'dynamodb' | 'kms' | 's3';
  /** DynamoDB and KMS: the API action (`GetItem`, `Sign`); S3: the method and what it names (`PUT object`). */
  operation: string;
  /** When the request's headers had arrived, in milliseconds since the epoch (fractional). */
  startMs: number;
  durationMs: number;
  /** DynamoDB with metering on (dynamo-metering.ts): the write and read request units it consumed. */
  writeUnits?: number;
  readUnits?: number;
  /** With metering on: the units of each item a write named, `table=units,…` (where the units go). */
  writeItems?: string;
}

type Service = RequestTiming['service'];

/** What a request asks for: the action in its `x-amz-target` (DynamoDB, KMS), or its method and path (S3). */
export function operationOf(service: Service, method: string, url: string, target?: string): string {
  if (service !== 's3') return target?.split('.')[1] ?? method;
  const segments = (url.split('?')[0] ?? '').split('/').filter(Boolean);
  return `${method} ${segments.length > 1 ? 'object' : 'bucket'}`;
}

const epochNow = () => performance.timeOrigin + performance.now();

interface ChannelMessage {
  request: IncomingMessage;
  response?: ServerResponse;
  socket: Socket;
}

/** The units a metering gateway put into its answer, as numbers (absent when it did not meter). */
function unitsOf(
  response: ServerResponse | undefined,
): Pick<RequestTiming, 'writeUnits' | 'readUnits' | 'writeItems'> {
  const wru = Number(response?.getHeader('x-zz-wru') ?? Number.NaN);
  const rru = Number(response?.getHeader('x-zz-rru') ?? Number.NaN);
  const items = response?.getHeader('x-zz-wru-items');
  return {
    ...(typeof items === 'string' ? { writeItems: items } : {}),
    ...(Number.isFinite(wru) ? { writeUnits: wru } : {}),
    ...(Number.isFinite(rru) ? { readUnits: rru } : {}),
  };
}

/**
 * Reports to `sink` every request answered on one of `ports` (the endpoints the SDK clients use, not the
 * stand-ins' internal hops such as the S3 proxy's own requests to s3rver), until the returned stop is called.
 */
export function recordRequestTimings(
  ports: ReadonlyMap<number, Service>,
  sink: (timing: RequestTiming) => void,
): () => void {
  const started = new WeakMap<IncomingMessage, number>();
  const onStart = (message: unknown) => {
    const { request, socket } = message as ChannelMessage;
    if (ports.has(socket.localPort ?? 0)) started.set(request, epochNow());
  };
  const onFinish = (message: unknown) => {
    const { request, response, socket } = message as ChannelMessage;
    const startMs = started.get(request);
    const service = ports.get(socket.localPort ?? 0);
    if (startMs === undefined || !service) return;
    const target = request.headers['x-amz-target'];
    sink({
      service,
      operation: operationOf(
        service,
        request.method ?? '',
        request.url ?? '',
        typeof target === 'string' ? target : undefined,
      ),
      startMs,
      durationMs: epochNow() - startMs,
      ...unitsOf(response),
    });
  };
  subscribe('http.server.request.start', onStart);
  subscribe('http.server.response.finish', onFinish);
  return () => {
    unsubscribe('http.server.request.start', onStart);
    unsubscribe('http.server.response.finish', onFinish);
  };
}

/**
 * Raw DynamoDB JSON 1.0 to the embedded dynalite. The gateway talks to dynalite at the wire level (not
 * through the SDK) so that dynalite's answers, errors included, can be handed back to the caller byte for
 * byte — and in-process: the request goes straight to dynalite's HTTP request handler (no second socket hop,
 * which cost as much as dynalite's own work).
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';

/** One HTTP answer, as dynalite (or the gateway itself) gives it. */
export interface WireReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A JSON object as it travels on the wire (attribute values stay in their `{ "S": … }` form). */
export type WireObject = Record<string, unknown>;

/** A failed dynalite call; `reply` is its untouched answer, so the gateway can pass it through. */
export class DynaliteError extends Error {
  constructor(
    readonly reply: WireReply,
    readonly type: string,
  ) {
    super(`dynalite answered ${reply.status} ${type}`);
    this.name = 'DynaliteError';
  }

  /** True for the failure of a ConditionExpression (`ConditionalCheckFailedException`). */
  get conditionFailed(): boolean {
    return this.type.endsWith('#ConditionalCheckFailedException');
  }
}

const TARGET_PREFIX = 'DynamoDB_20120810.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';

/** An answer the gateway makes itself, shaped like DynamoDB's (status, JSON body, request id). */
export function jsonReply(status: number, body: unknown): WireReply {
  return {
    status,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID() },
    body: Buffer.from(JSON.stringify(body)),
  };
}

/** A DynamoDB error answer (`__type` is the fully qualified exception name). */
export const errorReply = (status: number, type: string, message: string): WireReply =>
  jsonReply(status, { __type: type, message });

/** A ValidationException exactly as DynamoDB names it. */
export const validationError = (message: string): WireReply =>
  errorReply(400, 'com.amazon.coral.validate#ValidationException', message);

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** dynalite's request handler, called directly with a minimal request and response. */
export class DynaliteConnection {
  private readonly handler: RequestHandler;

  /** `server`: what `dynalite()` returns. */
  constructor(server: Server) {
    const [handler] = server.listeners('request') as RequestHandler[];
    if (!handler) throw new Error('dynalite server without a request handler');
    this.handler = handler;
  }

  /** Send a request as received (headers and body unchanged) and collect the answer. */
  forward(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<WireReply> {
    return new Promise((resolve) => {
      // dynalite reads the method, headers and the body events of the request, and writes the status, headers
      // and one `end` on the response: exactly what these two objects offer.
      const request = Object.assign(new EventEmitter(), { method, url: path, headers });
      const replyHeaders: Record<string, string | string[] | undefined> = {};
      const response = {
        statusCode: 200,
        setHeader(name: string, value: number | string | string[]) {
          replyHeaders[name.toLowerCase()] = typeof value === 'number' ? String(value) : value;
        },
        end(chunk?: string | Buffer) {
          resolve({
            status: this.statusCode,
            headers: replyHeaders,
            body: chunk === undefined ? Buffer.alloc(0) : Buffer.from(chunk),
          });
        },
      };
      this.handler(request as unknown as IncomingMessage, response as unknown as ServerResponse);
      process.nextTick(() => {
        request.emit('data', body);
        request.emit('end');
      });
    });
  }

  /**
   * Call one operation with a JSON payload; resolves to the parsed answer or rejects with `DynaliteError`.
   * dynalite only checks that an AWS4 Authorization header is present, never the signature.
   */
  async call(operation: string, payload: WireObject): Promise<WireObject> {
    const now = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
    const reply = await this.forward(
      'POST',
      '/',
      {
        'content-type': CONTENT_TYPE,
        'x-amz-target': `${TARGET_PREFIX}${operation}`,
        'x-amz-date': now,
        authorization: `AWS4-HMAC-SHA256 Credential=local/${now.slice(0, 8)}/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
      },
      Buffer.from(JSON.stringify(payload)),
    );
    const json = parseObject(reply.body);
    if (reply.status !== 200) throw new DynaliteError(reply, String(json?.__type ?? 'UnknownError'));
    return json ?? {};
  }

  /** The names of a table's key attributes (partition key first), from DescribeTable. */
  async keyNames(table: string): Promise<string[]> {
    const description = await this.call('DescribeTable', { TableName: table });
    const schema = (description.Table as WireObject | undefined)?.KeySchema;
    return Array.isArray(schema) ? schema.map((k) => String((k as WireObject).AttributeName)) : [];
  }
}

/** The operation named by an `x-amz-target` header, or undefined if it is not a DynamoDB 2012-08-10 target. */
export function targetOperation(target: string | string[] | undefined): string | undefined {
  return typeof target === 'string' && target.startsWith(TARGET_PREFIX)
    ? target.slice(TARGET_PREFIX.length)
    : undefined;
}

/** True for a JSON object (not null, not an array). */
export const isObject = (value: unknown): value is WireObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Parse a JSON object body; undefined when it is not one. */
export function parseObject(body: Buffer): WireObject | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The local stand-in for API Gateway: turns each node:http request into an API Gateway HTTP API v2 event,
 * invokes the handler module that serves the route (the same modules Lambda runs), and writes the result back.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LambdaHttpHandler } from '../../functions/http/handler.js';
import type { RouteDefinition } from '../../functions/http/route.js';
import { compileRoutes, matchRoute } from '../../functions/http/router.js';
import type { HttpEvent, HttpResult } from '../../functions/http/types.js';

/** API Gateway's own payload limit; above it the gateway answers 413 without invoking a function. */
const gatewayMaxBytes = 10 * 1024 * 1024;

export interface GatewayModule {
  name: string;
  routes: RouteDefinition<unknown>[];
  handler: LambdaHttpHandler;
}

const textual = (contentType: string | undefined) =>
  /^(application\/(json|x-www-form-urlencoded)|text\/)/i.test(contentType ?? '');

/** Build the v2 event for a request (exported for tests). */
export function toEvent(req: IncomingMessage, body: Buffer, sourceIp: string, now: Date): HttpEvent {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const isBinary = body.byteLength > 0 && !textual(headers['content-type']);
  const requestId = randomUUID();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: (req.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(body.byteLength > 0
      ? { body: isBinary ? body.toString('base64') : body.toString('utf8'), isBase64Encoded: isBinary }
      : { isBase64Encoded: false }),
  } as HttpEvent;
}

const declaresTooLarge = (req: IncomingMessage): boolean =>
  Number(req.headers['content-length'] ?? 0) > gatewayMaxBytes;

const readBody = (req: IncomingMessage): Promise<Buffer | 'TOO_LARGE'> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > gatewayMaxBytes) {
        // A chunked body over the limit: stop buffering (the caller answers 413 and closes).
        req.removeAllListeners('data');
        resolve('TOO_LARGE');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const writeResult = (res: ServerResponse, result: HttpResult, head: boolean) => {
  const body = result.body
    ? result.isBase64Encoded
      ? Buffer.from(result.body, 'base64')
      : Buffer.from(result.body, 'utf8')
    : Buffer.alloc(0);
  res.writeHead(result.statusCode ?? 200, {
    ...(result.headers ?? {}),
    'content-length': String(body.byteLength),
  });
  res.end(head ? undefined : body);
};

const gatewayError = (status: number, code: string, message: string): HttpResult => ({
  statusCode: status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': randomUUID() },
  body: JSON.stringify({ error: { code, message, requestId: 'gateway' } }),
});

/**
 * How long an oversized body is still read (and dropped) after the 413 has been sent — nginx's and Apache's
 * "lingering close", shortened for a local runtime.
 */
const LINGER_MS = 2000;

/**
 * Answers 413, then closes the connection without a reset. The client is usually still sending: a socket
 * closed with unread data makes the kernel answer its next write with RST, which the client reports as
 * EPIPE/ECONNRESET, often before it has read the answer. So no `Connection: close` (with it, Node destroys
 * the socket the moment the answer is written): the answer goes out, our side is half-closed after it, the
 * rest of the body is read and dropped, and the socket is closed once the body has ended, the client has
 * gone, or `LINGER_MS` have passed — nothing is buffered, and a client that never stops is cut off.
 */
function answerTooLarge(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket;
  const close = () => {
    clearTimeout(timer);
    socket.destroy();
  };
  const timer = setTimeout(close, LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  req.once('end', () => {
    // The whole body has been read: nothing unread is left to turn the close into a reset.
    if (res.writableFinished) close();
    else res.once('finish', close);
  });
  res.once('finish', () => socket.end());
  req.removeAllListeners('data');
  req.resume();
  writeResult(res, gatewayError(413, 'PAYLOAD_TOO_LARGE', '请求体过大 / Request entity too large'), false);
}

export interface HttpGateway {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Serve `modules` on `host:port`; requests matching no route go to the first module (which answers 404). */
export async function startHttpGateway(options: {
  modules: GatewayModule[];
  port: number;
  host?: string;
  clock: () => Date;
  /** @default 30_000 */
  requestTimeoutMs?: number;
  /** @default 10_000 */
  headersTimeoutMs?: number;
}): Promise<HttpGateway> {
  const table = options.modules.flatMap((m) => compileRoutes(m.routes).map((c) => ({ ...c, module: m })));
  const fallback = options.modules[0];
  if (!fallback) throw new Error('no handler modules');
  // The module serving the route; for a known path with another method, the module owning the path (405).
  const pick = (method: string, path: string): GatewayModule => {
    try {
      const { route } = matchRoute(table, method, path);
      return table.find((t) => t.route === route)?.module ?? fallback;
    } catch {
      return table.find((t) => t.pattern.test(path))?.module ?? fallback;
    }
  };
  const server = createServer(async (req, res) => {
    try {
      if (declaresTooLarge(req)) return answerTooLarge(req, res);
      const body = await readBody(req);
      if (body === 'TOO_LARGE') return answerTooLarge(req, res);
      const event = toEvent(req, body, req.socket.remoteAddress ?? '127.0.0.1', options.clock());
      const module = pick(event.requestContext.http.method, event.rawPath);
      const result = await module.handler(event, {
        awsRequestId: event.requestContext.requestId,
        functionName: `local-${module.name}`,
        getRemainingTimeInMillis: () => 30_000,
      } as never);
      writeResult(res, result, req.method === 'HEAD');
    } catch (error) {
      console.error('gateway error', error);
      if (!res.headersSent)
        writeResult(res, gatewayError(502, 'BAD_GATEWAY', '网关错误 / Bad gateway'), false);
    }
  });
  // `Expect: 100-continue` (curl sends it for large bodies): an oversized body is refused before it is sent.
  server.on('checkContinue', (req, res) => {
    if (declaresTooLarge(req)) return answerTooLarge(req, res);
    res.writeContinue();
    server.emit('request', req, res);
  });
  // As API Gateway: a request must complete within 30 s; a client that stalls is cut off.
  server.requestTimeout = options.requestTimeoutMs ?? 30_000;
  server.headersTimeout = options.headersTimeoutMs ?? 10_000;
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

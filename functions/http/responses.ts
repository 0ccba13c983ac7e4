/** Response builders shared by all routes. */
import type { HttpResult } from './types.js';

/** A JSON response. */
export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

/** An HTML page with its own content security policy (no external requests). */
export const html = (statusCode: number, page: string, headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ...headers,
  },
  body: page,
});

/** A binary response (base64 on the wire, as API Gateway expects). */
export const binary = (
  statusCode: number,
  bytes: Uint8Array,
  mediaType: string,
  headers: Record<string, string> = {},
): HttpResult => ({
  statusCode,
  headers: { 'content-type': mediaType, 'content-length': String(bytes.byteLength), ...headers },
  body: Buffer.from(bytes).toString('base64'),
  isBase64Encoded: true,
});

/** The one error shape of API.md. */
export const errorBody = (
  code: string,
  message: string,
  requestId: string,
  details?: Record<string, unknown>,
): { error: { code: string; message: string; details?: Record<string, unknown>; requestId: string } } => ({
  error: { code, message, ...(details === undefined ? {} : { details }), requestId },
});

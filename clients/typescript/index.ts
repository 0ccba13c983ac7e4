/**
 * A typed client of the Zhengzhao API: openapi-fetch over the types generated from `/openapi.json`
 * (`schema.d.ts`). Paths, parameters, bodies, answers and the one error shape are checked by the compiler.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

/** Bytes (a material, a PDF to verify) go as they are; everything else as JSON. */
const bodySerializer = (body: unknown): BodyInit =>
  body instanceof Blob || body instanceof ArrayBuffer || ArrayBuffer.isView(body)
    ? (body as BodyInit)
    : JSON.stringify(body);

/** A client for the API at `baseUrl`; `apiKey` is sent as the Bearer token of the 🔑 operations. */
export function createZhengzhaoClient(baseUrl: string, apiKey?: string): Client<paths> {
  return createClient<paths>({
    baseUrl,
    bodySerializer,
    ...(apiKey ? { headers: { authorization: `Bearer ${apiKey}` } } : {}),
  });
}

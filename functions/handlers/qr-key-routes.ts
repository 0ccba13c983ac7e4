/**
 * The key the licence QR codes' offline payloads are signed with (`ZZ1:` COSE_Sign1, ES256), as a JWK Set:
 * a verifier fetches it once and checks QR codes offline (`npm run verify:qr`). Public and cacheable.
 */
import type { AppDependencies } from '../composition.js';
import { json } from '../http/responses.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { qrKeysSchema } from '../http/verification-schemas.js';

export const qrKeyRoutes: RouteDefinition<AppDependencies>[] = [
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/.well-known/qr-keys.json',
    operationId: 'qrKeys',
    summary: 'The key the licence QR codes’ offline payloads are signed with (JWK Set)',
    tags: ['verification'],
    access: 'public',
    body: { kind: 'none' },
    responses: { 200: { description: 'JWK Set', schema: qrKeysSchema } },
    handle: async (_request, deps) =>
      json(200, await deps.qrKeys(), { 'cache-control': 'public, max-age=3600' }),
  }),
];

/**
 * The token status lists (draft-ietf-oauth-status-list): public, cacheable for what remains of the token's
 * ttl (the edge and relying parties alike), and the key they are signed with.
 */
import * as z from 'zod';
import type { AppDependencies } from '../composition.js';
import { json } from '../http/responses.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { errorSchema } from '../http/schemas.js';
import { statusListKeysSchema } from '../http/verification-schemas.js';

export const statusListRoutes: RouteDefinition<AppDependencies>[] = [
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/status-lists/{listId}',
    operationId: 'getStatusList',
    summary: 'A token status list of licences (JWT, 2 bits per licence: 0 VALID, 1 INVALID, 2 SUSPENDED)',
    tags: ['verification'],
    access: 'public',
    body: { kind: 'none' },
    params: z.object({ listId: z.string().max(16) }),
    responses: {
      200: {
        description: 'The Status List Token (ES256; key at /.well-known/status-list-keys.json)',
        mediaType: 'application/statuslist+jwt',
      },
      404: { description: 'STATUS_LIST_NOT_FOUND', schema: errorSchema },
    },
    handle: async (request, deps) => {
      const served = await deps.statusLists.token(request.params.listId);
      const age = served.maxAgeSeconds;
      return {
        statusCode: 200,
        headers: {
          'content-type': 'application/statuslist+jwt',
          'cache-control': `public, max-age=${age}, s-maxage=${age}`,
        },
        body: served.token,
      };
    },
  }),
  defineRoute<AppDependencies>({
    method: 'GET',
    path: '/.well-known/status-list-keys.json',
    operationId: 'statusListKeys',
    summary: 'The key the status lists are signed with (JWK Set)',
    tags: ['verification'],
    access: 'public',
    body: { kind: 'none' },
    responses: { 200: { description: 'JWK Set', schema: statusListKeysSchema } },
    handle: async (_request, deps) =>
      json(200, await deps.statusLists.keys(), { 'cache-control': 'public, max-age=3600' }),
  }),
];

/**
 * Serving the status lists: a list's token is built from the ledger's non-VALID entries and kept in memory
 * until it is `ttl` old, then built afresh on the next request (one build at a time per list and process).
 * So a token is never served later than `iat + ttl`, and its `Cache-Control` max-age is what remains of that:
 * a revocation, suspension or reinstatement is in every copy — ours, the edge's, a relying party's — within
 * the ttl. A build reads only the index entries of licences not VALID (≈ 1 % of a list), never the list.
 */

import type { Clock } from '../../ports/clock.js';
import type { Counters } from '../../ports/ledger.js';
import type { JwsSigner, StatusListEntries } from '../../ports/status-lists.js';
import { DomainError } from '../errors.js';
import { parseListId, STATUS_LIST_SIZE, STATUS_POSITION_COUNTER, statusListUri } from './status-list.js';
import { buildStatusListToken, publicJwkOf } from './status-list-token.js';

export interface StatusListDependencies {
  entries: StatusListEntries;
  /** The position counter: lists past its last position do not exist (404). */
  counters: Pick<Counters, 'read'>;
  signer: JwsSigner;
  clock: Clock;
  /** Base of the lists' URLs (the tokens' `sub`): the edge's on AWS (`STATUS_LIST_BASE_URL`). */
  publicBaseUrl: string;
  /** The token's `ttl` and the longest a token is served (1–300 s). @default 300 */
  ttlSeconds: number;
  /** `exp` − `iat`: how long a relying party may rely on a token it holds (e.g. offline). @default 86400 */
  validitySeconds: number;
  /** Entries per list; tests use small lists. @default STATUS_LIST_SIZE */
  size?: number;
}

/** A token to serve and how long it may still be cached (seconds, > 0). */
export interface ServedStatusList {
  token: string;
  maxAgeSeconds: number;
}

/** The key a relying party verifies tokens with (`/.well-known/status-list-keys.json`). */
export interface StatusListKeys {
  keys: Array<{ kty: string; crv: string; x: string; y: string; kid: string; use: 'sig'; alg: 'ES256' }>;
}

export interface StatusListService {
  token(listId: string): Promise<ServedStatusList>;
  keys(): Promise<StatusListKeys>;
}

/** 404 STATUS_LIST_NOT_FOUND. */
const notFound = (listId: string) =>
  new DomainError('NOT_FOUND', 'STATUS_LIST_NOT_FOUND', '状态列表不存在', 'No such status list', {
    details: { listId },
  });

export function createStatusListService(deps: StatusListDependencies): StatusListService {
  const size = deps.size ?? STATUS_LIST_SIZE;
  const built = new Map<string, { iat: number; token: Promise<string> }>();
  let jwk: Promise<ReturnType<typeof publicJwkOf>> | undefined;
  const publicJwk = () => {
    jwk ??= deps.signer.publicKey().then(publicJwkOf);
    jwk.catch(() => {
      jwk = undefined;
    });
    return jwk;
  };

  async function build(listId: string, iat: number): Promise<string> {
    const list = parseListId(listId);
    const { [STATUS_POSITION_COUNTER]: taken = 0 } = await deps.counters.read([STATUS_POSITION_COUNTER]);
    if (list === undefined || list > Math.floor(Math.max(taken - 1, 0) / size)) throw notFound(listId);
    const [entries, key] = await Promise.all([deps.entries.listStatusEntries(listId), publicJwk()]);
    return buildStatusListToken({
      uri: statusListUri(deps.publicBaseUrl, listId),
      size,
      entries,
      issuedAt: new Date(iat * 1000),
      ttlSeconds: deps.ttlSeconds,
      validitySeconds: deps.validitySeconds,
      signer: deps.signer,
      kid: key.kid,
    });
  }

  return {
    async token(listId) {
      if (parseListId(listId) === undefined) throw notFound(listId);
      const now = Math.floor(deps.clock.now().getTime() / 1000);
      let current = built.get(listId);
      // A clock set back (tests, a runtime started at `NOW`) makes a later token stale as well.
      if (!current || now >= current.iat + deps.ttlSeconds || now < current.iat) {
        const token = build(listId, now);
        current = { iat: now, token };
        built.set(listId, current);
        const entry = current;
        token.catch(() => {
          if (built.get(listId) === entry) built.delete(listId);
        });
      }
      return { token: await current.token, maxAgeSeconds: current.iat + deps.ttlSeconds - now };
    },
    async keys() {
      return { keys: [{ ...(await publicJwk()), use: 'sig', alg: 'ES256' }] };
    },
  };
}

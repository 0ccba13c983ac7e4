/**
 * Authentication of upstream clients: `Authorization: Bearer <api key>`; the key's SHA-256 is looked up in
 * DynamoDB. No key or an unknown key → 401 (and an audit entry); authorisation per service item / department
 * is the core services' job (403).
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../core/errors.js';
import type { ApiClientStore } from '../ports/api-client-store.js';
import type { ApiClient } from './types.js';

/** SHA-256 (hex) of an API key: what the store keeps. */
export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

const bearer = /^Bearer ([A-Za-z0-9._~+/=-]{16,256})$/;

export interface RefusedAuthentication {
  reason: 'MISSING' | 'MALFORMED' | 'UNKNOWN_KEY';
  /** First 12 hex characters of the presented key's hash: enough to correlate, useless to an attacker. */
  keyFingerprint?: string;
}

/**
 * Resolve the client of an `Authorization` header or throw 401. `onRefused` records the refusal (audit).
 */
export async function authenticateClient(
  authorization: string | undefined,
  store: ApiClientStore,
  onRefused: (refusal: RefusedAuthentication) => Promise<void>,
): Promise<ApiClient> {
  if (!authorization) {
    await onRefused({ reason: 'MISSING' });
    throw new DomainError(
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
      '缺少 API 密钥',
      'Missing API key (Authorization: Bearer)',
    );
  }
  const m = bearer.exec(authorization.trim());
  if (!m?.[1]) {
    await onRefused({ reason: 'MALFORMED' });
    throw new DomainError('UNAUTHENTICATED', 'UNAUTHENTICATED', 'API 密钥格式无效', 'Malformed API key');
  }
  const keyHash = hashApiKey(m[1]);
  const client = await store.findByKeyHash(keyHash);
  // Looked up by hash: the stored value never equals the presented secret, so timing reveals nothing useful.
  if (!client) {
    await onRefused({ reason: 'UNKNOWN_KEY', keyFingerprint: keyHash.slice(0, 12) });
    throw new DomainError('UNAUTHENTICATED', 'UNAUTHENTICATED', 'API 密钥无效', 'Invalid API key');
  }
  return client;
}

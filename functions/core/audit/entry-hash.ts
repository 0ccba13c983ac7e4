/** How an audit entry's hash is computed — the one definition offline verifiers have to reproduce. */
import { createHash } from 'node:crypto';
import type { AuditEntry } from '../../ports/audit-log.js';
import { canonicalJson } from './canonical-json.js';

/** `prevHash` of the first entry of every chain: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** An entry before its hash is known. */
export type UnhashedAuditEntry = Omit<AuditEntry, 'hash'>;

/**
 * Lower-case hex SHA-256 over the UTF-8 canonical JSON of
 * `{action, actor, at, details, prevHash, seq, subject}`. Fields are picked by name, so extra properties
 * (such as a stored item's table keys or a `hash` already present) never change the result.
 */
export function hashEntry(entry: UnhashedAuditEntry): string {
  const { seq, at, actor, action, subject, details, prevHash } = entry;
  const canonical = canonicalJson({ seq, at, actor, action, subject, details, prevHash });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** Builds real chains with `extendChain` for the audit unit tests. */
import { extendChain } from '../../../functions/core/audit/extend-chain.js';
import type { AuditEntry, AuditInput } from '../../../functions/ports/audit-log.js';

/** An input for a case subject with simple details. */
export const caseInput = (n: number): AuditInput => ({
  actor: 'client-demo',
  action: n % 2 === 0 ? 'MATERIAL_ACCEPTED' : 'CASE_CREATED',
  subject: `case-${n % 3}`,
  details: { n, materialCode: `M${n}`, applicant: { mobile: '138****5678' } },
});

/** A chain of `length` entries appended one at a time, one second apart from 2026-03-26T08:00:00Z. */
export function buildChain(length: number): AuditEntry[] {
  const chain: AuditEntry[] = [];
  for (let i = 1; i <= length; i++) {
    const last = chain.at(-1);
    chain.push(...extendChain(last, [caseInput(i)], new Date(Date.UTC(2026, 2, 26, 8, 0, i))));
  }
  return chain;
}

/** A deep copy, so a test can tamper with it without touching the original. */
export const copy = (entries: AuditEntry[]): AuditEntry[] => structuredClone(entries);

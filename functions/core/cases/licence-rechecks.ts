/**
 * Licences pulled as materials are checked again where it matters: at submit (a licence revoked, suspended,
 * replaced or expired since it was pulled turns its material REJECTED with `LICENCE_NOT_IN_FORCE`, and the
 * submit answers 422 `MATERIALS_INCOMPLETE` listing it) and at issuance (409 `LICENCE_NOT_IN_FORCE` before
 * any serial is taken). Either way the REJECTED material is written to the case with an audit entry.
 */
import type { AuditInput } from '../../ports/audit-log.js';
import { DomainError } from '../errors.js';
import { type CaseDependencies, mutateCase } from './case-context.js';
import { licenceNotInForceProblem, readLicence, standingOf } from './licence-lookup.js';
import type { CaseRecord, Principal } from './model.js';

/** A pulled licence found no longer in force by a re-check. */
export interface StaleLicence {
  materialCode: string;
  certificateId: string;
  number: string;
  status: string;
}

/**
 * Re-check every accepted material pulled from a licence (at submit and at issuance): one that was revoked,
 * suspended, replaced or has expired meanwhile turns REJECTED with `LICENCE_NOT_IN_FORCE`. Mutates `record`;
 * returns what turned and the audit entries saying so. Reads nothing when no material came from a licence.
 */
export async function recheckPulledLicences(
  deps: Pick<CaseDependencies, 'ledger' | 'cases' | 'clock'>,
  record: CaseRecord,
  actor: string,
): Promise<{ stale: StaleLicence[]; audit: AuditInput[] }> {
  const pulled = Object.values(record.materials).filter(
    (m) => m.source === 'E_LICENCE' && m.status === 'ACCEPTED' && m.licence,
  );
  const stale: StaleLicence[] = [];
  const audit: AuditInput[] = [];
  if (pulled.length === 0) return { stale, audit };
  const { ledger, cases } = deps;
  if (!ledger) throw new Error('the licence ledger is not composed into the case services');
  const now = deps.clock.now();
  const checked = await Promise.all(
    pulled.map(async (m) => ({
      m,
      licence: await readLicence({ ledger, cases }, m.licence?.certificateId ?? ''),
    })),
  );
  for (const { m, licence } of checked) {
    const reference = m.licence;
    if (!reference) continue;
    // A licence the ledger no longer shows (never for a committed one) counts as revoked.
    const standing = licence ? standingOf(licence, now) : 'REVOKED';
    if (standing === 'IN_FORCE') continue;
    m.status = 'REJECTED';
    m.problems = [licenceNotInForceProblem(reference.number, standing)];
    const entry = {
      materialCode: m.materialCode,
      certificateId: reference.certificateId,
      number: reference.number,
    };
    stale.push({ ...entry, status: standing });
    audit.push({
      actor,
      action: 'material.licence-not-in-force',
      subject: record.caseId,
      details: { ...entry, status: standing },
    });
  }
  return { stale, audit };
}

/**
 * Issuance's re-check, before a batch is reserved: a pulled licence no longer in force → its material is
 * written REJECTED, and the request is refused with 409 `LICENCE_NOT_IN_FORCE` (no serial taken).
 */
export async function refuseStalePulledLicences(
  deps: CaseDependencies,
  principal: Principal,
  record: CaseRecord,
): Promise<void> {
  const { stale } = await recheckPulledLicences(deps, structuredClone(record), principal.clientId);
  if (stale.length === 0) return;
  await mutateCase(
    deps,
    principal,
    record.caseId,
    async (next) => {
      if (next.status !== 'APPROVED') return { audit: [], result: undefined };
      const { audit } = await recheckPulledLicences(deps, next, principal.clientId);
      return { audit, result: undefined };
    },
    record,
  );
  throw new DomainError(
    'CONFLICT',
    'LICENCE_NOT_IN_FORCE',
    `作为材料调取的电子证照已不在有效状态（${stale.map((s) => s.number).join('、')}），不能签发`,
    'A licence pulled as a material of this case is no longer in force; no licence can be issued',
    { details: { caseId: record.caseId, materials: stale } },
  );
}

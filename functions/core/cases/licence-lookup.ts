/**
 * Licences of a holder as inputs of a case (电子证照自动调取) and of a form (预填): which are in force today,
 * which this client may use, found through the ledger's holder index (keyed hashes, see holder-index.ts).
 * Shared by the licence-material endpoint, `reuseLicences` at case creation, the re-checks at submit and at
 * issuance, and prefill.
 */
import type { CaseStore } from '../../ports/case-store.js';
import type { HolderKeys } from '../../ports/holder-keys.js';
import type { Ledger } from '../../ports/ledger.js';
import { resolveRecord } from '../certificates/certificate-service.js';
import type { HolderIdentity } from '../certificates/holder-index.js';
import type { CertificateRecord } from '../certificates/model.js';
import { effectiveStatus, validFromInstant } from '../certificates/view.js';
import { problem } from '../problem.js';

/** What the look-ups read: the ledger (by id and by holder), cases (whether a PENDING batch committed). */
export interface LicenceLookupDependencies {
  ledger: Ledger;
  cases: CaseStore;
  holderKeys: HolderKeys;
}

/** A licence's standing today: in force, or why not. */
export type LicenceStanding =
  | 'IN_FORCE'
  | 'REVOKED'
  | 'SUSPENDED'
  | 'EXPIRED'
  | 'SUPERSEDED'
  | 'NOT_YET_VALID';

/** In force: VALID (not revoked, suspended, replaced), `validUntil` not passed, `validFrom` reached (Shanghai). */
export function standingOf(record: CertificateRecord, now: Date): LicenceStanding {
  const status = effectiveStatus(record, now);
  if (status !== 'VALID') return status;
  return now.getTime() < validFromInstant(record.validFrom).getTime() ? 'NOT_YET_VALID' : 'IN_FORCE';
}

const STANDING_ZH: Readonly<Record<Exclude<LicenceStanding, 'IN_FORCE'>, string>> = {
  REVOKED: '已被撤销',
  SUSPENDED: '已被暂停使用',
  EXPIRED: '已过有效期',
  SUPERSEDED: '已被换发的新证照取代',
  NOT_YET_VALID: '尚未生效',
};

/** The material Problem of a pulled licence that is no longer (or not yet) in force. */
export const licenceNotInForceProblem = (number: string, standing: Exclude<LicenceStanding, 'IN_FORCE'>) =>
  problem(
    'LICENCE_NOT_IN_FORCE',
    `调取的电子证照（${number}）${STANDING_ZH[standing]}，请重新调取有效证照或上传其他材料`,
    `The licence ${number} pulled as this material is ${standing.toLowerCase().replace(/_/g, ' ')}; pull a licence in force or upload the material`,
  );

/** The licence as the ledger holds it, once its batch committed; undefined if there is none (yet). */
export async function readLicence(
  deps: Pick<LicenceLookupDependencies, 'ledger' | 'cases'>,
  certificateId: string,
): Promise<CertificateRecord | undefined> {
  if (certificateId.length > 64) return undefined;
  const record = await deps.ledger.get(certificateId);
  return record ? resolveRecord(deps, record) : undefined;
}

/** Pages read at most per look-up: a holder with more licences than this is served from the newest. */
const MAX_PAGES = 10;
const PAGE_SIZE = 50;

/**
 * The holder's committed licences of the given types, newest first (the index's order). Records of
 * uncommitted batches never appear.
 */
export async function licencesOfHolder(
  deps: LicenceLookupDependencies,
  identity: HolderIdentity,
  types: ReadonlySet<string>,
): Promise<CertificateRecord[]> {
  const holderKey = await deps.holderKeys.holderKey(identity);
  const found: CertificateRecord[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { records, nextCursor } = await deps.ledger.listByHolder(holderKey, {
      limit: PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
    });
    const ofType = records.filter((r) => types.has(r.type));
    const resolved = await Promise.all(ofType.map((r) => resolveRecord(deps, r)));
    found.push(...resolved.filter((r): r is CertificateRecord => r !== undefined));
    if (!nextCursor) break;
    cursor = nextCursor;
  }
  return found;
}

/** Whether two identities name the same holder (document type and number, normalised). */
export const sameHolder = (a: HolderIdentity, b: HolderIdentity): boolean =>
  a.idType === b.idType && a.idNumber.trim().toUpperCase() === b.idNumber.trim().toUpperCase();

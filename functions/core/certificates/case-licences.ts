/**
 * The licences of a case, from the case itself: the licences its batch issued (`certificateIds`) and, for each,
 * the licences that replaced it since (`supersededBy`, a reissue) — so the ledger needs no index by case, whose
 * copy of every licence cost a write (issue 19).
 */
import type { Ledger } from '../../ports/ledger.js';
import type { CertificateRecord } from './model.js';

/** A reissue chain longer than this is a loop in the data, not a history. */
const MAX_REISSUES = 1000;

/** Every record issued for the case or replacing one that was, each once, issue order within each chain. */
export async function licencesOfCase(
  ledger: Pick<Ledger, 'get'>,
  certificateIds: readonly string[],
): Promise<CertificateRecord[]> {
  const chains = await Promise.all(
    certificateIds.map(async (first) => {
      const chain: CertificateRecord[] = [];
      const seen = new Set<string>();
      let next: string | undefined = first;
      while (next !== undefined && !seen.has(next) && chain.length < MAX_REISSUES) {
        seen.add(next);
        const record = await ledger.get(next);
        if (!record) break;
        chain.push(record);
        next = record.supersededBy;
      }
      return chain;
    }),
  );
  return chains.flat();
}

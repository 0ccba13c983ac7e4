/**
 * Issuance audited by listings: one entry names up to `LICENCES_PER_ENTRY` licences (id, number, the SHA-256 of
 * the PDF) instead of one entry per licence — a case batch's `case.issued` (certificates/issuance-commit.ts
 * `issuanceAudit`) and a bulk chunk's `bulk.issued` (bulk/issued-listing.ts). The licence's identifier is left out
 * (≈ 55 bytes): it is inside the PDF the SHA-256 fixes, and in the ledger record, where a webhook's `data` takes
 * it from (webhooks/routing.ts).
 */
import type { CertificateRecord } from '../certificates/model.js';

/**
 * Licences one entry lists: ≈ 185 bytes each (a 31-character id, a number of ≈ 40 bytes in UTF-8, 64 hex
 * digits), so 60 stay near 11 KB, under the chain's 16 KB of details (extend-chain.ts).
 */
export const LICENCES_PER_ENTRY = 60;

/** What a listing names of a licence. */
export type LicenceInListing = Pick<CertificateRecord, 'certificateId' | 'number' | 'sha256'>;

/** `licences` in order, cut into the lists of one entry each (none when there are none). */
export function licenceListings(licences: readonly LicenceInListing[]): LicenceInListing[][] {
  const listings: LicenceInListing[][] = [];
  for (let i = 0; i < licences.length; i += LICENCES_PER_ENTRY) {
    listings.push(
      licences.slice(i, i + LICENCES_PER_ENTRY).map((l) => ({
        certificateId: l.certificateId,
        number: l.number,
        sha256: l.sha256,
      })),
    );
  }
  return listings;
}

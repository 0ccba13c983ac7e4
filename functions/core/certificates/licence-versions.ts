/**
 * The stored versions of a licence's PDF. Version 1 is the issued file (the record's `sha256`/`objectKey`);
 * the archive-timestamps job adds versions 2, 3, … — each the previous bytes plus one incremental update (a
 * document time-stamp with its validation data), stored under its own key so the issued file is never
 * overwritten. The ledger keeps every version's SHA-256; the newest version is the one served.
 */
import type { CertificateRecord, LicenceVersion } from './model.js';

/** A version as served: its number, key and hash. */
export interface StoredVersion {
  number: number;
  objectKey: string;
  sha256: string;
}

/** `licences/{id}.pdf` → `licences/{id}.v{n}.pdf` (n ≥ 2). */
export const versionObjectKey = (objectKey: string, number: number): string =>
  number <= 1 ? objectKey : `${objectKey.replace(/\.pdf$/, '')}.v${number}.pdf`;

/** Every version of `record`, oldest first. */
export function storedVersions(
  record: Pick<CertificateRecord, 'objectKey' | 'sha256' | 'versions'>,
): StoredVersion[] {
  return [
    { number: 1, objectKey: record.objectKey, sha256: record.sha256 },
    ...(record.versions ?? []).map((version: LicenceVersion, index) => ({
      number: index + 2,
      objectKey: versionObjectKey(record.objectKey, index + 2),
      sha256: version.sha256,
    })),
  ];
}

/** The version served today: the newest. */
export const newestVersion = (
  record: Pick<CertificateRecord, 'objectKey' | 'sha256' | 'versions'>,
): StoredVersion => storedVersions(record).at(-1) as StoredVersion;

/** Whether a file with this SHA-256 (hex) is one of the record's stored versions. */
export const isStoredVersion = (
  record: Pick<CertificateRecord, 'objectKey' | 'sha256' | 'versions'>,
  sha256: string,
): boolean => storedVersions(record).some((version) => version.sha256 === sha256);

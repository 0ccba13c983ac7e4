/**
 * The CA's own revocations: seal and TSA certificates it has revoked (key compromise, superseded). Licences
 * are never listed here; their status is the ledger's and the status list's.
 */
import type { RevokedCertificate } from '../core/pki/crl.js';

export interface RevokedCertificateStore {
  /** Every revoked certificate of the CA, oldest first. */
  list(): Promise<RevokedCertificate[]>;
}

/**
 * `POST /v1/verifications` for an OFD licence: the seal first (verify-ofd.ts), then the ledger by the
 * certificateId the sealed metadata names — trusted only once the seal is ours and intact — with the same
 * verdicts as a PDF (the licence's status today decides between VALID, REVOKED, EXPIRED, …). The OFD is not
 * in the ledger by hash (it is made on demand): our seal over every file is what vouches for its content,
 * and its 证照标识 must be the record's.
 */
import { resolveCertificate } from '../certificates/certificate-service.js';
import {
  statusVerdict,
  summary,
  type Verification,
  type VerificationDependencies,
} from '../certificates/verify-licence.js';
import { verifyOfdSeal } from './verify-ofd.js';

/** Verifies an uploaded OFD against the SM2 seal roots `roots` and the ledger. */
export async function verifyOfdUpload(
  deps: Pick<VerificationDependencies, 'ledger' | 'cases' | 'clock'>,
  bytes: Uint8Array,
  roots: Uint8Array[],
): Promise<Verification> {
  const now = deps.clock.now();
  const checkedAt = now.toISOString();
  const check = verifyOfdSeal(bytes, { roots });
  const signature = check.signature ? { signature: check.signature } : {};
  if (check.status !== 'VALID')
    return { verdict: check.status, checkedAt, ...signature, reasons: check.reasons };
  const certificateId = check.customDatas.certificateId ?? '';
  const record = certificateId.length <= 64 ? await resolveCertificate(deps, certificateId) : undefined;
  if (!record || record.identifier !== check.customDatas.证照标识) {
    return {
      verdict: 'NOT_FOUND',
      checkedAt,
      ...signature,
      reasons: [
        {
          code: 'NOT_IN_LEDGER',
          message:
            '签章有效，但证照台账中没有这份证照，请向发证机关核实 / The seal is valid but the licence is not in the ledger; check with the issuer',
        },
      ],
    };
  }
  return { checkedAt, certificate: summary(record, now), ...signature, ...statusVerdict(record, now) };
}

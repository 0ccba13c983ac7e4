/**
 * 一键核验 of uploaded materials: a PDF material that carries a signature is verified on upload with the
 * verifier of `POST /v1/verifications`, and the `Verification` is kept on the material. The policy:
 * - a sealed licence of this deployment serves only while VALID; one that is TAMPERED, REVOKED, SUSPENDED,
 *   EXPIRED, NOT_YET_VALID or SUPERSEDED, or sealed by us but absent from the ledger, is REJECTED with a
 *   `LICENCE_…` problem;
 * - a document signed by another issuer is a material, not a licence: ACCEPTED with its verdict shown
 *   (UNKNOWN_SIGNER, or a trusted issuer's) — unless its signature no longer matches the signed bytes
 *   (`DOCUMENT_TAMPERED`);
 * - MALFORMED signature structures are shown, not held against the file (material validation judges the
 *   file itself) — except in a file that names itself one of our licences, which we never produce malformed;
 * - a PDF without a signature dictionary gets no verification (NOT_SIGNED is not stored either).
 * At submit an accepted licence's status is read again from the ledger: no bytes, one read per licence.
 */
import type { MaterialRule } from '../catalogue/types.js';
import {
  claimedCertificateId,
  recheckLicence,
  type Verification,
  type VerificationDependencies,
  verifyUpload,
} from '../certificates/verify-licence.js';
import { type Problem, problem } from '../problem.js';
import type { CaseRecord, StoredMaterial } from './model.js';

/** The verifier as the material services use it (composed from the verification dependencies). */
export interface MaterialVerifier {
  /** The `Verification` of a file, as `POST /v1/verifications` gives it; files up to `maxBytes` are read. */
  verify(bytes: Uint8Array, maxBytes: number): Promise<Verification>;
  /** The ledger's verdict today on a licence verified from its bytes before (status only). */
  recheck(certificateId: string): Promise<Verification>;
}

/** The verifier of `POST /v1/verifications`, for materials. */
export const materialVerifier = (deps: VerificationDependencies): MaterialVerifier => ({
  verify: (bytes, maxBytes) => verifyUpload({ ...deps, maxBytes }, bytes),
  recheck: (certificateId) => recheckLicence(deps, certificateId),
});

const BYTE_RANGE = Buffer.from('/ByteRange');

/**
 * Whether a PDF has a signature dictionary. A raw scan is enough: the ByteRange leaves out exactly the bytes
 * of /Contents in the file itself (ISO 32000-1 §12.8.1), so a signature dictionary is never inside a
 * compressed object stream.
 */
export const carriesSignature = (bytes: Uint8Array): boolean =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(BYTE_RANGE) >= 0;

/**
 * Findings that say the signed bytes were changed: the digest over the signed ranges, or the signature value
 * over it, does not verify.
 */
const SIGNATURE_BREACHES = new Set(['MESSAGE_DIGEST_MISMATCH', 'DIGEST_MISMATCH', 'SIGNATURE_INVALID']);

/**
 * Whether another issuer's document was changed in what was signed: a signature no longer intact over its
 * revision, or a later revision changing what its signatures do not allow (the verifier's per-signature
 * difference analysis). A second signature, an LTV update or a form filled as DocMDP allows is none of these.
 * A mismatch counts only where the verifier knew the algorithms (an Ed448 digest it cannot compute is none).
 */
const breaksSignature = ({ reasons, signatures }: Verification): boolean =>
  (signatures ?? []).some((s) => s.kind === 'SIGNATURE' && !s.intact) ||
  (signatures ?? []).some((s) => s.laterChanges === 'DISALLOWED') ||
  (reasons.some((r) => SIGNATURE_BREACHES.has(r.code)) &&
    !reasons.some((r) => r.code.endsWith('_UNSUPPORTED')));

const licenceProblem = (code: string, zh: string, en: string): Problem =>
  problem(`LICENCE_${code}`, `${zh}，不能作为材料使用`, `${en}; it cannot serve as a material`);

/** The problem a verdict raises against a material, if any. `ours`: the file names itself our licence. */
export function verificationProblem(verification: Verification, ours: boolean): Problem | undefined {
  const licence = verification.certificate;
  switch (verification.verdict) {
    case 'MALFORMED':
    case 'TAMPERED':
      if (ours) {
        return licenceProblem(
          'TAMPERED',
          '该电子证照在盖章后被修改或损坏，签章已失效',
          'This e-licence was altered or damaged after it was sealed; its seal no longer holds',
        );
      }
      return verification.verdict === 'MALFORMED' || !breaksSignature(verification)
        ? undefined
        : problem(
            'DOCUMENT_TAMPERED',
            '该文件在签名后被修改，签名已失效，请提交签名时的原件',
            'The document was changed after it was signed; submit the document as it was signed',
          );
    case 'NOT_FOUND':
      return licenceProblem(
        'NOT_IN_LEDGER',
        '该文件带有本系统的有效签章，但证照台账中没有这份证照',
        'The file carries a valid seal of this system, but no licence of the ledger is this file',
      );
    case 'REVOKED':
      return licenceProblem(
        'REVOKED',
        `该电子证照已于${licence?.revokedAt?.slice(0, 10) ?? ''}被撤销`,
        `This e-licence was revoked${licence?.revokedAt ? ` on ${licence.revokedAt.slice(0, 10)}` : ''}`,
      );
    case 'SUSPENDED':
      return licenceProblem('SUSPENDED', '该电子证照已被暂停使用', 'This e-licence is suspended');
    case 'EXPIRED':
      return licenceProblem(
        'EXPIRED',
        `该电子证照已于${licence?.validUntil ?? ''}到期`,
        `This e-licence expired on ${licence?.validUntil ?? ''}`,
      );
    case 'NOT_YET_VALID':
      return licenceProblem(
        'NOT_YET_VALID',
        `该电子证照自${licence?.validFrom ?? ''}起生效，目前尚未生效`,
        `This e-licence is in force only from ${licence?.validFrom ?? ''}`,
      );
    case 'SUPERSEDED':
      return licenceProblem(
        'SUPERSEDED',
        `该电子证照已被换发的新证照（${licence?.supersededByNumber ?? ''}）取代，请提交新证照`,
        `This e-licence was replaced by licence ${licence?.supersededByNumber ?? ''}; submit the new one`,
      );
    default:
      // VALID, UNKNOWN_SIGNER, NOT_SIGNED, and any verdict on another issuer's intact document (a trusted one).
      return undefined;
  }
}

/** What verification adds to a material: the verdict to keep, and the problem it raises. */
export interface MaterialVerification {
  verification?: Verification;
  problems: Problem[];
}

/**
 * Verify a material's bytes when they are a PDF the rule accepts, within its size limit, with a signature
 * dictionary; anything else (or no verifier composed) is not verified. `sniffedType`: what the bytes are.
 */
export async function verifyMaterialBytes(
  verifier: MaterialVerifier | undefined,
  bytes: Uint8Array,
  rule: MaterialRule,
  sniffedType: string | undefined,
): Promise<MaterialVerification> {
  const eligible =
    verifier !== undefined &&
    sniffedType === 'application/pdf' &&
    (rule.mediaTypes as string[]).includes(sniffedType) &&
    bytes.byteLength <= rule.maxBytes &&
    carriesSignature(bytes);
  if (!eligible) return { problems: [] };
  const verification = await verifier.verify(bytes, rule.maxBytes);
  if (verification.verdict === 'NOT_SIGNED') return { problems: [] };
  const found = verificationProblem(verification, claimedCertificateId(bytes) !== undefined);
  return { verification, problems: found ? [found] : [] };
}

const licenceOf = (material: StoredMaterial): string | undefined =>
  material.status === 'ACCEPTED' ? material.verification?.certificate?.certificateId : undefined;

/**
 * Read again from the ledger the status of every accepted material that is one of our licences (mutates
 * `record`): one revoked, suspended or expired since its upload turns REJECTED with its problem, which the
 * submit's 422 `MATERIALS_INCOMPLETE` then lists. Nothing is stored by a refused submit, so a licence
 * reinstated later passes the next one.
 */
export async function recheckLicenceMaterials(
  verifier: MaterialVerifier | undefined,
  record: CaseRecord,
): Promise<void> {
  const licences = Object.values(record.materials).filter((m) => licenceOf(m) !== undefined);
  if (!verifier || licences.length === 0) return;
  const fresh = await Promise.all(licences.map((m) => verifier.recheck(licenceOf(m) ?? '')));
  licences.forEach((material, index) => {
    // What the bytes showed (the signature) stays; verdict, status and reasons are today's.
    const verification: Verification = { ...material.verification, ...(fresh[index] as Verification) };
    material.verification = verification;
    const found = verificationProblem(verification, true);
    if (!found) return;
    material.status = 'REJECTED';
    material.problems = [...material.problems, found];
  });
}

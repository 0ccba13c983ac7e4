/**
 * 一键核验 of uploaded materials on in-memory fakes: the policy for every verdict (with a verifier that answers
 * what a test says), and the real verifier of `POST /v1/verifications` over a memory ledger with sealed PDFs:
 * accepted while in force, rejected when revoked or tampered, and re-checked at submit.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCase, submitCase } from '../../../functions/core/cases/case-service.js';
import {
  carriesSignature,
  type MaterialVerifier,
  materialVerifier,
} from '../../../functions/core/cases/material-verification.js';
import { putMaterial } from '../../../functions/core/cases/materials-service.js';
import type { CertificateRecord } from '../../../functions/core/certificates/model.js';
import type { Verdict, Verification } from '../../../functions/core/certificates/verify-licence.js';
import type { DomainError } from '../../../functions/core/errors.js';
import { applicant, makePdf, makePng, transportForm, transportRequired } from '../../fixtures/cases.js';
import {
  allowAll,
  type MemoryCaseDependencies,
  MemoryLedger,
  memoryCaseDependencies,
} from '../../support/fakes.js';
import { ledgerRecordFor, sealedPdf } from '../../support/sealed-materials.js';
import { createSealingSetup, type SealingSetup } from '../verification/sealed-licence.js';

const LICENCE_ID = 'CERT-01JTEST0000000000000000001';
const MATERIAL = 'ROAD_TRANSPORT_BUSINESS_PERMIT';

let ours: SealingSetup;
let foreign: SealingSetup;
let licence: Uint8Array;
let unclaimed: Uint8Array;

beforeAll(async () => {
  [ours, foreign] = await Promise.all([
    createSealingSetup({ modulusLength: 2048 }),
    createSealingSetup({ modulusLength: 2048, authorityName: '另一个签章中心' }),
  ]);
  [licence, unclaimed] = await Promise.all([
    sealedPdf(ours, { claim: LICENCE_ID }),
    sealedPdf(ours, { text: '未声明证照编号' }),
  ]);
});

const ledgerRecord = (bytes: Uint8Array, overrides: Partial<CertificateRecord> = {}) =>
  ledgerRecordFor(LICENCE_ID, bytes, overrides);

/** Case dependencies with the real verifier over a memory ledger that trusts `ours`. */
function withRealVerifier(): { deps: MemoryCaseDependencies; ledger: MemoryLedger } {
  const ledger = new MemoryLedger();
  const deps = memoryCaseDependencies();
  deps.verifyMaterial = materialVerifier({
    ledger,
    cases: deps.cases,
    clock: deps.clock,
    trustRoots: async () => [ours.root],
  });
  return { deps, ledger };
}

/** A verifier answering `verdict` (with a licence summary for ledger verdicts), counting its calls. */
function scriptedVerifier(
  verdict: Verdict,
  reasons: string[] = [verdict],
  signatures?: Verification['signatures'],
): MaterialVerifier & { calls: number } {
  const answer = (): Verification => ({
    verdict,
    checkedAt: '2026-03-26T08:00:00.000Z',
    ...(['VALID', 'REVOKED', 'SUSPENDED', 'EXPIRED', 'NOT_YET_VALID', 'SUPERSEDED'].includes(verdict)
      ? {
          certificate: {
            certificateId: LICENCE_ID,
            number: '湘交运2026000001',
            type: '道路运输经营许可证',
            holderMasked: '某某物流有限公司',
            issuer: '湖南省交通运输厅',
            issuedAt: '2026-03-01T00:00:00.000Z',
            validFrom: '2026-03-01',
            validUntil: '2029-02-28',
            status: 'VALID' as const,
          },
        }
      : {}),
    reasons: reasons.map((code) => ({ code, message: `${code} / ${code}` })),
    ...(signatures ? { signatures } : {}),
  });
  const verifier = {
    calls: 0,
    verify: async () => {
      verifier.calls++;
      return answer();
    },
    recheck: async () => answer(),
  };
  return verifier;
}

const openCase = async (deps: MemoryCaseDependencies) =>
  (
    await createCase(deps, allowAll, {
      serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT',
      applicant,
      form: transportForm,
    })
  ).caseId;

const upload = (deps: MemoryCaseDependencies, caseId: string, bytes: Uint8Array, code = MATERIAL) =>
  putMaterial(deps, allowAll, caseId, code, { bytes, declaredType: 'application/pdf' });

/** Every other required material of the transport case, accepted. */
async function completeOthers(deps: MemoryCaseDependencies, caseId: string) {
  for (const code of transportRequired.filter((c) => c !== MATERIAL)) {
    const bytes = code === 'VEHICLE_LOAD_PHOTOS' ? makePng(800, 1000, 7) : await makePdf(`${caseId} ${code}`);
    const declaredType = code === 'VEHICLE_LOAD_PHOTOS' ? 'image/png' : 'application/pdf';
    expect((await putMaterial(deps, allowAll, caseId, code, { bytes, declaredType })).status).toBe(
      'ACCEPTED',
    );
  }
}

const failure = (promise: Promise<unknown>): Promise<DomainError> =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as DomainError,
  );

describe('the policy for each verdict', () => {
  it.each([
    ['REVOKED', 'LICENCE_REVOKED'],
    ['SUSPENDED', 'LICENCE_SUSPENDED'],
    ['EXPIRED', 'LICENCE_EXPIRED'],
    ['NOT_YET_VALID', 'LICENCE_NOT_YET_VALID'],
    ['SUPERSEDED', 'LICENCE_SUPERSEDED'],
    ['NOT_FOUND', 'LICENCE_NOT_IN_LEDGER'],
  ] as const)(
    'rejects a sealed licence whose verdict is %s with %s, and keeps no bytes',
    async (verdict, code) => {
      // Prepare
      const deps = memoryCaseDependencies({ verifyMaterial: scriptedVerifier(verdict) });
      const caseId = await openCase(deps);

      // Act
      const view = await upload(deps, caseId, licence);

      // Assess
      expect(view.status).toBe('REJECTED');
      expect(view.problems.map((p) => p.code)).toEqual([code]);
      expect(view.problems[0]?.message).toMatch(/不能作为材料使用 \/ .*cannot serve as a material/);
      expect(view.verification?.verdict).toBe(verdict);
      expect(deps.materials.objects.size).toBe(0);
      expect(deps.audit.entries.at(-1)?.details).toMatchObject({ verdict, problems: [code] });
    },
  );

  it.each([
    ['TAMPERED', true, ['MULTIPLE_SIGNATURES'], ['LICENCE_TAMPERED']],
    ['TAMPERED', false, ['MESSAGE_DIGEST_MISMATCH'], ['DOCUMENT_TAMPERED']],
    ['TAMPERED', false, ['SIGNATURE_INVALID', 'CERTIFICATE_UNTRUSTED'], ['DOCUMENT_TAMPERED']],
    // Another issuer's document is held only to an intact signature, not to our licences' strict profile.
    ['TAMPERED', false, ['MULTIPLE_SIGNATURES'], []],
    ['TAMPERED', false, ['SUBFILTER_UNSUPPORTED', 'CMS_VERSION_INVALID'], []],
    ['TAMPERED', false, ['DIGEST_ALGORITHM_UNSUPPORTED', 'MESSAGE_DIGEST_MISMATCH'], []],
    ['MALFORMED', true, ['CMS_MALFORMED'], ['LICENCE_TAMPERED']],
    ['MALFORMED', false, ['CMS_MALFORMED'], []],
    ['UNKNOWN_SIGNER', true, ['CERTIFICATE_UNTRUSTED'], []],
    ['UNKNOWN_SIGNER', false, ['CERTIFICATE_UNTRUSTED'], []],
    ['VALID', true, ['VALID'], []],
  ] as const)(
    'gives %s (file names itself our licence: %s; reasons %j) the problems %j',
    async (verdict, claims, reasons, codes) => {
      // Prepare
      const deps = memoryCaseDependencies({ verifyMaterial: scriptedVerifier(verdict, [...reasons]) });
      const caseId = await openCase(deps);

      // Act
      const view = await upload(deps, caseId, claims ? licence : unclaimed);

      // Assess
      expect(view.problems.map((p) => p.code)).toEqual(codes);
      expect(view.status).toBe(codes.length === 0 ? 'ACCEPTED' : 'REJECTED');
      expect(view.verification?.verdict).toBe(verdict);
    },
  );

  const report = (intact: boolean, laterChanges: 'NONE' | 'ALLOWED' | 'DISALLOWED') => ({
    field: 'Signature1',
    revision: 1,
    coversRevision: true,
    intact,
    coversWholeDocument: false,
    signerTrust: 'UNKNOWN' as const,
    laterChanges,
    kind: 'SIGNATURE' as const,
  });

  it.each([
    ['a later revision changed what was signed', [report(true, 'DISALLOWED')], ['DOCUMENT_TAMPERED']],
    ['a signature no longer intact over its revision', [report(false, 'NONE')], ['DOCUMENT_TAMPERED']],
    ['a second signature and an LTV update only', [report(true, 'ALLOWED'), report(true, 'NONE')], []],
  ] as const)(
    "judges another issuer's TAMPERED document by its signatures' reports: %s → %j",
    async (_case, signatures, codes) => {
      // Prepare
      const verifier = scriptedVerifier('TAMPERED', ['MODIFIED_AFTER_SIGNING'], [...signatures]);
      const deps = memoryCaseDependencies({ verifyMaterial: verifier });
      const caseId = await openCase(deps);

      // Act
      const view = await upload(deps, caseId, unclaimed);

      // Assess
      expect(view.problems.map((p) => p.code)).toEqual(codes);
    },
  );

  it('verifies nothing without a signature dictionary, stores no NOT_SIGNED, and skips what the rule refuses', async () => {
    // Prepare
    const verifier = scriptedVerifier('NOT_SIGNED');
    const deps = memoryCaseDependencies({ verifyMaterial: verifier });
    const caseId = await openCase(deps);

    // Act
    const plain = await upload(
      deps,
      caseId,
      await makePdf('an unsigned application form'),
      'APPLICATION_FORM',
    );
    const photo = await putMaterial(deps, allowAll, caseId, 'VEHICLE_LOAD_PHOTOS', {
      bytes: licence,
      declaredType: 'application/pdf',
    });
    const callsBefore = verifier.calls;
    const signedButNotSigned = await upload(deps, caseId, licence);

    // Assess
    expect(plain).toMatchObject({ status: 'ACCEPTED' });
    expect(plain.verification).toBeUndefined();
    expect(photo.status).toBe('REJECTED'); // a PDF where only images are accepted: never verified
    expect(callsBefore).toBe(0);
    expect(verifier.calls).toBe(1);
    expect(signedButNotSigned.status).toBe('ACCEPTED');
    expect(signedButNotSigned).not.toHaveProperty('verification');
  });

  it('finds a signature dictionary by its /ByteRange key only', async () => {
    expect(carriesSignature(licence)).toBe(true);
    expect(carriesSignature(await makePdf('/ByteRange is only text here'))).toBe(false);
  });
});

describe('with the verifier of POST /v1/verifications', () => {
  it('accepts a licence in force with the verdict VALID and the licence named', async () => {
    // Prepare
    const { deps, ledger } = withRealVerifier();
    await ledger.putPending(ledgerRecord(licence));
    const caseId = await openCase(deps);

    // Act
    const view = await upload(deps, caseId, licence);

    // Assess
    expect(view.status).toBe('ACCEPTED');
    expect(view.problems).toEqual([]);
    expect(view.verification).toMatchObject({
      verdict: 'VALID',
      certificate: { certificateId: LICENCE_ID, number: '湘交运2026000001', status: 'VALID' },
      signature: { coversWholeDocument: true },
    });
    expect(deps.cases.records.get(caseId)?.materials[MATERIAL]?.verification?.verdict).toBe('VALID');
  });

  it('rejects a revoked licence, one byte changed, and a valid seal missing from the ledger', async () => {
    // Prepare
    const { deps, ledger } = withRealVerifier();
    await ledger.putPending(
      ledgerRecord(licence, {
        status: 'REVOKED',
        revokedAt: '2026-03-20T02:00:00.000Z',
        revocationReason: '测试',
      }),
    );
    const caseId = await openCase(deps);
    const tampered = Uint8Array.from(licence);
    const at = Buffer.from(tampered).indexOf('STSong-Light') + 2; // inside the signed range
    tampered[at] = (tampered[at] ?? 0) ^ 0x01;

    // Act
    const revoked = await upload(deps, caseId, licence);
    const altered = await upload(deps, caseId, tampered, 'APPLICATION_FORM');
    const unknown = await upload(deps, caseId, unclaimed, 'VEHICLE_DOCUMENTS');

    // Assess
    expect(revoked).toMatchObject({ status: 'REJECTED', verification: { verdict: 'REVOKED' } });
    expect(revoked.problems.map((p) => p.code)).toEqual(['LICENCE_REVOKED']);
    expect(revoked.problems[0]?.message).toContain('2026-03-20');
    expect(altered.verification?.verdict).toBe('TAMPERED');
    expect(altered.problems.map((p) => p.code)).toContain('LICENCE_TAMPERED');
    expect(unknown.verification?.verdict).toBe('NOT_FOUND');
    expect(unknown.problems.map((p) => p.code)).toEqual(['LICENCE_NOT_IN_LEDGER']);
  });

  it('accepts a document sealed by another issuer with its verdict UNKNOWN_SIGNER, and rejects it altered', async () => {
    // Prepare
    const { deps } = withRealVerifier();
    const caseId = await openCase(deps);
    const document = await sealedPdf(foreign, { text: '外部机构签章的文件' });
    const altered = Uint8Array.from(document);
    const at = Buffer.from(altered).indexOf('STSong-Light') + 2; // inside the signed range
    altered[at] = (altered[at] ?? 0) ^ 0x01;

    // Act
    const view = await upload(deps, caseId, document);
    const broken = await upload(deps, caseId, altered, 'APPLICATION_FORM');

    // Assess
    expect(view.status).toBe('ACCEPTED');
    expect(view.verification?.verdict).toBe('UNKNOWN_SIGNER');
    expect(view.verification?.signature?.signer).toBe('另一个签章中心');
    expect(broken.verification?.verdict).toBe('TAMPERED');
    expect(broken.problems.map((p) => p.code)).toContain('DOCUMENT_TAMPERED');
  });

  it('re-checks at submit: a licence revoked after its upload refuses the submit, and passes once reinstated', async () => {
    // Prepare
    const { deps, ledger } = withRealVerifier();
    await ledger.putPending(ledgerRecord(licence));
    const caseId = await openCase(deps);
    await completeOthers(deps, caseId);
    expect((await upload(deps, caseId, licence)).status).toBe('ACCEPTED');
    const record = ledgerRecord(licence);
    await ledger.update({ ...record, status: 'REVOKED', revokedAt: '2026-03-25T00:00:00.000Z', version: 2 });

    // Act
    const refused = await failure(submitCase(deps, allowAll, caseId));
    await ledger.update({ ...record, status: 'VALID', version: 3 });
    deps.clock.advance(60_000);
    const submitted = await submitCase(deps, allowAll, caseId);

    // Assess
    expect(refused.code).toBe('MATERIALS_INCOMPLETE');
    expect(refused.details).toEqual({
      missing: [],
      rejected: [
        { materialCode: MATERIAL, problems: [expect.objectContaining({ code: 'LICENCE_REVOKED' })] },
      ],
    });
    expect(submitted.status).toBe('SUBMITTED');
    const stored = deps.cases.records.get(caseId)?.materials[MATERIAL];
    expect(stored?.status).toBe('ACCEPTED');
    expect(stored?.verification).toMatchObject({
      verdict: 'VALID',
      checkedAt: deps.clock.now().toISOString(),
    });
    expect(stored?.verification?.signature?.coversWholeDocument).toBe(true);
  });
});

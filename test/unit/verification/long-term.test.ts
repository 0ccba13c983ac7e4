/**
 * PAdES B-T/B-LT/B-LTA licences through the verifier (issue 17): the signature time-stamp is validated (CMS,
 * imprint, TSA certificate and its chain) and the seal chain judged at its time, so a licence time-stamped
 * while its seal certificate was valid stays VALID after that certificate expired; the DSS's CRL proves the
 * chain unrevoked (B-LT); a document time-stamp over it makes B-LTA. Forged, mismatched and misplaced
 * time-stamps and any other later change are never VALID.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDocumentTimestamp } from '../../../functions/core/pades/doc-timestamp.js';
import { type CertStatus, certIdOf, createOcspResponse } from '../../../functions/core/pki/ocsp.js';
import { PdfDocument, type Revision } from '../../../functions/core/verification/document/pdf-document.js';
import { verifyPdfSignature } from '../../../functions/core/verification/index.js';
import type { PdfDict, PdfRef } from '../../../functions/core/verification/pdf-object-reader.js';
import { dict, edit, int, name } from './incremental-update.js';
import { createSealingSetup, type SealingSetup, sealLicence } from './sealed-licence.js';
import {
  appendDss,
  createTestTsa,
  digestOf,
  makeCrl,
  makeToken,
  sealWithTimestamp,
  serialBytes,
  type TestTsa,
} from './timestamped-licence.js';

const DAY = 24 * 3600 * 1000;
const now = Date.now();
// The chain was issued 5 years and 1 day ago: its seal certificate (5 years) expired yesterday.
const issuedAt = new Date(now - 5 * 365.25 * DAY - DAY);
const sealedAt = new Date(issuedAt.getTime() + 30 * DAY);
const afterExpiry = new Date(now - 3600 * 1000);

let setup: SealingSetup;
let tsa: TestTsa;
let stamped: Uint8Array;
let crl: Uint8Array;

const wholeSeconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();
const codes = (result: { reasons: { code: string }[] }) => result.reasons.map((reason) => reason.code);
const check = (pdf: Uint8Array) => verifyPdfSignature(pdf, setup.trust);

beforeAll(async () => {
  setup = await createSealingSetup({ issuedAt: issuedAt.toISOString(), modulusLength: 2048 });
  tsa = await createTestTsa(setup, {
    notBefore: issuedAt,
    notAfter: new Date(now + 365 * DAY),
    genTime: () => new Date(sealedAt.getTime() + 1000),
  });
  stamped = await sealWithTimestamp(setup, tsa, sealedAt);
  crl = await makeCrl(
    { signer: setup.rootSigner, certificate: setup.root },
    new Date(sealedAt.getTime() + 2000),
    new Date(sealedAt.getTime() + 7 * DAY),
  );
}, 60_000);

describe('the signature time-stamp (B-T)', () => {
  it('keeps a licence time-stamped while its seal certificate was valid VALID after it expired', () => {
    const result = check(stamped);
    expect(result.status).toBe('VALID');
    expect(result.signature).toMatchObject({
      level: 'B-T',
      timestamp: { time: wholeSeconds(sealedAt.getTime() + 1000), tsa: '测试时间戳服务' },
    });
    expect(result.signatures?.[0]?.timestamp?.tsa).toBe('测试时间戳服务');
  });

  it('judges the chain at the time-stamp: stamped after the seal certificate expired is not VALID', async () => {
    const late = await createTestTsa(setup, {
      notBefore: issuedAt,
      notAfter: new Date(now + 365 * DAY),
      genTime: () => afterExpiry,
    });
    const result = check(await sealWithTimestamp(setup, late, sealedAt));
    expect(result.status).toBe('UNKNOWN_SIGNER');
    expect(codes(result)).toContain('CERTIFICATE_NOT_VALID_AT_SIGNING_TIME');
  });

  it('without a time-stamp judges the chain at /M as before (B-B)', async () => {
    const result = check(await sealLicence(setup, { signingTime: sealedAt }));
    expect(result).toMatchObject({ status: 'VALID', signature: { level: 'B-B' } });
    expect(result.signature?.timestamp).toBeUndefined();
  });

  it('refuses a forged time-stamp: a TSA that does not chain to the time-stamping anchor', async () => {
    const other = await createSealingSetup({ issuedAt: issuedAt.toISOString(), modulusLength: 2048 });
    const forger = await createTestTsa(setup, {
      notBefore: issuedAt,
      notAfter: new Date(now + 365 * DAY),
      genTime: () => new Date(sealedAt.getTime() + 1000),
      issuer: { signer: other.rootSigner, certificate: other.root },
    });
    const result = check(await sealWithTimestamp(setup, forger, sealedAt));
    expect(result.status).not.toBe('VALID');
    expect(codes(result)).toContain('TIMESTAMP_UNTRUSTED');
  });

  it('refuses a mismatched time-stamp: its imprint is of other bytes', async () => {
    const result = check(
      await sealWithTimestamp(setup, tsa, sealedAt, () => makeToken(tsa, digestOf('other'))),
    );
    expect(result.status).toBe('TAMPERED');
    expect(codes(result)).toContain('TIMESTAMP_MISMATCH');
  });

  it('refuses a time-stamp whose TSA certificate lacks the critical timeStamping usage', async () => {
    const lax = await createTestTsa(setup, {
      notBefore: issuedAt,
      notAfter: new Date(now + 365 * DAY),
      genTime: () => new Date(sealedAt.getTime() + 1000),
      critical: false,
    });
    const result = check(await sealWithTimestamp(setup, lax, sealedAt));
    expect(result.status).not.toBe('VALID');
    expect(codes(result)).toContain('TIMESTAMP_CERTIFICATE_USAGE');
  });

  it('refuses a time-stamp earlier than the sealing time it should follow', async () => {
    const early = await createTestTsa(setup, {
      notBefore: issuedAt,
      notAfter: new Date(now + 365 * DAY),
      genTime: () => new Date(sealedAt.getTime() - DAY),
    });
    const result = check(await sealWithTimestamp(setup, early, sealedAt));
    expect(result.status).toBe('TAMPERED');
    expect(codes(result)).toContain('SIGNING_TIME_AFTER_TIMESTAMP');
  });
});

describe('revocation data and document time-stamps (B-LT, B-LTA)', () => {
  it('is B-LT with a DSS whose CRL shows the seal certificate unrevoked at the time-stamp', () => {
    const result = check(appendDss(stamped, { certificates: [setup.seal, tsa.certificate], crls: [crl] }));
    expect(result).toMatchObject({
      status: 'VALID',
      signature: { level: 'B-LT', coversWholeDocument: true },
    });
    // The seal's own byte range ends before the DSS: the per-signature report says so exactly.
    expect(result.signatures?.[0]).toMatchObject({ coversWholeDocument: false });
  });

  it('is B-LT with an OCSP response of the CA (good), and not VALID when it says revoked before the seal', async () => {
    const respond = (status: CertStatus) =>
      createOcspResponse({
        caCertificate: setup.root,
        signer: setup.rootSigner,
        producedAt: new Date(sealedAt.getTime() + 2000),
        nextUpdate: new Date(sealedAt.getTime() + 7 * DAY),
        answers: [{ certId: certIdOf(setup.seal, setup.root), status }],
      });
    const good = check(appendDss(stamped, { ocspResponses: [await respond({ status: 'good' })] }));
    expect(good).toMatchObject({ status: 'VALID', signature: { level: 'B-LT' } });
    const revokedAt = new Date(sealedAt.getTime() - DAY);
    const revoked = appendDss(stamped, {
      ocspResponses: [await respond({ status: 'revoked', revokedAt, reason: 1 })],
    });
    expect(codes(check(revoked))).toContain('SEAL_CERTIFICATE_REVOKED');
    const unknown = appendDss(stamped, { ocspResponses: [await respond({ status: 'unknown' })] });
    expect(check(unknown).signature?.level).toBe('B-T');
  });

  it('stays B-T when the CRL is not the issuer’s, and is not VALID when it lists the seal revoked', async () => {
    const other = await createSealingSetup({ issuedAt: issuedAt.toISOString(), modulusLength: 2048 });
    const foreignCrl = await makeCrl(
      { signer: other.rootSigner, certificate: setup.root },
      new Date(sealedAt.getTime() + 2000),
      new Date(sealedAt.getTime() + 7 * DAY),
    );
    expect(check(appendDss(stamped, { crls: [foreignCrl] })).signature?.level).toBe('B-T');
    const revokedCrl = await makeCrl(
      { signer: setup.rootSigner, certificate: setup.root },
      new Date(sealedAt.getTime() + 2000),
      new Date(sealedAt.getTime() + 7 * DAY),
      [{ serial: serialBytes(setup.seal), at: new Date(sealedAt.getTime() - DAY) }],
    );
    const revoked = check(appendDss(stamped, { crls: [revokedCrl] }));
    expect(revoked.status).not.toBe('VALID');
    expect(codes(revoked)).toContain('SEAL_CERTIFICATE_REVOKED');
  });

  it('is B-LTA with a document time-stamp over the DSS, and reports both signatures', async () => {
    const lt = appendDss(stamped, { certificates: [setup.seal], crls: [crl] });
    const lta = await addDocumentTimestamp(lt, {
      tsa,
      dss: { certificates: [tsa.certificate], crls: [crl], ocspResponses: [] },
    });
    const result = check(lta);
    expect(result).toMatchObject({ status: 'VALID', signature: { level: 'B-LTA' } });
    expect(result.signatures?.map((signature) => signature.kind)).toEqual(['SIGNATURE', 'DOC_TIMESTAMP']);
    expect(result.signatures?.[1]).toMatchObject({ intact: true, coversWholeDocument: true });
    const twice = check(await addDocumentTimestamp(lta, { tsa }));
    expect(twice.signature?.level).toBe('B-LTA');
  });

  it('is only B-LT when the document time-stamp came after the previous TSA certificate had ended', async () => {
    const late = await createTestTsa(setup, {
      notBefore: new Date(now),
      notAfter: new Date(now + 5 * 365 * DAY),
      genTime: () => new Date(now + 400 * DAY), // tsa's certificate ends at now + 365 days
    });
    const lt = appendDss(stamped, { certificates: [setup.seal], crls: [crl] });
    const result = check(await addDocumentTimestamp(lt, { tsa: late }));
    expect(result).toMatchObject({ status: 'VALID', signature: { level: 'B-LT' } });
    const inTime = check(await addDocumentTimestamp(lt, { tsa }));
    expect(inTime.signature?.level).toBe('B-LTA');
  });

  it('refuses a document time-stamp over the wrong bytes or from an untrusted TSA', async () => {
    const lt = appendDss(stamped, { crls: [crl] });
    const wrong = { ...tsa, imprintOverride: digestOf('other bytes') };
    wrong.timestamp = (digest: Uint8Array) => makeToken(wrong, digest);
    const mismatched = check(await addDocumentTimestamp(lt, { tsa: wrong }));
    expect(mismatched.status).toBe('TAMPERED');
    expect(codes(mismatched)).toContain('TIMESTAMP_MISMATCH');
    const other = await createSealingSetup({ issuedAt: issuedAt.toISOString(), modulusLength: 2048 });
    const forger = await createTestTsa(setup, {
      notBefore: issuedAt,
      notAfter: new Date(now + 365 * DAY),
      genTime: () => new Date(),
      issuer: { signer: other.rootSigner, certificate: other.root },
    });
    const untrusted = check(await addDocumentTimestamp(lt, { tsa: forger }));
    expect(untrusted.status).not.toBe('VALID');
    expect(codes(untrusted)).toContain('TIMESTAMP_UNTRUSTED');
  });

  it('refuses a DSS update that also changes anything else (an extra object, a page)', () => {
    const orphan = appendDss(stamped, { crls: [crl] }, (size) => [
      { num: size, value: dict({ Type: name('Annot'), Subtype: name('Text'), Contents: int(1) }) },
    ]);
    expect(check(orphan).status).toBe('TAMPERED');
    expect(codes(check(orphan))).toContain('MODIFIED_AFTER_SEALING');
    const doc = new PdfDocument(Buffer.from(stamped));
    const last = doc.revisions[doc.revisions.length - 1] as Revision;
    const pages = doc.dict(doc.catalog(last)?.get('Pages'), last) as PdfDict;
    const pageRef = (doc.resolve(pages.get('Kids'), last) as PdfRef[])[0] as PdfRef;
    const page = doc.dict(pageRef, last) as PdfDict;
    const rotated = appendDss(stamped, { crls: [crl] }, () => [
      { num: pageRef.num, value: edit(page, { Rotate: int(90) }) },
    ]);
    expect(check(rotated).status).toBe('TAMPERED');
    expect(codes(check(rotated))).toContain('MODIFIED_AFTER_SEALING');
  });

  it('refuses anything but white space after the last revision', () => {
    const lt = appendDss(stamped, { crls: [crl] });
    const junk = check(Buffer.concat([Buffer.from(lt), Buffer.from('% appended\n')]));
    expect(junk.status).toBe('TAMPERED');
    expect(codes(junk)).toContain('MODIFIED_AFTER_SEALING');
    expect(check(Buffer.concat([Buffer.from(lt), Buffer.from('\n\n')])).status).toBe('VALID');
  });

  it('refuses a version whose first revision is not the sealed file', async () => {
    const lta = await addDocumentTimestamp(appendDss(stamped, { crls: [crl] }), { tsa });
    const edited = Buffer.from(lta);
    const at = edited.indexOf('/M (D:') + 8;
    edited.write(edited[at] === 0x31 ? '2' : '1', at, 'latin1');
    const result = check(edited);
    expect(result.status).toBe('TAMPERED');
  });
});

/**
 * A corpus of tampered, forged and malformed PDFs generated from REAL issued licences (issued over HTTP by
 * the local runtime: rendered, sealed through the local KMS endpoint, recorded in the ledger), each verified
 * through `POST /v1/verifications` with its expected verdict. None may be VALID.
 */
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CryptoRandom, SystemClock } from '../../functions/adapters/system-clock.js';
import { sealPdf } from '../../functions/core/pades/seal-pdf.js';
import { bootstrapSealChain } from '../../functions/core/pki/seal-chain.js';
import { makePdf } from '../fixtures/cases.js';
import { contractFetch } from '../support/contract.js';
import { approvedMedicalCase } from '../support/e2e-flows.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';
import { makeRenderedLicence } from '../unit/pades/rendered-licence.js';
import { createCryptoSigner } from '../unit/pki/crypto-signer.js';
import {
  changeHexDigit,
  flip,
  incrementalUpdate,
  layoutOf,
  splice,
  withByteRangeText,
  withContents,
} from '../unit/verification/pdf-edits.js';

let runtime: RunningRuntime;
let api: ReturnType<typeof apiClient>;
let licence: Uint8Array;
let other: Uint8Array;
let revoked: Uint8Array;
let foreignCms: Buffer;

const download = async (certificateId: string) =>
  new Uint8Array(
    await (
      await contractFetch(`${runtime.url}/v1/certificates/${certificateId}/pdf`, {
        headers: { authorization: `Bearer ${runtime.apiKey}` },
      })
    ).arrayBuffer(),
  );

beforeAll(async () => {
  runtime = await startRuntime();
  api = apiClient(runtime.url, runtime.apiKey);
  const caseId = await approvedMedicalCase(api, 3);
  const issued = await api('POST', `/v1/cases/${caseId}/certificates`, { json: {} });
  const [a, b, c] = issued.body.certificates as Array<{ certificateId: string }>;
  [licence, other, revoked] = (await Promise.all([a, b, c].map((x) => download(x?.certificateId ?? '')))) as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
  ];
  await api('POST', `/v1/certificates/${c?.certificateId}/revoke`, { json: { reason: '测试撤销' } });
  // A seal made with another key and another (self-made) root: a forger's signature.
  // 2048-bit keys: the forged CMS must fit the real licence's /Contents placeholder.
  const rootSigner = createCryptoSigner(2048);
  const sealSigner = createCryptoSigner(2048);
  const chain = await bootstrapSealChain({
    rootSigner,
    sealSigner,
    clock: new SystemClock(),
    random: new CryptoRandom(),
    authorityName: '湖南省政务服务电子证照签章中心',
  });
  const forged = await sealPdf(await makeRenderedLicence(), {
    signer: sealSigner,
    certificates: [chain.seal, chain.root],
    signingTime: new Date(),
  });
  foreignCms = layoutOf(forged).cms;
});
afterAll(async () => {
  await runtime?.stop();
});

type Verdict = 'TAMPERED' | 'UNKNOWN_SIGNER' | 'NOT_SIGNED' | 'MALFORMED' | 'NOT_FOUND' | 'REVOKED';

const verify = async (bytes: Uint8Array) => {
  const res = await api('POST', '/v1/verifications', { body: bytes, contentType: 'application/pdf' });
  expect(res.status, res.text).toBe(200);
  return res.body as { verdict: string; reasons: Array<{ code: string; message: string }> };
};

const variants = (): Array<[string, () => Uint8Array | Promise<Uint8Array>, Verdict[]]> => {
  const {
    byteRange: [, a, b, c],
  } = layoutOf(licence);
  const end = b + c;
  const hex = layoutOf(licence).hexStart;
  const derHexEnd = hex + layoutOf(licence).cms.length * 2;
  const tampered: Verdict[] = ['TAMPERED'];
  return [
    ['a byte flipped at the start of the first signed range', () => flip(licence, 20), tampered],
    [
      'a byte flipped in the middle of the first signed range',
      () => flip(licence, Math.floor(a / 2)),
      tampered,
    ],
    ['a byte flipped just before /Contents', () => flip(licence, a - 2), ['TAMPERED', 'MALFORMED']],
    [
      'a byte flipped just after /Contents (in the signature dictionary)',
      () => flip(licence, b + 1),
      ['TAMPERED', 'MALFORMED'],
    ],
    [
      'a byte flipped in the middle of the second signed range',
      () => flip(licence, b + Math.floor(c / 2)),
      tampered,
    ],
    ['a byte flipped near the end of the file', () => flip(licence, end - 8), tampered],
    [
      'a hex digit changed in the CMS signature value',
      () => changeHexDigit(licence, derHexEnd - 10),
      tampered,
    ],
    ['a hex digit changed in the CMS signed attributes', () => changeHexDigit(licence, hex + 200), tampered],
    [
      'a hex digit changed in the CMS certificates',
      () => changeHexDigit(licence, hex + 2000),
      ['TAMPERED', 'UNKNOWN_SIGNER', 'MALFORMED'],
    ],
    [
      'non-zero /Contents padding after the DER',
      () => changeHexDigit(licence, derHexEnd + 4),
      ['TAMPERED', 'MALFORMED'],
    ],
    [
      'bytes appended after %%EOF',
      () => Buffer.concat([Buffer.from(licence), Buffer.from('\n% appended\n')]),
      tampered,
    ],
    [
      'an incremental update that changes visible text',
      () => incrementalUpdate(licence, '<< /Type /Annot /Subtype /FreeText /Contents (已注销) >>'),
      tampered,
    ],
    ['another licence’s signature spliced in', () => withContents(licence, layoutOf(other).cms), tampered],
    [
      'a signature by another key (self-made root) spliced in',
      () => withContents(licence, foreignCms),
      ['TAMPERED', 'UNKNOWN_SIGNER'],
    ],
    ['ByteRange: first length + 1', () => withByteRangeText(licence, `[0 ${a + 1} ${b} ${c}`), tampered],
    ['ByteRange: second offset − 1', () => withByteRangeText(licence, `[0 ${a} ${b - 1} ${c}`), tampered],
    ['ByteRange: tail uncovered', () => withByteRangeText(licence, `[0 ${a} ${b} ${c - 100}`), tampered],
    ['ByteRange: one range only', () => withByteRangeText(licence, `[0 ${a}`), ['TAMPERED', 'MALFORMED']],
    ['ByteRange: not starting at 0', () => withByteRangeText(licence, `[1 ${a - 1} ${b} ${c}`), tampered],
    [
      'SubFilter rewritten (inside the signed range)',
      () =>
        Buffer.from(
          Buffer.from(licence).toString('latin1').replace('ETSI.CAdES.detached', 'adbe.pkcs7.detached'),
          'latin1',
        ),
      ['TAMPERED', 'UNKNOWN_SIGNER'],
    ],
    ['truncated to half', () => licence.slice(0, Math.floor(licence.length / 2)), ['MALFORMED', 'TAMPERED']],
    // A B-LT licence ends with its DSS update, outside the seal: its last byte (the final end-of-line) changes
    // nothing signed, so the ledger's SHA-256 is what refuses it.
    [
      'truncated by one byte',
      () => licence.slice(0, licence.length - 1),
      ['MALFORMED', 'TAMPERED', 'NOT_FOUND'],
    ],
    ['a header byte changed', () => flip(licence, 1), ['MALFORMED', 'TAMPERED']],
    [
      'two licences concatenated',
      () => Buffer.concat([Buffer.from(licence), Buffer.from(other)]),
      ['TAMPERED', 'MALFORMED'],
    ],
    ['a chunk removed from the middle', () => splice(licence, b + 100, 50), ['TAMPERED', 'MALFORMED']],
    [
      're-saved by pdf-lib (signature dictionary kept, bytes moved)',
      async () => (await PDFDocument.load(licence)).save(),
      ['TAMPERED', 'NOT_SIGNED', 'MALFORMED'],
    ],
    ['an unsigned PDF', () => makePdf('unsigned'), ['NOT_SIGNED']],
    ['not a PDF at all', () => new TextEncoder().encode('<html>this is not a licence</html>'), ['MALFORMED']],
    ['an empty file', () => new Uint8Array(0), ['MALFORMED']],
    [
      'a forger’s own sealed PDF (valid signature, unknown root)',
      async () =>
        sealPdf(await makeRenderedLicence(['伪造的证照']), {
          signer: createCryptoSigner(2048),
          certificates: [],
          signingTime: new Date(),
        }).catch(() => Buffer.from(foreignCms)),
      ['UNKNOWN_SIGNER', 'MALFORMED'],
    ],
    ['a revoked licence, bytes intact', () => revoked, ['REVOKED']],
  ];
};

describe('tampered, forged and malformed variants of real issued licences', () => {
  it('verifies the untouched licences as VALID (the corpus is made from good files)', async () => {
    expect((await verify(licence)).verdict).toBe('VALID');
    expect((await verify(other)).verdict).toBe('VALID');
  });

  it('gives every variant its expected verdict, never VALID, with a plain-language reason', async () => {
    const list = variants();
    expect(list.length).toBeGreaterThanOrEqual(30);
    const unexpected: string[] = [];
    for (const [name, make, expected] of list) {
      const result = await verify(await make());
      const codes = result.reasons.map((r) => r.code).join(', ');
      if (!(expected as string[]).includes(result.verdict))
        unexpected.push(`${name}: ${result.verdict} (${codes})`);
      expect(result.verdict, name).not.toBe('VALID');
      expect(result.reasons[0]?.message, name).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(unexpected).toEqual([]);
  });
});

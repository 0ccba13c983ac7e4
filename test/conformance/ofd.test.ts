/**
 * The OFD rendition checked by independent tools (test/support/ofd-tools.ts: unzip, xmllint, openssl asn1parse,
 * dgst -sm3, pkeyutl with distid, verify): an OFD issued through the local runtime over HTTP, served to the
 * client and to the citizen, verified by `POST /v1/verifications`; and a tamper set whose every member the
 * tools reject and the API never calls VALID.
 * No independent OFD reader renders here offline: ofd.js is installed but its core refuses to open any OFD without
 * a commercial licence (test/browser/ofd-reader.test.ts skips itself with that reason), PyPI is unreachable; the
 * rendering is checked by our own SVG-free structural checks and the unit tests' comparison with the PDF's layout.
 */
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractFetch } from '../support/contract.js';
import { approvedMedicalCase } from '../support/e2e-flows.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';
import { checkOfdWithTools } from '../support/ofd-tools.js';
import { hasTool } from '../support/pdf-tools.js';

const TOOLS = ['unzip', 'xmllint', 'openssl'];
const missing = (await Promise.all(TOOLS.map(async (t) => ((await hasTool(t)) ? '' : t)))).filter(Boolean);
const GB_T_36903 = [
  '证照标识',
  '证照名称',
  '证照类型代码',
  '证照编号',
  '颁发机构',
  '颁发机构代码',
  '颁发日期',
  '持证主体',
  '持证主体代码',
  '持证主体代码类型',
  '有效期起始日期',
  '有效期截止日期',
];

let runtime: RunningRuntime;
let api: ReturnType<typeof apiClient>;
let certificate: Record<string, any>;
let ofd: Uint8Array;
let rootPem: string;

const fetchBytes = async (url: string, headers: Record<string, string> = {}) => {
  const res = await contractFetch(url, { headers });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
};
const verifyUpload = (bytes: Uint8Array) =>
  api('POST', '/v1/verifications', { body: bytes, contentType: 'application/ofd' });
const repack = (change: (files: Record<string, Uint8Array>) => void) => {
  const files = unzipSync(ofd);
  change(files);
  return zipSync(files);
};
const edit = (bytes: Uint8Array, from: string, to: string) =>
  new TextEncoder().encode(new TextDecoder().decode(bytes).replace(from, to));

describe.skipIf(missing.length > 0)('an OFD licence issued through the local runtime', () => {
  beforeAll(async () => {
    runtime = await startRuntime();
    api = apiClient(runtime.url, runtime.apiKey);
    const caseId = await approvedMedicalCase(api, 1);
    const issued = await api('POST', `/v1/cases/${caseId}/certificates`, {
      json: { notify: { mobile: '13912345671' } },
    });
    expect(issued.status, issued.text).toBe(201);
    certificate = issued.body.certificates[0];
    const got = await fetchBytes(`${runtime.url}/v1/certificates/${certificate.certificateId}/ofd`, {
      authorization: `Bearer ${runtime.apiKey}`,
    });
    expect(got.status, new TextDecoder().decode(got.bytes)).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/ofd');
    ofd = got.bytes;
    const chain = await contractFetch(`${runtime.url}/.well-known/seal-certificates-sm2.pem`);
    const pems = (await chain.text()).match(
      /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g,
    );
    rootPem = pems?.at(-1) ?? '';
  }, 120_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  it('is a well-formed package whose every SM3 CheckValue, the dataHash and both SM2 signatures OpenSSL verifies', async () => {
    // Act
    const report = await checkOfdWithTools(ofd, rootPem);
    // Assess
    expect(report.entries).toEqual([
      'Doc_0/Document.xml',
      'Doc_0/Pages/Page_0/Content.xml',
      'Doc_0/PublicRes.xml',
      'Doc_0/Signs/Sign_0/Seal.esl',
      'Doc_0/Signs/Sign_0/Signature.xml',
      'Doc_0/Signs/Sign_0/SignedValue.dat',
      'Doc_0/Signs/Signatures.xml',
      'OFD.xml',
    ]);
    expect(report.xmllintFailures).toEqual([]);
    expect(report.asn1parseOk).toEqual({ seal: true, signedValue: true });
    // Every file but the Signs/ ones is protected, and each digest is OpenSSL's SM3.
    expect(Object.keys(report.checkValues).sort()).toEqual(
      report.entries.filter((e) => !e.includes('/Signs/')).sort(),
    );
    expect(Object.values(report.checkValues).every(Boolean)).toBe(true);
    expect(report.dataHashMatches).toBe(true);
    expect(report.signatureVerifies).toBe(true);
    // With OpenSSL's default (empty) signer ID it fails: the signature uses the standard ID 1234567812345678.
    expect(report.signatureVerifiesWithEmptyId).toBe(false);
    expect(report.sealSignatureVerifies).toBe(true);
    expect(report.sealFileIsSigned).toBe(true);
    expect(report.chainVerifies).toBe(true);
    expect(report.sealPictureType).toBe('ofd');
    expect(report.sealPicture.entries).toContain('Doc_0/Pages/Page_0/Content.xml');
    expect(report.sealPicture.xmllintFailures).toEqual([]);
    for (const name of GB_T_36903) expect(report.texts.ofd).toContain(`<ofd:CustomData Name="${name}">`);
    expect(report.texts.ofd).toContain(`>${certificate.identifier}</ofd:CustomData>`);
    expect(report.texts.signature).toMatch(
      /<ofd:StampAnnot ID="1" PageRef="\d+" Boundary="[\d.]+ [\d.]+ 42 42"\/>/,
    );
  });

  it('is stored on first request: the client and the citizen get the same bytes', async () => {
    const again = await fetchBytes(`${runtime.url}/v1/certificates/${certificate.certificateId}/ofd`, {
      authorization: `Bearer ${runtime.apiKey}`,
    });
    expect(Buffer.from(again.bytes).equals(Buffer.from(ofd))).toBe(true);
    const sms = (await api('GET', '/local/sms')).body.messages
      .filter((m: { to: string }) => m.to === '13912345671')
      .at(-1);
    const citizen = await fetchBytes(`${sms.link}/ofd`);
    expect(citizen.status).toBe(200);
    expect(Buffer.from(citizen.bytes).equals(Buffer.from(ofd))).toBe(true);
  });

  it('verifies VALID through POST /v1/verifications with the ledger summary', async () => {
    const reply = await verifyUpload(ofd);
    expect(reply.status).toBe(200);
    expect(reply.body.verdict).toBe('VALID');
    expect(reply.body.certificate.certificateId).toBe(certificate.certificateId);
    expect(reply.body.signature.algorithm).toContain('SM2');
  });

  it('the tamper set: tools reject each change and the API never answers VALID', async () => {
    const page = 'Doc_0/Pages/Page_0/Content.xml';
    const sig = 'Doc_0/Signs/Sign_0/Signature.xml';
    const tampered: Record<string, Uint8Array> = {
      content: repack((f) => {
        f[page] = edit(f[page] as Uint8Array, 'M ', 'L ');
      }),
      signatureXml: repack((f) => {
        f[sig] = edit(f[sig] as Uint8Array, 'Boundary="', 'Boundary="1');
      }),
      seal: repack((f) => {
        const esl = Uint8Array.from(f['Doc_0/Signs/Sign_0/Seal.esl'] as Uint8Array);
        esl[60] = (esl[60] as number) ^ 1;
        f['Doc_0/Signs/Sign_0/Seal.esl'] = esl;
      }),
      signedValue: repack((f) => {
        const value = Uint8Array.from(f['Doc_0/Signs/Sign_0/SignedValue.dat'] as Uint8Array);
        value[value.length - 3] = (value[value.length - 3] as number) ^ 1;
        f['Doc_0/Signs/Sign_0/SignedValue.dat'] = value;
      }),
      extraFile: repack((f) => {
        f['Doc_0/Pages/Page_1/Content.xml'] = f[page] as Uint8Array;
      }),
      removedFile: repack((f) => {
        delete f['Doc_0/PublicRes.xml'];
      }),
    };
    const verdicts: Record<string, string> = {};
    for (const [name, bytes] of Object.entries(tampered)) {
      verdicts[name] = (await verifyUpload(bytes)).body.verdict;
    }
    expect(
      Object.values(verdicts).filter((v) => v === 'VALID'),
      JSON.stringify(verdicts),
    ).toEqual([]);
    expect(verdicts).toMatchObject({ content: 'TAMPERED', signatureXml: 'TAMPERED', extraFile: 'TAMPERED' });
    // The independent tools see each change too.
    const content = await checkOfdWithTools(tampered.content as Uint8Array);
    expect(content.checkValues[page]).toBe(false);
    expect((await checkOfdWithTools(tampered.signatureXml as Uint8Array)).dataHashMatches).toBe(false);
    expect((await checkOfdWithTools(tampered.seal as Uint8Array)).sealFileIsSigned).toBe(false);
    expect((await checkOfdWithTools(tampered.signedValue as Uint8Array)).signatureVerifies).toBe(false);
    const extra = await checkOfdWithTools(tampered.extraFile as Uint8Array);
    expect(Object.keys(extra.checkValues)).not.toContain('Doc_0/Pages/Page_1/Content.xml');
    const removed = await checkOfdWithTools(tampered.removedFile as Uint8Array);
    expect(removed.checkValues['Doc_0/PublicRes.xml']).toBe(false);
  });

  it('follows the ledger: the OFD of a revoked licence verifies REVOKED and its link no longer serves it', async () => {
    const revoked = await api('POST', `/v1/certificates/${certificate.certificateId}/revoke`, {
      json: { reason: '测试撤销' },
    });
    expect(revoked.status, revoked.text).toBe(200);
    expect((await verifyUpload(ofd)).body.verdict).toBe('REVOKED');
    const sms = (await api('GET', '/local/sms')).body.messages
      .filter((m: { to: string }) => m.to === '13912345671')
      .at(-1);
    expect((await fetchBytes(`${sms.link}/ofd`)).status).toBe(409);
  });

  it('answers MALFORMED, not 500, for a broken upload', async () => {
    const reply = await verifyUpload(new TextEncoder().encode('PK\u0003\u0004 not really a zip'));
    expect(reply.status).toBe(200);
    expect(reply.body.verdict).toBe('MALFORMED');
  });
});

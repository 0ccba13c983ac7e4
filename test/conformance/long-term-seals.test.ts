/**
 * PAdES B-T/B-LT seals checked by independent tools: `openssl ts -verify` accepts the signature time-stamp
 * over the SignerInfo's signature value, pdfsig still says "Signature is Valid." (and, for the DSS update,
 * "Not total document signed"), qpdf finds the update well-formed, `openssl ocsp -respin` verifies the DSS's
 * OCSP response and `openssl crl` the CRL, both signed by the root. Needs poppler-utils, qpdf, openssl.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealPdf } from '../../functions/core/pades/seal-pdf.js';
import { toPem } from '../../functions/core/pki/pem.js';
import { createLongTermFixture, type LongTermFixture } from '../support/long-term-fixture.js';
import { cmsOfPdf, lastUpdateText, signatureAndToken } from '../support/time-stamps.js';
import { makeRenderedLicence } from '../unit/pades/rendered-licence.js';

const run = promisify(execFile);
let dir: string;
let fixture: LongTermFixture;
let pdf: Uint8Array;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zz-blt-conf-'));
  fixture = await createLongTermFixture([
    { serialNumber: '4abc', revokedAt: new Date(), reason: 'keyCompromise' },
  ]);
  pdf = await sealPdf(await makeRenderedLicence(), {
    signer: fixture.sealSigner,
    certificates: [fixture.seal, fixture.root],
    signingTime: new Date(),
    reason: '电子证照签章',
    location: '中国湖南',
    signerName: '某市行政审批局',
    timestamps: fixture.timestamps,
    validationData: fixture.validationData,
  });
  await writeFile(file('licence.pdf'), pdf);
  await writeFile(file('root.pem'), toPem('CERTIFICATE', fixture.root));
  await writeFile(file('seal.pem'), toPem('CERTIFICATE', fixture.seal));
  await writeFile(file('tsa.pem'), toPem('CERTIFICATE', fixture.tsa));
  await writeFile(file('ocsp.der'), fixture.ocsp);
  await writeFile(file('root.crl'), fixture.crl);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('B-LT seals through openssl, pdfsig and qpdf', () => {
  it('carries a time-stamp token openssl ts -verify accepts for the signature value', async () => {
    const { signature, token } = signatureAndToken(cmsOfPdf(pdf));
    await writeFile(file('token.der'), token as Uint8Array);
    const digest = createHash('sha256').update(signature).digest('hex');
    const { stdout } = await run('openssl', [
      ...['ts', '-verify', '-in', file('token.der'), '-token_in', '-digest', digest],
      ...['-CAfile', file('root.pem'), '-untrusted', file('tsa.pem')],
    ]);
    expect(stdout).toContain('Verification: OK');
    // The same token does not verify for another digest.
    const other = createHash('sha256').update('other').digest('hex');
    await expect(
      run('openssl', [
        ...['ts', '-verify', '-in', file('token.der'), '-token_in', '-digest', other],
        ...['-CAfile', file('root.pem'), '-untrusted', file('tsa.pem')],
      ]),
    ).rejects.toThrow();
  });

  it('keeps the signature valid for pdfsig and the file well-formed for qpdf after the DSS update', async () => {
    const { stdout } = await run('pdfsig', [file('licence.pdf')]);
    expect(stdout).toContain('Signature is Valid.');
    expect(stdout).toContain('Not total document signed');
    const qpdf = await run('qpdf', ['--check', file('licence.pdf')]);
    expect(qpdf.stdout).toContain('No syntax or stream encoding errors');
    expect(lastUpdateText(pdf)).toMatch(/\/DSS \d+ 0 R/);
  });

  it('publishes an OCSP response and a CRL that openssl verifies against the root', async () => {
    const ocsp = await run('openssl', [
      ...['ocsp', '-respin', file('ocsp.der'), '-CAfile', file('root.pem')],
      ...['-issuer', file('root.pem'), '-cert', file('seal.pem'), '-no_nonce'],
    ]);
    expect(`${ocsp.stdout}${ocsp.stderr}`).toContain('Response verify OK');
    expect(ocsp.stdout).toContain('seal.pem: good');
    const crl = await run('openssl', [
      'crl',
      '-inform',
      'DER',
      '-in',
      file('root.crl'),
      '-CAfile',
      file('root.pem'),
      '-noout',
      '-text',
    ]);
    expect(`${crl.stdout}${crl.stderr}`).toContain('verify OK');
    expect(crl.stdout).toMatch(/Serial Number: 4ABC[\s\S]*Key Compromise/);
  });

  it('names the CRL and OCSP URLs in the seal certificate and a critical timeStamping EKU in the TSA’s', async () => {
    const seal = await run('openssl', ['x509', '-in', file('seal.pem'), '-noout', '-text']);
    expect(seal.stdout).toContain('URI:https://zz.example.gov.cn/pki/root.crl');
    expect(seal.stdout).toContain('OCSP - URI:https://zz.example.gov.cn/pki/ocsp');
    const tsa = await run('openssl', ['x509', '-in', file('tsa.pem'), '-noout', '-text']);
    expect(tsa.stdout).toMatch(/X509v3 Extended Key Usage: critical\s+Time Stamping/);
  });
});

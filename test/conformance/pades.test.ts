/**
 * Sealed licences checked by independent tools: poppler's pdfsig (NSS), openssl cms, qpdf. The signing key
 * lives in the local KMS-compatible endpoint and is reached through the real KMS SDK and adapter.
 * Needs Debian: poppler-utils (+ poppler-data), qpdf, libnss3-tools, openssl.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsEndpoint, startKmsEndpoint } from '../../bin/local/kms-endpoint.js';
import { KmsSealSigner } from '../../functions/adapters/kms-seal-signer.js';
import { sealPdf } from '../../functions/core/pades/seal-pdf.js';
import { toPem } from '../../functions/core/pki/pem.js';
import { bootstrapSealChain, type SealChain } from '../../functions/core/pki/seal-chain.js';
import { runTool as tool } from '../support/pdf-tools.js';
import { inspectSignature } from '../unit/pades/inspect-pdf.js';
import { makeRenderedLicence } from '../unit/pades/rendered-licence.js';

const run = promisify(execFile);

describe('PAdES B-B seal through the local KMS endpoint, checked by pdfsig, openssl and qpdf', () => {
  let dir: string;
  let kms: KmsEndpoint;
  let client: KMSClient;
  let chain: SealChain;
  let pdfPath: string;
  let pdf: Uint8Array;
  let sealer: () => Promise<Uint8Array>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zz-pades-'));
    kms = await startKmsEndpoint({ keyDir: join(dir, 'keys') });
    client = new KMSClient({
      endpoint: kms.endpoint,
      region: 'cn-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const sealSigner = new KmsSealSigner({ client, keyId: 'alias/zhengzhao-seal' });
    chain = await bootstrapSealChain({
      rootSigner: new KmsSealSigner({ client, keyId: 'alias/zhengzhao-root' }),
      sealSigner,
      clock: { now: () => new Date() },
      random: { bytes: (length) => new Uint8Array(randomBytes(length)) },
      authorityName: '某市行政审批局',
    });
    await writeFile(join(dir, 'root.pem'), toPem('CERTIFICATE', chain.root));
    const nss = `sql:${join(dir, 'nss')}`;
    await mkdir(join(dir, 'nss'));
    await run('certutil', ['-N', '-d', nss, '--empty-password']);
    await run('certutil', ['-A', '-d', nss, '-n', 'root', '-t', 'CT,C,C', '-i', join(dir, 'root.pem')]);
    sealer = async () =>
      sealPdf(await makeRenderedLicence(), {
        signer: sealSigner,
        certificates: [chain.seal, chain.root],
        signingTime: new Date(),
        reason: '电子证照签章',
        location: '某市',
        signerName: '某市行政审批局',
      });
    pdf = await sealer();
    pdfPath = join(dir, 'sealed.pdf');
    await writeFile(pdfPath, pdf);
  });

  afterAll(async () => {
    client?.destroy();
    await kms?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is a valid signature over the total document for pdfsig', async () => {
    const { output } = await tool('pdfsig', [pdfPath]);
    expect(output).toContain('Signature is Valid.');
    expect(output).toContain('Total document signed');
    expect(output).toContain('Signature Type: ETSI.CAdES.detached');
    expect(output).toContain('Signer Certificate Common Name: 某市行政审批局');
  });

  it('chains to a trusted certificate once the root is in the NSS database', async () => {
    const { output } = await tool('pdfsig', ['-nssdir', `sql:${join(dir, 'nss')}`, pdfPath]);
    expect(output).toContain('Signature is Valid.');
    expect(output).toContain('Certificate is Trusted.');
  });

  it('verifies with openssl cms over the signed byte ranges up to the root', async () => {
    const { cms, signedBytes } = inspectSignature(pdf);
    await writeFile(join(dir, 'sig.der'), cms);
    await writeFile(join(dir, 'ranges.bin'), signedBytes);
    const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'sig.der')];
    args.push('-content', join(dir, 'ranges.bin'), '-CAfile', join(dir, 'root.pem'), '-purpose', 'any');
    const { code, output } = await tool('openssl', [...args, '-out', '/dev/null']);
    expect(output).toContain('Verification successful');
    expect(code).toBe(0);
  });

  it('is structurally clean for qpdf and keeps its Chinese text', async () => {
    const check = await tool('qpdf', ['--check', pdfPath]);
    expect(check.code).toBe(0);
    expect(check.output).toContain('No syntax or stream encoding errors');
    const text = await tool('pdftotext', [pdfPath, '-']);
    expect(text.output).toContain('发证机关：某市行政审批局');
  });

  it('leaves only zeros after the DER in /Contents, and sizes it from the real CMS', () => {
    const { contents, cms, padding } = inspectSignature(pdf);
    expect(padding.every((byte) => byte === 0)).toBe(true);
    expect(contents.length).toBe(cms.length); // RSA signatures have a fixed length: an exact fit
    console.info(
      `CMS ${cms.length} bytes, /Contents placeholder ${contents.length} bytes, PDF ${pdf.length} bytes`,
    );
  });

  it('fails openssl and pdfsig after a one-byte change in the signed range', async () => {
    // Prepare: change one hex digit of the UCS-2 text "营" (8425) in the page content
    const tampered = Buffer.from(pdf);
    const at = tampered.indexOf('<8425');
    expect(at).toBeGreaterThan(0);
    tampered[at + 4] = '6'.charCodeAt(0);
    const tamperedPath = join(dir, 'tampered.pdf');
    await writeFile(tamperedPath, tampered);
    await writeFile(join(dir, 'tampered-ranges.bin'), inspectSignature(tampered).signedBytes);
    await writeFile(join(dir, 'sig.der'), inspectSignature(tampered).cms);
    // Act
    const pdfsig = await tool('pdfsig', [tamperedPath]);
    const openssl = await tool('openssl', [
      ...['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'sig.der')],
      ...['-content', join(dir, 'tampered-ranges.bin'), '-CAfile', join(dir, 'root.pem'), '-purpose', 'any'],
      ...['-out', '/dev/null'],
    ]);
    // Assess
    expect(pdfsig.output).toContain('Signature Validation:');
    expect(pdfsig.output).not.toContain('Signature is Valid.');
    expect(openssl.code).not.toBe(0);
    expect(openssl.output).not.toContain('Verification successful');
  });

  it('is reported as not covering the document once bytes are appended', async () => {
    const appended = Buffer.concat([Buffer.from(pdf), Buffer.from('\n% appended after signing\n')]);
    const appendedPath = join(dir, 'appended.pdf');
    await writeFile(appendedPath, appended);
    const { output } = await tool('pdfsig', [appendedPath]);
    expect(output).not.toContain('Total document signed');
  });

  it('seals fast enough for batch issuance through the local endpoint', async () => {
    const runs = 10;
    const started = performance.now();
    for (let index = 0; index < runs; index++) await sealer();
    const perSeal = (performance.now() - started) / runs;
    console.info(`sealPdf through the local KMS endpoint: ${perSeal.toFixed(1)} ms per seal (${runs} runs)`);
    expect(perSeal).toBeLessThan(500);
  });
});

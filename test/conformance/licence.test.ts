/**
 * A real licence — our renderer, the licence factory, the KMS adapter against the local KMS endpoint and a
 * chain bootstrapped there — checked end to end by independent tools: pdfsig (NSS, with our root trusted),
 * openssl cms, qpdf, pdftotext, pdftoppm and zbarimg.
 * Needs Debian: poppler-utils (+ poppler-data), qpdf, libnss3-tools, openssl, zbar-tools.
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
import { loadLicenceFonts } from '../../functions/adapters/font-files.js';
import { KmsSealSigner } from '../../functions/adapters/kms-seal-signer.js';
import type { CertificateTemplate } from '../../functions/core/catalogue/types.js';
import { createLicenceFactory } from '../../functions/core/certificates/licence-factory.js';
import {
  createLicenceRenderer,
  type LicenceRenderInput,
} from '../../functions/core/licence/render/render-licence.js';
import { toPem } from '../../functions/core/pki/pem.js';
import { bootstrapSealChain } from '../../functions/core/pki/seal-chain.js';
import {
  decodeBarcodes,
  hasTool,
  pdfText,
  renderPage,
  shareOfPixels,
  runTool as tool,
} from '../support/pdf-tools.js';
import { inspectSignature } from '../unit/pades/inspect-pdf.js';

const run = promisify(execFile);
const TOOLS = ['pdfsig', 'certutil', 'openssl', 'qpdf', 'pdftotext', 'pdftoppm', 'zbarimg'];
const missing = (await Promise.all(TOOLS.map(async (t) => ((await hasTool(t)) ? '' : t)))).filter(Boolean);

const template: CertificateTemplate = {
  name: '医疗器械出口销售证明',
  nameEn: 'Certificate of Export Sales for Medical Devices',
  type: 'MEDICAL_DEVICE_EXPORT_CERTIFICATE',
  typeCode: 'YJ0207',
  issuerCode: '11430000MB1D715235',
  issuer: '湖南省药品监督管理局',
  sealPurpose: '行政审批专用章',
  numberPrefix: '湘药监械出',
  fieldsSchema: {},
  fieldLabels: [
    { key: 'productName', label: '产品名称' },
    { key: 'model', label: '型号规格' },
  ],
};

const input: LicenceRenderInput = {
  template,
  certificateId: 'CERT-CONFORMANCE0001',
  number: '湘药监械出20260000001',
  identifier: '1.2.156.3005.2.YJ0207.11430000MB1D715235.0000001.001.7',
  holder: { name: '欧阳喆堃', organization: '湖南康达医疗器械有限公司' },
  fields: { productName: '一次性使用无菌注射器', model: '1ml、2ml、5ml' },
  issuedAt: new Date('2026-03-26T02:00:00Z'),
  validFrom: new Date('2026-03-26T02:00:00Z'),
  validUntil: new Date('2028-03-25T15:59:59Z'),
  verifyUrl: 'https://zz.example.gov.cn/verify/CERT-CONFORMANCE0001?code=AB12CD34EF56GH78IJ90KL12MN',
};

const isSealRed = ([r, g, b]: [number, number, number]) => r > 170 && g < 110 && b < 120;

describe.skipIf(missing.length > 0)(
  `a licence from the factory, sealed through the local KMS endpoint`,
  () => {
    let dir: string;
    let kms: KmsEndpoint;
    let client: KMSClient;
    let pdf: Uint8Array;
    let pdfPath: string;
    let sealRect: [number, number, number, number];

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'zz-licence-'));
      kms = await startKmsEndpoint({ keyDir: join(dir, 'keys') });
      client = new KMSClient({
        endpoint: kms.endpoint,
        region: 'cn-north-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      const signer = new KmsSealSigner({ client, keyId: kms.keys.seal });
      const chain = await bootstrapSealChain({
        rootSigner: new KmsSealSigner({ client, keyId: kms.keys.root }),
        sealSigner: signer,
        clock: { now: () => new Date() },
        random: { bytes: (length) => new Uint8Array(randomBytes(length)) },
        authorityName: '湖南省政务服务电子证照签章中心',
      });
      const renderer = createLicenceRenderer(await loadLicenceFonts());
      sealRect = (await renderer.render(input)).seal.rect;
      const factory = createLicenceFactory({ renderer, signer, chain: async () => [chain.seal, chain.root] });
      pdf = (await factory.produce(input, new Date())).bytes;
      pdfPath = join(dir, 'licence.pdf');
      await writeFile(pdfPath, pdf);
      await writeFile(join(dir, 'root.pem'), toPem('CERTIFICATE', chain.root));
      await mkdir(join(dir, 'nss'));
      await run('certutil', ['-N', '-d', `sql:${join(dir, 'nss')}`, '--empty-password']);
      await run('certutil', [
        '-A',
        '-d',
        `sql:${join(dir, 'nss')}`,
        '-n',
        'root',
        '-t',
        'CT,C,C',
        '-i',
        join(dir, 'root.pem'),
      ]);
    });

    afterAll(async () => {
      client?.destroy();
      await kms?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('is a valid PAdES signature over the whole document, trusted once our root is in NSS', async () => {
      // Act
      const untrusted = await tool('pdfsig', [pdfPath]);
      const trusted = await tool('pdfsig', ['-nssdir', `sql:${join(dir, 'nss')}`, pdfPath]);
      // Assess
      expect(untrusted.output).toContain('Signature is Valid.');
      expect(untrusted.output).toContain('Total document signed');
      expect(untrusted.output).toContain('Signature Type: ETSI.CAdES.detached');
      expect(untrusted.output).not.toContain('Certificate is Trusted.');
      expect(trusted.output).toContain('Signature is Valid.');
      expect(trusted.output).toContain('Certificate is Trusted.');
    });

    it('verifies with openssl cms over the extracted CMS and the signed byte ranges, up to our root', async () => {
      // Prepare
      const { cms, signedBytes } = inspectSignature(pdf);
      await writeFile(join(dir, 'sig.der'), cms);
      await writeFile(join(dir, 'ranges.bin'), signedBytes);
      // Act
      const { code, output } = await tool('openssl', [
        ...['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'sig.der')],
        ...['-content', join(dir, 'ranges.bin'), '-CAfile', join(dir, 'root.pem'), '-purpose', 'any'],
        ...['-out', '/dev/null'],
      ]);
      // Assess
      expect(output).toContain('Verification successful');
      expect(code).toBe(0);
    });

    it('has nothing but zeros after the DER inside /Contents', () => {
      // Act
      const { cms, padding, byteRange } = inspectSignature(pdf);
      // Assess
      expect(cms.length).toBeGreaterThan(1000);
      expect(padding.every((byte) => byte === 0)).toBe(true);
      expect(byteRange[2] + byteRange[3]).toBe(pdf.length);
    });

    it('is structurally clean for qpdf', async () => {
      const { code, output } = await tool('qpdf', ['--check', pdfPath]);
      expect(output).toContain('No syntax or stream encoding errors');
      expect(code).toBe(0);
    });

    it('carries the Chinese text, rare name characters included, for pdftotext', async () => {
      // Act
      const text = (await pdfText(pdf)).replace(/\s+/g, '');
      // Assess
      expect(text).toContain('医疗器械出口销售证明');
      expect(text).toContain('发证机关：湖南省药品监督管理局');
      expect(text).toContain('欧阳喆堃');
      expect(text).toContain('一次性使用无菌注射器');
      expect(text).toContain(input.identifier);
    });

    it('shows a QR code that zbarimg decodes to exactly the verify URL', async () => {
      const raster = await renderPage(pdf, { dpi: 150 });
      expect(await decodeBarcodes(raster.png)).toEqual([input.verifyUrl]);
    });

    it('renders the seal widget in red at its rectangle and nothing red beside it', async () => {
      // Prepare
      const raster = await renderPage(pdf, { dpi: 100 });
      const pageHeight = raster.height / (100 / 72);
      const [x1, y1, x2, y2] = sealRect;
      const inside = { xMin: x1, xMax: x2, yMin: pageHeight - y2, yMax: pageHeight - y1 };
      const beside = { xMin: x1 - 60, xMax: x1 - 40, yMin: pageHeight - y2, yMax: pageHeight - y1 };
      const d = x2 - x1;
      const star = {
        xMin: x1 + d * 0.46,
        xMax: x1 + d * 0.54,
        yMin: pageHeight - y2 + d * 0.47,
        yMax: pageHeight - y2 + d * 0.53,
      };
      // Act / Assess
      expect(shareOfPixels(raster, inside, isSealRed)).toBeGreaterThan(0.08);
      expect(shareOfPixels(raster, star, isSealRed)).toBeGreaterThan(0.8);
      expect(shareOfPixels(raster, beside, isSealRed)).toBe(0);
    });
  },
);

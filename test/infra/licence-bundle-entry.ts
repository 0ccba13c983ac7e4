/**
 * Bundled by test/infra/bundling.test.ts with the Lambda bundling options (aliases included): seals one
 * licence with the bundled licence part, to show that what the certificates Lambda ships really renders
 * and seals. Returns the PDF and the chain's root, base64.
 */
import { randomBytes } from 'node:crypto';
import { bootstrapSealChain } from '../../functions/core/pki/seal-chain.js';
import { licenceParts } from '../../functions/parts/licences.js';
import { foodTemplate } from '../fixtures/licence.js';
import { createCryptoSigner } from '../unit/pki/crypto-signer.js';

export async function sealSample(): Promise<{ pdf: string; root: string }> {
  const signer = createCryptoSigner(3072);
  const chain = await bootstrapSealChain({
    rootSigner: createCryptoSigner(),
    sealSigner: signer,
    clock: { now: () => new Date() },
    random: { bytes: (n) => new Uint8Array(randomBytes(n)) },
    authorityName: '某市行政审批局',
  });
  const factory = licenceParts.licenceFactory?.({ signer, chain: async () => [chain.seal, chain.root] });
  if (!factory) throw new Error('the licence part has no factory');
  const sealed = await factory.produce(
    {
      template: foodTemplate(),
      certificateId: 'CERT-BUNDLE0001',
      number: '湘食经20260000001',
      identifier: '1.2.156.3005.2.JY0001.11430000MB1D715235.0000001.001.7',
      holder: { name: '欧阳喆堃', organization: '长沙市某某食品有限公司' },
      fields: {
        productName: '糕点',
        address: '长沙市岳麓区麓谷大道 1 号',
        categories: '糕点',
        capacity: 1200,
      },
      issuedAt: new Date('2026-03-26T02:00:00Z'),
      validFrom: new Date('2026-03-26T02:00:00Z'),
      validUntil: new Date('2031-03-25T15:59:59Z'),
      verifyUrl: 'https://zz.example.gov.cn/verify/CERT-BUNDLE0001?code=AB12CD34EF56GH78IJ90KL12MN',
    },
    new Date(),
  );
  return {
    pdf: Buffer.from(sealed.bytes).toString('base64'),
    root: Buffer.from(chain.root).toString('base64'),
  };
}

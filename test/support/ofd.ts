/**
 * OFD test helpers: a licence input, a throw-away SM2 chain made into a seal object and a sealer, and one
 * sealed OFD. The seal is made by the same core code the service uses (ses/make-seal.ts).
 */
import { loadLicenceFonts } from '../../functions/adapters/font-files.js';
import type { OfdLicenceInput, OfdRenderer } from '../../functions/core/ofd/render-ofd.js';
import { createOfdRenderer } from '../../functions/core/ofd/render-ofd.js';
import { sealInfoFor } from '../../functions/core/ofd/seal-object.js';
import { type OfdSealer, sealOfd } from '../../functions/core/ofd/seal-ofd.js';
import { makeSeal } from '../../functions/core/ses/make-seal.js';
import { foodTemplate } from '../fixtures/licence.js';
import { makeTestSm2Chain, type TestSm2Chain } from './sm2.js';

export const ofdTemplate = foodTemplate([
  { key: 'productName', label: '产品名称' },
  { key: 'categories', label: '食品类别' },
]);

export const ofdInput = (overrides: Partial<OfdLicenceInput> = {}): OfdLicenceInput => ({
  template: ofdTemplate,
  certificateId: 'CERT-OFD-0001',
  number: '湘食SC20260326001',
  identifier: '1.2.156.3005.2.SC01.11430000MB1234567X.2026032600001.7',
  holder: { name: '张小三', idNumber: '430102199001011234', organization: '长沙某某食品有限公司' },
  holderIdType: '111',
  fields: { productName: '芝麻香油', categories: ['食用油', '调味品'] },
  issuedAt: new Date('2026-03-26T02:00:00Z'),
  validFrom: new Date('2026-03-26T02:00:00Z'),
  validUntil: new Date('2031-03-25T15:59:59Z'),
  verifyUrl: 'https://zz.example.gov.cn/verify/CERT-OFD-0001?code=AB12CD34',
  ...overrides,
});

let renderer: Promise<OfdRenderer> | undefined;
/** One renderer per test file (fonts parsed once). */
export const testOfdRenderer = (): Promise<OfdRenderer> => {
  renderer ??= loadLicenceFonts().then(createOfdRenderer);
  return renderer;
};

/** A chain, its seal object and a sealer. */
export async function makeTestOfdSealer(
  now = new Date(),
): Promise<{ chain: TestSm2Chain; sealer: OfdSealer }> {
  const chain = await makeTestSm2Chain({ now: new Date(now.getTime() - 3600_000) });
  const ofd = await testOfdRenderer();
  const info = sealInfoFor(ofd, {
    issuer: ofdTemplate.issuer,
    purpose: ofdTemplate.sealPurpose,
    sealCertificate: chain.seal.certificate,
    createdAt: now,
  });
  const seal = await makeSeal(chain.maker, info);
  return { chain, sealer: { signer: chain.seal.signer, certificate: chain.seal.certificate, seal } };
}

/** A sealed OFD licence. */
export async function sealedTestOfd(
  sealer: OfdSealer,
  overrides: Partial<OfdLicenceInput> = {},
  at = new Date(),
): Promise<Uint8Array> {
  const ofd = await testOfdRenderer();
  return sealOfd(ofd.render(ofdInput(overrides)), sealer, at);
}

/**
 * The OFD rendition per licence: render (the PDF's layout recorded into OFD XML) + SM2 seal (SES_Signature by
 * an in-process SM2 key: the seal object made once beforehand, as the service stores it), and the verification
 * of one sealed file (zip, every SM3 CheckValue, the SES signature, the seal, the chain). Beside the PDF's
 * render + seal in the results.
 */
import { randomBytes } from 'node:crypto';
import type { LicenceFonts } from '../functions/core/licence/render/fonts.js';
import { createOfdRenderer, type OfdLicenceInput } from '../functions/core/ofd/render-ofd.js';
import { sealInfoFor } from '../functions/core/ofd/seal-object.js';
import { sealOfd } from '../functions/core/ofd/seal-ofd.js';
import { verifyOfdSeal } from '../functions/core/ofd/verify-ofd.js';
import { makeSeal } from '../functions/core/ses/make-seal.js';
import { issueSm2SealChain } from '../functions/core/sm2/certificates.js';
import { generateSm2PrivateKey, SoftwareSm2Signer } from '../functions/core/sm2/index.js';
import { measure, type Timing } from './stats.js';

/** What `measureOfd` reports. */
export interface OfdBench {
  renderSeal: Timing;
  verify: Timing;
  /** Size of one sealed OFD. */
  bytes: number;
}

const newSigner = () => new SoftwareSm2Signer(generateSm2PrivateKey((n) => new Uint8Array(randomBytes(n))));

/** Render + seal and verification of the OFD licence of `input`, each `iterations` times after a warm-up. */
export async function measureOfd(
  fonts: LicenceFonts,
  input: OfdLicenceInput,
  options: { warmup: number; iterations: number },
): Promise<OfdBench> {
  const renderer = createOfdRenderer(fonts);
  const maker = newSigner();
  const sealSigner = newSigner();
  const now = new Date();
  const chain = await issueSm2SealChain({
    makerSigner: maker,
    sealSigner,
    clock: { now: () => new Date(now.getTime() - 60_000) },
    random: { bytes: (n) => new Uint8Array(randomBytes(n)) },
    authorityName: input.template.issuer,
  });
  const info = sealInfoFor(renderer, {
    issuer: input.template.issuer,
    purpose: input.template.sealPurpose,
    sealCertificate: chain.seal,
    createdAt: now,
  });
  const seal = await makeSeal({ signer: maker, certificate: chain.root }, info);
  const sealer = { signer: sealSigner, certificate: chain.seal, seal };
  let serial = 0;
  let sample: Uint8Array = new Uint8Array();
  const renderSeal = await measure(async () => {
    serial += 1;
    sample = await sealOfd(
      renderer.render({ ...input, number: `${input.number}-${serial}` }),
      sealer,
      new Date(),
    );
  }, options);
  const verify = await measure(() => {
    const check = verifyOfdSeal(sample, { roots: [chain.root] });
    if (check.status !== 'VALID')
      throw new Error(`bench OFD did not verify: ${JSON.stringify(check.reasons)}`);
  }, options);
  return { renderSeal, verify, bytes: sample.byteLength };
}

/**
 * What `node --cpu-prof` runs for the profile: our render + seal (factory, renderer created once, in-process
 * signer so the profile shows our CPU and not a socket wait), `PROFILE_ITERATIONS` licences after a warm-up;
 * it prints when the measured loop starts so that start-up (key generation, module loading) can be left out.
 */
import { loadLicenceFonts } from '../functions/adapters/font-files.js';
import { createLicenceFactory } from '../functions/core/certificates/licence-factory.js';
import { createLicenceRenderer } from '../functions/core/licence/render/render-licence.js';
import { SIGNATURE_TEXT, sampleLicence } from './licence-sample.js';
import { bootstrapBenchChain, createCryptoSealSigner } from './signers.js';

const iterations = Number(process.env.PROFILE_ITERATIONS ?? 40);
const signer = createCryptoSealSigner();
const chain = await bootstrapBenchChain(createCryptoSealSigner(), signer);
const factory = createLicenceFactory({
  renderer: createLicenceRenderer(await loadLicenceFonts()),
  signer,
  chain: async () => [chain.seal, chain.root],
  ...SIGNATURE_TEXT,
});
for (let i = 0; i < 5; i++) await factory.produce(sampleLicence(i + 1), new Date());
// V8's profile clock and hrtime are both CLOCK_MONOTONIC: profile.ts keeps only samples after this mark.
console.log(`PROFILE_LOOP_START_US=${process.hrtime.bigint() / 1000n}`);
for (let i = 0; i < iterations; i++) await factory.produce(sampleLicence(i + 10), new Date());

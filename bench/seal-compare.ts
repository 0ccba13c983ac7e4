/**
 * Part 1 (issue 3 §5): render + seal per licence, ours against the signpdf baseline, interleaved round by
 * round so that machine noise hits every variant alike. Ours runs through `createLicenceFactory` with the
 * renderer created once, sealing through the KMS adapter against the local KMS endpoint and, to separate the
 * KMS round trip, with an in-process node:crypto SealSigner.
 */
import { performance } from 'node:perf_hooks';
import { createLicenceFactory, type LicenceFactory } from '../functions/core/certificates/licence-factory.js';
import { FontSet, type LicenceFonts } from '../functions/core/licence/render/fonts.js';
import {
  createLicenceRenderer,
  type LicenceRenderer,
} from '../functions/core/licence/render/render-licence.js';
import type { SealChain } from '../functions/core/pki/seal-chain.js';
import type { SealSigner } from '../functions/ports/seal-signer.js';
import { type BaselineSetup, renderBaseline, signBaseline } from './baseline-signpdf.js';
import { SIGNATURE_TEXT, sampleLicence } from './licence-sample.js';
import type { BenchLongTerm } from './long-term.js';
import { summarize, type Timing } from './stats.js';

/** Timings of one variant: render alone, and render + seal (the whole licence). */
export interface VariantTimings {
  render: Timing;
  total: Timing;
  bytes: number;
}

/** Results of part 1 plus one output PDF per variant (for the validity check). */
export interface SealComparison {
  oursKms: VariantTimings;
  oursInProcess: VariantTimings;
  signpdf: VariantTimings;
  samples: { oursKms: Uint8Array; oursInProcess: Uint8Array; signpdf: Uint8Array };
}

interface Variant {
  render: () => Promise<unknown>;
  total: (index: number) => Promise<Uint8Array>;
}

function oursVariant(
  renderer: LicenceRenderer,
  signer: SealSigner,
  chain: SealChain,
  longTerm: Pick<BenchLongTerm, 'timestamps' | 'validationData'>,
): Variant {
  const certificates = [chain.seal, chain.root];
  const factory: LicenceFactory = createLicenceFactory({
    renderer,
    signer,
    chain: async () => certificates,
    // PAdES B-LT: time-stamp from the local TSA over HTTP, DSS with the CA's CRL and OCSP response.
    timestamps: longTerm.timestamps,
    validationData: longTerm.validationData,
    ...SIGNATURE_TEXT,
  });
  return {
    render: () => renderer.render(sampleLicence(1)),
    total: async (index) => (await factory.produce(sampleLicence(index), new Date())).bytes,
  };
}

function baselineVariant(setup: BaselineSetup): Variant {
  return {
    render: () => renderBaseline(setup, sampleLicence(1)),
    total: async (index) => {
      const input = sampleLicence(index);
      const rendered = await renderBaseline(setup, input);
      return signBaseline(setup, rendered, input.template.issuer, new Date());
    },
  };
}

async function timed<T>(fn: () => Promise<T>, into: number[]): Promise<T> {
  const started = performance.now();
  const value = await fn();
  into.push(performance.now() - started);
  return value;
}

/** Runs the comparison: `warmup` unmeasured rounds, then `iterations` measured rounds of every variant. */
export async function compareSealing(options: {
  fonts: LicenceFonts;
  kms: { signer: SealSigner; chain: SealChain; longTerm: BenchLongTerm };
  inProcess: {
    signer: SealSigner & { privateKey: import('node:crypto').KeyObject };
    chain: SealChain;
    longTerm: BenchLongTerm;
  };
  /** The signpdf baseline's P12 (node-forge cannot re-encode non-ASCII issuer names: see signers.ts). */
  baselineP12: Buffer;
  warmup: number;
  iterations: number;
}): Promise<SealComparison> {
  const renderer = createLicenceRenderer(options.fonts);
  const baselineSetup: BaselineSetup = {
    fontSet: new FontSet(options.fonts),
    p12: options.baselineP12,
  };
  const variants = {
    oursKms: oursVariant(renderer, options.kms.signer, options.kms.chain, options.kms.longTerm),
    oursInProcess: oursVariant(
      renderer,
      options.inProcess.signer,
      options.inProcess.chain,
      options.inProcess.longTerm,
    ),
    signpdf: baselineVariant(baselineSetup),
  };
  type Name = keyof typeof variants;
  const names = Object.keys(variants) as Name[];
  const render: Record<Name, number[]> = { oursKms: [], oursInProcess: [], signpdf: [] };
  const total: Record<Name, number[]> = { oursKms: [], oursInProcess: [], signpdf: [] };
  const samples = {} as Record<Name, Uint8Array>;
  for (let round = 0; round < options.warmup + options.iterations; round++) {
    const measured = round >= options.warmup;
    for (const name of names) {
      const variant = variants[name];
      await timed(variant.render, measured ? render[name] : []);
      samples[name] = await timed(() => variant.total(round + 1), measured ? total[name] : []);
    }
  }
  const result = (name: Name): VariantTimings => ({
    render: summarize(render[name]),
    total: summarize(total[name]),
    bytes: samples[name].length,
  });
  return {
    oursKms: result('oursKms'),
    oursInProcess: result('oursInProcess'),
    signpdf: result('signpdf'),
    samples,
  };
}

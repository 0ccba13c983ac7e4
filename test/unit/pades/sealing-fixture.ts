/**
 * A bootstrapped chain with in-memory RSA signers, shared by the sealing unit tests.
 */
import { bootstrapSealChain } from '../../../functions/core/pki/seal-chain.js';
import { type CryptoSigner, counterRandom, createCryptoSigner, fixedClock } from '../pki/crypto-signer.js';

/** Signers and DER chain for sealing tests. */
export interface SealingFixture {
  rootSigner: CryptoSigner;
  sealSigner: CryptoSigner;
  root: Uint8Array;
  seal: Uint8Array;
}

/**
 * Root and seal keys (RSA 2048 for speed; the code path does not depend on the size) and their chain, issued
 * at `issuedAt`.
 */
export async function createSealingFixture(issuedAt = '2026-03-26T08:00:00.000Z'): Promise<SealingFixture> {
  const rootSigner = createCryptoSigner();
  const sealSigner = createCryptoSigner();
  const { root, seal } = await bootstrapSealChain({
    rootSigner,
    sealSigner,
    clock: fixedClock(issuedAt),
    random: counterRandom(),
    authorityName: '某市行政审批局',
  });
  return { rootSigner, sealSigner, root, seal };
}

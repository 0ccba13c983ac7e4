/**
 * The electronic seal object (电子印章, SESeal v4): made once per seal by the seal maker's key, then reused by
 * every licence the seal stamps (an SM2 signature is randomised, so making it per licence would give every
 * licence a different seal). Pure: the signer and the clock's time come in.
 */
import type { Sm2Signer } from '../../ports/sm2-signer.js';
import { encodeSeal, type SealInfo, sealToBeSigned } from './ses-v4.js';

/** Who makes seals (制章者): the maker's signer and its DER certificate. */
export interface SealMaker {
  signer: Sm2Signer;
  certificate: Uint8Array;
}

/** DER SESeal of `info`, signed by the maker over the DER of eSealInfo (GB/T 38540 v4). */
export async function makeSeal(maker: SealMaker, info: SealInfo): Promise<Uint8Array> {
  const signedValue = await maker.signer.sign(sealToBeSigned(info));
  return encodeSeal(info, maker.certificate, signedValue);
}

/**
 * The OFD seal's SM2 keys with their certificates, as the OFD code receives them (`deps.ofdSealKeys()`): the
 * seal holder's signer and certificate (signs each licence's SES_Signature) and the seal maker's signer and
 * root certificate (makes the SESeal object once per seal).
 */
import type { Sm2Signer } from '../../ports/sm2-signer.js';
import { DomainError } from '../errors.js';
import { readSm2Certificate, verifySm2CertificateSignature } from './certificates.js';

/** The seal holder's and the seal maker's SM2 keys with their certificates (DER). */
export interface Sm2SealKeys {
  seal: { signer: Sm2Signer; certificate: Uint8Array };
  maker: { signer: Sm2Signer; certificate: Uint8Array };
}

/**
 * Pair the signers with the stored chain (seal certificate first, maker root last), checking that the seal
 * certificate certifies the seal key, the root the maker key, and that the root signed the seal certificate
 * — a chain stored for other keys must fail here, not in a verifier after the licence went out.
 */
export async function sm2SealKeysOf(
  signers: { seal: Sm2Signer; maker: Sm2Signer },
  chain: readonly Uint8Array[],
): Promise<Sm2SealKeys> {
  const seal = chain[0];
  const root = chain.at(-1);
  if (!seal || !root || chain.length < 2)
    throw new Error('the SM2 seal chain needs a seal certificate and a root');
  const [sealKey, makerKey] = await Promise.all([signers.seal.publicKey(), signers.maker.publicKey()]);
  const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
  if (!same(readSm2Certificate(seal).subjectPublicKeyInfo, sealKey)) {
    throw new Error('the SM2 seal certificate does not certify the OFD seal key');
  }
  if (!same(readSm2Certificate(root).subjectPublicKeyInfo, makerKey)) {
    throw new Error('the SM2 root certificate does not certify the OFD seal maker key');
  }
  if (!verifySm2CertificateSignature(seal, makerKey)) {
    throw new Error('the SM2 seal certificate is not signed by the seal maker key');
  }
  return {
    seal: { signer: signers.seal, certificate: seal },
    maker: { signer: signers.maker, certificate: root },
  };
}

/** 404 OFD_NOT_AVAILABLE: the stage has no SM2 seal (outside the China regions), so no OFD and no SM2 chain. */
export const ofdNotAvailable = (): DomainError =>
  new DomainError(
    'NOT_FOUND',
    'OFD_NOT_AVAILABLE',
    '本环境未配置国密（SM2）电子印章，不提供 OFD 版式证照',
    'This stage has no SM2 electronic seal; the OFD rendition is not available',
  );

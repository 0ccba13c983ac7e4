/**
 * Part: the OFD rendition's SM2 keys in KMS (KeySpec SM2, SM2DSA; China regions, or the local endpoint): the
 * seal holder's key and the seal maker's key, used through `Sign` (they never leave KMS). None where the stage
 * has no OFD seal (`config.ofd` unset).
 */
import { KmsSm2Signer } from '../adapters/kms-sm2-signer.js';
import { createKmsClient } from '../composition.js';
import type { CompositionParts } from './types.js';

export const ofdSealParts: CompositionParts = {
  ofdSigners: (config, client) => {
    if (!config.ofd) return undefined;
    const kms = client ?? createKmsClient(config);
    return {
      seal: new KmsSm2Signer({ client: kms, keyId: config.ofd.sealKeyId }),
      maker: new KmsSm2Signer({ client: kms, keyId: config.ofd.makerKeyId }),
    };
  },
};

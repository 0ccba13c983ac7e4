/** Part: the seal key, a KMS asymmetric key used through `Sign` (it never leaves KMS). */
import { KmsSealSigner } from '../adapters/kms-seal-signer.js';
import { createKmsClient } from '../composition.js';
import type { CompositionParts } from './types.js';

export const kmsParts: CompositionParts = {
  sealSigner: (config, client) =>
    new KmsSealSigner({
      client: client ?? createKmsClient(config),
      keyId: config.kms.sealKeyId,
    }),
};

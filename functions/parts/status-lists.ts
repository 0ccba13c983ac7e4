/** Part: the status lists' ES256 key, a KMS ECC_NIST_P256 key used through `Sign` (it never leaves KMS). */
import { KmsEs256Signer } from '../adapters/kms-es256-signer.js';
import { createKmsClient } from '../composition.js';
import type { CompositionParts } from './types.js';

export const statusListParts: CompositionParts = {
  statusSigner: (config, client) =>
    new KmsEs256Signer({
      client: client ?? createKmsClient(config),
      keyId: config.kms.statusKeyId,
    }),
};

/** Part: the status lists' ES256 key, a KMS ECC_NIST_P256 key used through `Sign` (it never leaves KMS). */
import { KMSClient } from '@aws-sdk/client-kms';
import { KmsJwsSigner } from '../adapters/kms-jws-signer.js';
import { awsClientDefaults } from '../composition.js';
import type { CompositionParts } from './types.js';

export const statusListParts: CompositionParts = {
  statusSigner: (config, client) =>
    new KmsJwsSigner({
      client: client ?? new KMSClient(awsClientDefaults(config, config.endpoints.kms)),
      keyId: config.kms.statusKeyId,
    }),
};

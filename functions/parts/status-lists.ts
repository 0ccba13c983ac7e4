/** Part: the status lists' ES256 key, a KMS ECC_NIST_P256 key used through `Sign` (it never leaves KMS). */
import { KMSClient } from '@aws-sdk/client-kms';
import { KmsEs256Signer } from '../adapters/kms-es256-signer.js';
import { awsClientDefaults } from '../composition.js';
import type { CompositionParts } from './types.js';

export const statusListParts: CompositionParts = {
  statusSigner: (config, client) =>
    new KmsEs256Signer({
      client: client ?? new KMSClient(awsClientDefaults(config, config.endpoints.kms)),
      keyId: config.kms.statusKeyId,
    }),
};

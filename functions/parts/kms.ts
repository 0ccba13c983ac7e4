/** Part: the seal key, a KMS asymmetric key used through `Sign` (it never leaves KMS). */
import { KMSClient } from '@aws-sdk/client-kms';
import { KmsSealSigner } from '../adapters/kms-seal-signer.js';
import { awsClientDefaults } from '../composition.js';
import type { CompositionParts } from './types.js';

export const kmsParts: CompositionParts = {
  sealSigner: (config, client) =>
    new KmsSealSigner({
      client: client ?? new KMSClient(awsClientDefaults(config, config.endpoints.kms)),
      keyId: config.kms.sealKeyId,
    }),
};

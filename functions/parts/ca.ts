/** Part: the root CA key in KMS (`Sign`), used only to sign the CRL and OCSP responses. */
import { KMSClient } from '@aws-sdk/client-kms';
import { KmsSealSigner } from '../adapters/kms-seal-signer.js';
import { awsClientDefaults } from '../composition.js';
import type { CompositionParts } from './types.js';

export const caParts: CompositionParts = {
  caSigner: (config, client) =>
    new KmsSealSigner({
      client: client ?? new KMSClient(awsClientDefaults(config, config.endpoints.kms)),
      keyId: config.kms.rootKeyId,
    }),
};

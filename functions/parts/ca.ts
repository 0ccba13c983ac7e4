/** Part: the root CA key in KMS (`Sign`), used only to sign the CRL and OCSP responses. */
import { KmsSealSigner } from '../adapters/kms-seal-signer.js';
import { createKmsClient } from '../composition.js';
import type { CompositionParts } from './types.js';

export const caParts: CompositionParts = {
  caSigner: (config, client) =>
    new KmsSealSigner({
      client: client ?? createKmsClient(config),
      keyId: config.kms.rootKeyId,
    }),
};

/**
 * Part: the licence QR's ES256 signer. With a wrapping key (QR_WRAP_KEY_ID): a KMS-made P-256 data key pair per
 * 30 days, decrypted once per process and period and signing in memory — no KMS request per licence
 * (data-key-es256-signer.ts). Without: the KMS ECC_NIST_P256 key through `Sign` (it never leaves KMS). The
 * KMS key's public half stays in the published key set either way (licences signed before).
 */
import { DataKeyEs256Signer } from '../adapters/data-key-es256-signer.js';
import { KmsEs256Signer } from '../adapters/kms-es256-signer.js';
import { createKmsClient } from '../composition.js';
import type { CompositionParts } from './types.js';

export const qrParts: CompositionParts = {
  qrSigner: (config, client, keys) => {
    const kms = client ?? createKmsClient(config);
    const kmsKey = new KmsEs256Signer({ client: kms, keyId: config.kms.qrKeyId });
    if (!config.kms.qrWrapKeyId) return kmsKey;
    return new DataKeyEs256Signer({
      client: kms,
      wrapKeyId: config.kms.qrWrapKeyId,
      objects: keys.objects,
      clock: keys.clock,
      legacy: kmsKey,
    });
  },
};

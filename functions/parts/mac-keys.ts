/** Part: keys derived from the KMS HMAC key — holder lookup keys, list cursors, webhook secrets (`kms:GenerateMac`). */
import { KmsDerivedKeys, KmsHolderKeys, KmsPageCursors } from '../adapters/kms-mac-keys.js';
import { KmsWebhookSecrets } from '../adapters/kms-webhook-secrets.js';
import { createKmsClient } from '../composition.js';
import type { CompositionParts } from './types.js';

export const macKeyParts: CompositionParts = {
  macKeys: (config, client) => {
    const keys = new KmsDerivedKeys({
      client: client ?? createKmsClient(config),
      keyId: config.kms.macKeyId,
    });
    return {
      holderKeys: new KmsHolderKeys({ keys }),
      pageCursors: new KmsPageCursors({ keys }),
      webhookSecrets: new KmsWebhookSecrets({ keys }),
    };
  },
};

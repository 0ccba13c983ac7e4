/**
 * Webhook secrets sealed at rest with AES-256-GCM under a key derived from the deployment's KMS HMAC key
 * (`KmsDerivedKeys`, label `WEBHOOK_SECRET_LABEL`: one GenerateMac per cold start, no new KMS key). The
 * client id is the additional authenticated data, so a sealed secret copied onto another client's item does
 * not open. Whoever can read the table but not call GenerateMac learns nothing of the secrets.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { WebhookSecrets } from '../ports/webhooks.js';
import type { DerivedKeySource } from './kms-mac-keys.js';

export const WEBHOOK_SECRET_LABEL = 'zhengzhao/webhook-secret/v1';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export class KmsWebhookSecrets implements WebhookSecrets {
  readonly #keys: DerivedKeySource;

  constructor(options: { keys: DerivedKeySource }) {
    this.#keys = options.keys;
  }

  async seal(clientId: string, secret: Uint8Array): Promise<string> {
    const key = await this.#keys.derive(WEBHOOK_SECRET_LABEL);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(clientId, 'utf8'));
    const sealed = Buffer.concat([cipher.update(secret), cipher.final()]);
    return `v1.${Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url')}`;
  }

  async open(clientId: string, sealed: string): Promise<Uint8Array> {
    const key = await this.#keys.derive(WEBHOOK_SECRET_LABEL);
    if (!sealed.startsWith('v1.')) throw new Error('unknown webhook secret format');
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    if (bytes.length <= IV_BYTES + TAG_BYTES) throw new Error('sealed webhook secret too short');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES))
      .setAAD(Buffer.from(clientId, 'utf8'))
      .setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]);
  }
}

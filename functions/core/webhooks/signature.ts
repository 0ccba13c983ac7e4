/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com, spec "Signature scheme"): the signed content
 * is `msg_id + "." + timestamp + "." + body`, HMAC-SHA256 under the secret's decoded bytes, sent as
 * `webhook-signature: v1,<base64>`. Secrets are shown as `whsec_<base64>` of their bytes.
 */
import { createHmac } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';

/** Bytes of a new secret: 256 bits (the spec asks for 24 to 64 bytes). */
export const SECRET_BYTES = 32;

/** `whsec_<base64>` of the secret's bytes (as shown once to the client). */
export const formatSecret = (bytes: Uint8Array): string =>
  `${SECRET_PREFIX}${Buffer.from(bytes).toString('base64')}`;

/** The bytes of a `whsec_…` secret (the signing key is the decoded bytes, not the string). */
export function parseSecret(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return Buffer.from(encoded, 'base64');
}

/** `v1,<base64 HMAC-SHA256(secret, id.timestamp.body)>`; `timestamp` in seconds since the epoch. */
export function signWebhook(secret: Uint8Array, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

/** The request headers of one delivery attempt. */
export function webhookHeaders(
  secret: Uint8Array,
  id: string,
  timestamp: number,
  body: string,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(secret, id, timestamp, body),
  };
}

/**
 * HMAC keys of the local KMS endpoint (KeySpec HMAC_256, KeyUsage GENERATE_VERIFY_MAC): the secret is 32
 * random bytes kept in a file (0600) beside the endpoint's RSA keys. Operations as KMS answers them:
 * GenerateMac and VerifyMac with HMAC_SHA_256 (messages of 1..4096 bytes); any other algorithm is refused
 * as KMS refuses an algorithm a key does not offer.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const HMAC_KEY_SPEC = 'HMAC_256';
const MAC_ALGORITHM = 'HMAC_SHA_256';
/** Every MAC algorithm KMS knows: these are "not for this key", anything else is a ValidationException. */
const KMS_MAC_ALGORITHMS = new Set(['HMAC_SHA_224', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512']);
const MESSAGE_LIMIT = 4096;

/** Raised as a KMS error response (`__type`, message). */
export type KmsErrorFactory = (type: string, message: string) => Error;

/** Create a new HMAC key's secret file. */
export async function createHmacKeyFile(keyDir: string, keyId: string): Promise<void> {
  await writeFile(join(keyDir, `${keyId}.hmac`), randomBytes(32).toString('base64'), {
    mode: 0o600,
    flag: 'wx',
  });
}

/** Read an HMAC key's secret. */
export async function readHmacKeyFile(keyDir: string, keyId: string): Promise<Buffer> {
  const secret = Buffer.from((await readFile(join(keyDir, `${keyId}.hmac`), 'utf8')).trim(), 'base64');
  if (secret.length !== 32) throw new Error(`HMAC key ${keyId} is not 32 bytes`);
  return secret;
}

/** The description fields of an HMAC key (DescribeKey). */
export const hmacKeyDescription = () => ({
  KeySpec: HMAC_KEY_SPEC,
  CustomerMasterKeySpec: HMAC_KEY_SPEC,
  KeyUsage: 'GENERATE_VERIFY_MAC',
  MacAlgorithms: [MAC_ALGORITHM],
});

function macOf(secret: Buffer, body: Record<string, unknown>, error: KmsErrorFactory): Buffer {
  const algorithm = body.MacAlgorithm;
  if (typeof algorithm !== 'string' || !KMS_MAC_ALGORITHMS.has(algorithm)) {
    throw error(
      'ValidationException',
      `1 validation error detected: Value '${String(algorithm)}' at 'macAlgorithm' failed to satisfy constraint`,
    );
  }
  if (algorithm !== MAC_ALGORITHM)
    throw error('InvalidKeyUsageException', `${algorithm} is not supported by this key`);
  const message = Buffer.from(typeof body.Message === 'string' ? body.Message : '', 'base64');
  if (message.length === 0 || message.length > MESSAGE_LIMIT) {
    throw error('ValidationException', `Message must be 1 to ${MESSAGE_LIMIT} bytes`);
  }
  return createHmac('sha256', secret).update(message).digest();
}

/** GenerateMac: the MAC of `Message` under the key. */
export function generateMac(
  secret: Buffer,
  keyArn: string,
  body: Record<string, unknown>,
  error: KmsErrorFactory,
) {
  return {
    KeyId: keyArn,
    Mac: macOf(secret, body, error).toString('base64'),
    MacAlgorithm: body.MacAlgorithm,
  };
}

/** VerifyMac: whether `Mac` is the MAC of `Message` (KMSInvalidMacException when not). */
export function verifyMac(
  secret: Buffer,
  keyArn: string,
  body: Record<string, unknown>,
  error: KmsErrorFactory,
) {
  const expected = macOf(secret, body, error);
  const given = Buffer.from(typeof body.Mac === 'string' ? body.Mac : '', 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw error('KMSInvalidMacException', 'The MAC is not valid');
  }
  return { KeyId: keyArn, MacValid: true, MacAlgorithm: body.MacAlgorithm };
}

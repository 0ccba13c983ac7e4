/**
 * Symmetric keys of the local KMS endpoint (KeySpec SYMMETRIC_DEFAULT, KeyUsage ENCRYPT_DECRYPT): 32 random
 * bytes in a file (0600) beside the other keys, used with AES-256-GCM. What the product needs of them, as KMS
 * answers it: `GenerateDataKeyPair` / `GenerateDataKeyPairWithoutPlaintext` (ECC_NIST_P256: the licence QR's
 * signing key pairs, their private key returned encrypted under this key), `Decrypt` and `Encrypt`. The
 * encryption context is bound as additional authenticated data: decrypting with another context fails with
 * InvalidCiphertextException, as on KMS. The ciphertext names its key, so `Decrypt` needs no KeyId.
 */
import { createCipheriv, createDecipheriv, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KmsErrorFactory } from './kms-hmac.js';

export const SYMMETRIC_KEY_SPEC = 'SYMMETRIC_DEFAULT';
const FORMAT = 1;
const KEY_ID_BYTES = 36; // a UUID

/** Create a new symmetric key's file. */
export async function createSymmetricKeyFile(keyDir: string, keyId: string): Promise<void> {
  await writeFile(join(keyDir, `${keyId}.aes`), randomBytes(32).toString('base64'), {
    mode: 0o600,
    flag: 'wx',
  });
}

/** Read a symmetric key. */
export async function readSymmetricKeyFile(keyDir: string, keyId: string): Promise<Buffer> {
  const key = Buffer.from((await readFile(join(keyDir, `${keyId}.aes`), 'utf8')).trim(), 'base64');
  if (key.length !== 32) throw new Error(`symmetric key ${keyId} is not 32 bytes`);
  return key;
}

/** The description fields of a symmetric key (DescribeKey). */
export const symmetricKeyDescription = () => ({
  KeySpec: SYMMETRIC_KEY_SPEC,
  CustomerMasterKeySpec: SYMMETRIC_KEY_SPEC,
  KeyUsage: 'ENCRYPT_DECRYPT',
  EncryptionAlgorithms: [SYMMETRIC_KEY_SPEC],
});

/** The encryption context as additional authenticated data: its pairs sorted by name. */
function contextAad(context: unknown, error: KmsErrorFactory): Buffer {
  if (context === undefined) return Buffer.alloc(0);
  if (!context || typeof context !== 'object' || Array.isArray(context))
    throw error('ValidationException', 'EncryptionContext must be a map of strings');
  const pairs = Object.entries(context as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
  if (pairs.some(([, v]) => typeof v !== 'string'))
    throw error('ValidationException', 'EncryptionContext values must be strings');
  return Buffer.from(JSON.stringify(pairs), 'utf8');
}

/** A symmetric key as the operations need it. */
export interface SymmetricKey {
  keyId: string;
  arn: string;
  aesKey: Buffer;
}

export function encrypt(key: SymmetricKey, plaintext: Buffer, context: unknown, error: KmsErrorFactory) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.aesKey, iv);
  cipher.setAAD(contextAad(context, error));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const keyId = Buffer.from(key.keyId.padEnd(KEY_ID_BYTES).slice(0, KEY_ID_BYTES), 'latin1');
  return Buffer.concat([Buffer.of(FORMAT), keyId, iv, cipher.getAuthTag(), body]);
}

/** The key id a ciphertext names (undefined for a blob this endpoint did not make). */
export function keyIdOfCiphertext(blob: Buffer): string | undefined {
  if (blob.length < 1 + KEY_ID_BYTES + 28 || blob[0] !== FORMAT) return undefined;
  return blob
    .subarray(1, 1 + KEY_ID_BYTES)
    .toString('latin1')
    .trim();
}

export function decrypt(key: SymmetricKey, blob: Buffer, context: unknown, error: KmsErrorFactory): Buffer {
  if (keyIdOfCiphertext(blob) !== key.keyId) throw error('InvalidCiphertextException', 'Invalid ciphertext');
  const at = 1 + KEY_ID_BYTES;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.aesKey, blob.subarray(at, at + 12));
    decipher.setAAD(contextAad(context, error));
    decipher.setAuthTag(blob.subarray(at + 12, at + 28));
    return Buffer.concat([decipher.update(blob.subarray(at + 28)), decipher.final()]);
  } catch {
    // A wrong encryption context or a tampered blob: KMS names neither.
    throw error('InvalidCiphertextException', 'Invalid ciphertext');
  }
}

/** GenerateDataKeyPair(WithoutPlaintext): an ECC_NIST_P256 pair, its PKCS#8 private key encrypted. */
export function generateDataKeyPair(
  key: SymmetricKey,
  body: Record<string, unknown>,
  withPlaintext: boolean,
  error: KmsErrorFactory,
): Record<string, unknown> {
  if (body.KeyPairSpec !== 'ECC_NIST_P256')
    throw error('ValidationException', `KeyPairSpec ${String(body.KeyPairSpec)} is not supported locally`);
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const privateDer = pair.privateKey.export({ type: 'pkcs8', format: 'der' });
  const publicDer = pair.publicKey.export({ type: 'spki', format: 'der' });
  return {
    KeyId: key.arn,
    KeyPairSpec: 'ECC_NIST_P256',
    PublicKey: publicDer.toString('base64'),
    PrivateKeyCiphertextBlob: encrypt(key, privateDer, body.EncryptionContext, error).toString('base64'),
    ...(withPlaintext ? { PrivateKeyPlaintext: privateDer.toString('base64') } : {}),
  };
}

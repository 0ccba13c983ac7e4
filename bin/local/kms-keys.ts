/**
 * The local KMS endpoint's keys (kms-endpoint.ts): created on first start under `keyDir` — RSA 3072 and
 * ECC NIST P-256 signing keys as PKCS#8 PEM files, SM2 keys as ECPrivateKey PEM files (kms-sm2.ts), the
 * HMAC_256 key as a secret file (kms-hmac.ts), the SYMMETRIC_DEFAULT key as one too (kms-symmetric.ts), all
 * 0600 — and found again by key id, key ARN, alias name or alias ARN, with KMS's errors when a key is
 * missing or of the wrong usage. A key directory from before a key existed gets it added on the next start.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createHmacKeyFile, HMAC_KEY_SPEC, readHmacKeyFile } from './kms-hmac.js';
import { createSm2KeyFile, readSm2KeyFile, SM2_KEY_SPEC } from './kms-sm2.js';
import { createSymmetricKeyFile, readSymmetricKeyFile, SYMMETRIC_KEY_SPEC } from './kms-symmetric.js';

export const RSA_KEY_SPEC = 'RSA_3072';
export const ECC_KEY_SPEC = 'ECC_NIST_P256';
/** The key specs of the endpoint's signing keys. */
export type SigningKeySpec = typeof RSA_KEY_SPEC | typeof ECC_KEY_SPEC | typeof SM2_KEY_SPEC;

export interface StoredKey {
  keyId: string;
  alias: string;
  createdAt: string;
  /** Absent: RSA_3072 (keys files from before HMAC and ECC keys existed say nothing). */
  keySpec?: typeof HMAC_KEY_SPEC | typeof ECC_KEY_SPEC | typeof SM2_KEY_SPEC | typeof SYMMETRIC_KEY_SPEC;
}

/**
 * A signing key (RSA or ECC: `privateKey`; SM2: `sm2PrivateKey`), an HMAC key (`secret`) or a symmetric
 * encryption key (`aesKey`).
 */
export type LoadedKey = StoredKey &
  (
    | { privateKey: KeyObject; publicKeyDer: Buffer; secret?: never; sm2PrivateKey?: never; aesKey?: never }
    | { sm2PrivateKey: Uint8Array; publicKeyDer: Buffer; privateKey?: never; secret?: never; aesKey?: never }
    | { secret: Buffer; privateKey?: never; sm2PrivateKey?: never; aesKey?: never }
    | { aesKey: Buffer; secret?: never; privateKey?: never; sm2PrivateKey?: never }
  );

/** A signing key as Sign/Verify/GetPublicKey need it. */
export type LoadedSigningKey = StoredKey &
  (
    | { privateKey: KeyObject; publicKeyDer: Buffer; sm2PrivateKey?: never }
    | { sm2PrivateKey: Uint8Array; publicKeyDer: Buffer; privateKey?: never }
  );

export const ACCOUNT_ARN = 'arn:aws:kms:local:000000000000';
export const ALIASES = {
  seal: 'alias/zhengzhao-seal',
  root: 'alias/zhengzhao-root',
  mac: 'alias/zhengzhao-mac',
  /** ES256: the offline payload of the licence QR (COSE_Sign1). */
  qr: 'alias/zhengzhao-qr',
  /** ES256: the token status lists (JWT). */
  status: 'alias/zhengzhao-status',
  /** SM2: the OFD rendition's electronic seal (GB/T 38540), the seal holder's key. */
  ofdSeal: 'alias/zhengzhao-ofd-seal',
  /** SM2: the OFD seal maker's key (root of the SM2 chain; makes the SESeal objects). */
  ofdMaker: 'alias/zhengzhao-ofd-maker',
  /** SYMMETRIC_DEFAULT: encrypts the licence QR's data key pairs (GenerateDataKeyPairWithoutPlaintext). */
  qrWrap: 'alias/zhengzhao-qr-wrap',
} as const;

/** The spec of each alias's key: RSA unless named here. */
const KEY_SPECS: Partial<Record<string, StoredKey['keySpec']>> = {
  [ALIASES.mac]: HMAC_KEY_SPEC,
  [ALIASES.qr]: ECC_KEY_SPEC,
  [ALIASES.status]: ECC_KEY_SPEC,
  [ALIASES.ofdSeal]: SM2_KEY_SPEC,
  [ALIASES.ofdMaker]: SM2_KEY_SPEC,
  [ALIASES.qrWrap]: SYMMETRIC_KEY_SPEC,
};

/** A KMS error response: `{"__type": name, "message"}` with HTTP 400. */
export class KmsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export const arnOf = (keyId: string) => `${ACCOUNT_ARN}:key/${keyId}`;

export async function loadOrCreateKeys(keyDir: string): Promise<LoadedKey[]> {
  await mkdir(keyDir, { recursive: true, mode: 0o700 });
  const indexFile = join(keyDir, 'keys.json');
  const stored: StoredKey[] = await readFile(indexFile, 'utf8').then(
    (text) => (JSON.parse(text) as { keys: StoredKey[] }).keys,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  const missing = Object.values(ALIASES).filter((alias) => !stored.some((key) => key.alias === alias));
  for (const alias of missing) {
    const keySpec = KEY_SPECS[alias];
    const key: StoredKey = { keyId: randomUUID(), alias, createdAt: new Date().toISOString() };
    if (keySpec) key.keySpec = keySpec;
    if (keySpec === HMAC_KEY_SPEC) await createHmacKeyFile(keyDir, key.keyId);
    else if (keySpec === SM2_KEY_SPEC) await createSm2KeyFile(keyDir, key.keyId);
    else if (keySpec === SYMMETRIC_KEY_SPEC) await createSymmetricKeyFile(keyDir, key.keyId);
    else await createSigningKeyFile(keyDir, key.keyId, keySpec ?? RSA_KEY_SPEC);
    stored.push(key);
  }
  if (missing.length > 0) {
    // Write-then-rename so a crash never leaves a half-written index that would orphan the key files.
    await writeFile(`${indexFile}.tmp`, JSON.stringify({ keys: stored }, null, 2), { mode: 0o600 });
    await rename(`${indexFile}.tmp`, indexFile);
  }
  return Promise.all(
    stored.map(async (key): Promise<LoadedKey> => {
      if (key.keySpec === HMAC_KEY_SPEC) return { ...key, secret: await readHmacKeyFile(keyDir, key.keyId) };
      if (key.keySpec === SM2_KEY_SPEC) return { ...key, ...(await readSm2KeyFile(keyDir, key.keyId)) };
      if (key.keySpec === SYMMETRIC_KEY_SPEC)
        return { ...key, aesKey: await readSymmetricKeyFile(keyDir, key.keyId) };
      const privateKey = createPrivateKey(await readFile(join(keyDir, `${key.keyId}.pem`), 'utf8'));
      const publicKeyDer = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
      return { ...key, privateKey, publicKeyDer };
    }),
  );
}

async function createSigningKeyFile(
  keyDir: string,
  keyId: string,
  keySpec: typeof RSA_KEY_SPEC | typeof ECC_KEY_SPEC,
): Promise<void> {
  const { privateKey } =
    keySpec === ECC_KEY_SPEC
      ? await promisify(generateKeyPair)('ec', { namedCurve: 'P-256' })
      : await promisify(generateKeyPair)('rsa', { modulusLength: 3072 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  await writeFile(join(keyDir, `${keyId}.pem`), pem, { mode: 0o600, flag: 'wx' });
}

/** The spec of a signing key. */
export const signingKeySpecOf = (key: StoredKey): SigningKeySpec =>
  key.keySpec === ECC_KEY_SPEC || key.keySpec === SM2_KEY_SPEC ? key.keySpec : RSA_KEY_SPEC;

export function resolveKey(keys: LoadedKey[], keyId: unknown): LoadedKey {
  if (typeof keyId !== 'string' || keyId.length === 0)
    throw new KmsError('ValidationException', 'KeyId is required');
  const aliasName = keyId.startsWith('alias/')
    ? keyId
    : /^arn:[^:]+:kms:[^:]*:\d*:(alias\/.+)$/.exec(keyId)?.[1];
  const id = aliasName ? undefined : (/^arn:[^:]+:kms:[^:]*:\d*:key\/(.+)$/.exec(keyId)?.[1] ?? keyId);
  const key = keys.find((candidate) => (aliasName ? candidate.alias === aliasName : candidate.keyId === id));
  if (!key) {
    throw new KmsError(
      'NotFoundException',
      aliasName
        ? `Alias ${ACCOUNT_ARN}:${aliasName} is not found.`
        : `Key '${arnOf(id ?? keyId)}' does not exist`,
    );
  }
  return key;
}

/** The key, which must be a signing key (InvalidKeyUsageException for an HMAC key, as KMS answers). */
export function signingKey(keys: LoadedKey[], keyId: unknown): LoadedSigningKey {
  const key = resolveKey(keys, keyId);
  if (key.secret || key.aesKey)
    throw new KmsError('InvalidKeyUsageException', `${arnOf(key.keyId)} is not a signing key`);
  return key;
}

/** The key, which must be a symmetric encryption key (InvalidKeyUsageException otherwise). */
export function encryptionKey(keys: LoadedKey[], keyId: unknown): { aesKey: Buffer } & StoredKey {
  const key = resolveKey(keys, keyId);
  if (!key.aesKey)
    throw new KmsError('InvalidKeyUsageException', `${arnOf(key.keyId)} is not an ENCRYPT_DECRYPT key`);
  return key;
}

/** The key, which must be an HMAC key (InvalidKeyUsageException for a signing key, as KMS answers). */
export function macKey(keys: LoadedKey[], keyId: unknown): { secret: Buffer } & StoredKey {
  const key = resolveKey(keys, keyId);
  if (!key.secret) throw new KmsError('InvalidKeyUsageException', `${arnOf(key.keyId)} is not an HMAC key`);
  return key;
}

export const kmsError = (type: string, message: string) => new KmsError(type, message);

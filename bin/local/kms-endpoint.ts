/**
 * A KMS-compatible endpoint for the local runtime (there is no KMS emulator on npm): the real
 * `@aws-sdk/client-kms` talks to it over the JSON 1.1 protocol, so the KMS seal-signer adapter runs unchanged.
 * Two RSA 3072 signing keys (seal, root) and two ECC NIST P-256 ones (qr: the licence QR's offline payload,
 * status: the token status lists) are generated on first start and kept as PKCS#8 PEM files (0600) under
 * `keyDir` with stable key ids, two SM2 keys (ofdSeal, ofdMaker: the OFD rendition's seal and its maker; SM2DSA,
 * RAW with the default signer ID or DIGEST, kms-sm2.ts), and one HMAC_256 key (mac: holder lookup keys, list cursors) as a secret file
 * (kms-hmac.ts), and one SYMMETRIC_DEFAULT key (qrWrap: encrypts the licence QR's data key pairs; kms-symmetric.ts).
 * Operations: Sign, Verify, GetPublicKey, DescribeKey, GenerateMac, VerifyMac, GenerateDataKeyPair,
 * GenerateDataKeyPairWithoutPlaintext, Encrypt, Decrypt.
 * Differences from KMS: only RSASSA_PKCS1_V1_5, ECDSA_SHA_256, SM2DSA and HMAC_SHA_256, no SigV4 check, no grants or
 * key policies.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateMac, hmacKeyDescription, verifyMac } from './kms-hmac.js';
import {
  ALIASES,
  arnOf,
  encryptionKey,
  KmsError,
  kmsError,
  type LoadedKey,
  type LoadedSigningKey,
  loadOrCreateKeys,
  macKey,
  resolveKey,
  signingKey,
  signingKeySpecOf,
} from './kms-keys.js';
import { SIGNING_ALGORITHMS, type SigningKey, signWith, verifyWith } from './kms-signing.js';
import { SM2_KEY_SPEC } from './kms-sm2.js';
import {
  decrypt,
  encrypt,
  generateDataKeyPair,
  keyIdOfCiphertext,
  symmetricKeyDescription,
} from './kms-symmetric.js';

/** The running endpoint: its URL (for `new KMSClient({ endpoint })`), the key ids, and a way to stop it. */
export interface KmsEndpoint {
  endpoint: string;
  keys: {
    seal: string;
    root: string;
    mac: string;
    qr: string;
    status: string;
    /** SM2 (SM2DSA): the OFD seal holder's key and the seal maker's key. */
    ofdSeal: string;
    ofdMaker: string;
    /** SYMMETRIC_DEFAULT: encrypts the licence QR's data key pairs. */
    qrWrap: string;
  };
  close(): Promise<void>;
}

function keyDescription(key: LoadedKey) {
  if (key.secret) return { KeyId: arnOf(key.keyId), ...hmacKeyDescription() };
  if (key.aesKey) return { KeyId: arnOf(key.keyId), ...symmetricKeyDescription() };
  const keySpec = signingKeySpecOf(key);
  return {
    KeyId: arnOf(key.keyId),
    KeySpec: keySpec,
    CustomerMasterKeySpec: keySpec,
    KeyUsage: 'SIGN_VERIFY',
    SigningAlgorithms: SIGNING_ALGORITHMS[keySpec],
  };
}

/** The private half of a signing key, as kms-signing.ts takes it. */
function signingMaterial(key: LoadedSigningKey): SigningKey {
  if (key.sm2PrivateKey) return { keySpec: SM2_KEY_SPEC, sm2PrivateKey: key.sm2PrivateKey };
  const keySpec = signingKeySpecOf(key);
  if (keySpec === SM2_KEY_SPEC) throw new Error('SM2 key without its private key');
  return { keySpec, privateKey: key.privateKey };
}

type Operation = (keys: LoadedKey[], body: Record<string, unknown>) => Record<string, unknown>;

/** The supported operations; each checks that the key's usage fits (SIGN_VERIFY or GENERATE_VERIFY_MAC). */
const OPERATIONS: Record<string, Operation> = {
  Sign(keys, body) {
    const key = signingKey(keys, body.KeyId);
    const signature = signWith(signingMaterial(key), body);
    return {
      KeyId: arnOf(key.keyId),
      Signature: signature.toString('base64'),
      SigningAlgorithm: body.SigningAlgorithm,
    };
  },
  Verify(keys, body) {
    const key = signingKey(keys, body.KeyId);
    const signature = Buffer.from(typeof body.Signature === 'string' ? body.Signature : '', 'base64');
    if (!verifyWith(signingMaterial(key), body, signature)) {
      throw new KmsError('KMSInvalidSignatureException', 'Signature is not valid');
    }
    return { KeyId: arnOf(key.keyId), SignatureValid: true, SigningAlgorithm: body.SigningAlgorithm };
  },
  GetPublicKey(keys, body) {
    const key = signingKey(keys, body.KeyId);
    return { ...keyDescription(key), PublicKey: key.publicKeyDer.toString('base64') };
  },
  DescribeKey(keys, body) {
    const key = resolveKey(keys, body.KeyId);
    const { CustomerMasterKeySpec, ...description } = keyDescription(key);
    return {
      KeyMetadata: {
        ...description,
        CustomerMasterKeySpec,
        KeyId: key.keyId,
        Arn: arnOf(key.keyId),
        AWSAccountId: '000000000000',
        CreationDate: Date.parse(key.createdAt) / 1000,
        Enabled: true,
        KeyState: 'Enabled',
        KeyManager: 'CUSTOMER',
        Origin: 'AWS_KMS',
        Description: `local ${key.alias}`,
      },
    };
  },
  GenerateMac(keys, body) {
    const key = macKey(keys, body.KeyId);
    return generateMac(key.secret, arnOf(key.keyId), body, kmsError);
  },
  VerifyMac(keys, body) {
    const key = macKey(keys, body.KeyId);
    return verifyMac(key.secret, arnOf(key.keyId), body, kmsError);
  },
  GenerateDataKeyPair: (keys, body) => generateDataKeyPair(symmetric(keys, body.KeyId), body, true, kmsError),
  GenerateDataKeyPairWithoutPlaintext: (keys, body) =>
    generateDataKeyPair(symmetric(keys, body.KeyId), body, false, kmsError),
  Encrypt(keys, body) {
    const key = symmetric(keys, body.KeyId);
    const plaintext = Buffer.from(typeof body.Plaintext === 'string' ? body.Plaintext : '', 'base64');
    if (plaintext.length === 0 || plaintext.length > 4096)
      throw new KmsError('ValidationException', 'Plaintext must be 1 to 4096 bytes');
    return {
      KeyId: key.arn,
      CiphertextBlob: encrypt(key, plaintext, body.EncryptionContext, kmsError).toString('base64'),
      EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    };
  },
  Decrypt(keys, body) {
    const blob = Buffer.from(typeof body.CiphertextBlob === 'string' ? body.CiphertextBlob : '', 'base64');
    const named = keyIdOfCiphertext(blob);
    if (!named) throw new KmsError('InvalidCiphertextException', 'Invalid ciphertext');
    const key = symmetric(keys, named);
    // A KeyId given must be the one the ciphertext was made with (IncorrectKeyException on KMS).
    if (body.KeyId !== undefined && symmetric(keys, body.KeyId).keyId !== key.keyId)
      throw new KmsError('IncorrectKeyException', 'The key ID in the request does not identify the key used');
    return {
      KeyId: key.arn,
      Plaintext: decrypt(key, blob, body.EncryptionContext, kmsError).toString('base64'),
      EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    };
  },
};

/** The symmetric key `keyId` names, as the encryption operations take it. */
function symmetric(keys: LoadedKey[], keyId: unknown) {
  const key = encryptionKey(keys, keyId);
  return { keyId: key.keyId, arn: arnOf(key.keyId), aesKey: key.aesKey };
}

const BODY_LIMIT = 1024 * 1024;

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) throw new KmsError('ValidationException', 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new TypeError('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw new KmsError('SerializationException', 'Request body is not a JSON object');
  }
}

async function handle(keys: LoadedKey[], request: IncomingMessage, response: ServerResponse): Promise<void> {
  const reply = (status: number, body: Record<string, unknown>, errorType?: string) => {
    response.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': randomUUID(),
      ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    });
    response.end(JSON.stringify(body));
  };
  try {
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('TrentService.')
      ? OPERATIONS[target.slice('TrentService.'.length)]
      : undefined;
    if (request.method !== 'POST' || !operation) {
      throw new KmsError('UnknownOperationException', `Unknown operation ${target}`);
    }
    reply(200, operation(keys, await readJson(request)));
  } catch (error) {
    if (error instanceof KmsError) reply(400, { __type: error.type, message: error.message }, error.type);
    else reply(500, { __type: 'KMSInternalException', message: 'Internal error' }, 'KMSInternalException');
  }
}

/**
 * Start the endpoint on 127.0.0.1 (port 0 = any free port unless given). Keys are created on first start
 * and reused afterwards, so certificates issued for them stay valid across restarts.
 */
export async function startKmsEndpoint(options: { keyDir: string; port?: number }): Promise<KmsEndpoint> {
  const keys = await loadOrCreateKeys(options.keyDir);
  // `handle` answers every failure itself; should answering fail too, drop the connection — a rejection
  // nobody handles would end the storage thread, and with it every request's storage.
  const server = createServer((request, response) => {
    handle(keys, request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const idOf = (alias: string) => keys.find((key) => key.alias === alias)?.keyId ?? '';
  return {
    endpoint: `http://127.0.0.1:${port}`,
    keys: {
      seal: idOf(ALIASES.seal),
      root: idOf(ALIASES.root),
      mac: idOf(ALIASES.mac),
      qr: idOf(ALIASES.qr),
      status: idOf(ALIASES.status),
      ofdSeal: idOf(ALIASES.ofdSeal),
      ofdMaker: idOf(ALIASES.ofdMaker),
      qrWrap: idOf(ALIASES.qrWrap),
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * A KMS-compatible endpoint for the local runtime (there is no KMS emulator on npm): the real
 * `@aws-sdk/client-kms` talks to it over the JSON 1.1 protocol, so the KMS seal-signer adapter runs unchanged.
 * Two RSA 3072 signing keys (seal, root) are generated on first start and kept as PKCS#8 PEM files (0600)
 * under `keyDir` with stable key ids, and one HMAC_256 key (mac: holder lookup keys, list cursors) as a
 * secret file (kms-hmac.ts). Operations: Sign, Verify, GetPublicKey, DescribeKey, GenerateMac, VerifyMac.
 * Differences from KMS: only RSASSA_PKCS1_V1_5 and HMAC_SHA_256, no SigV4 check, no grants or key policies.
 */
import {
  constants,
  createHash,
  privateEncrypt,
  publicDecrypt,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateMac, hmacKeyDescription, verifyMac } from './kms-hmac.js';
import {
  ALIASES,
  arnOf,
  KmsError,
  kmsError,
  type LoadedKey,
  loadOrCreateKeys,
  macKey,
  resolveKey,
  signingKey,
} from './kms-keys.js';

/** The running endpoint: its URL (for `new KMSClient({ endpoint })`), the key ids, and a way to stop it. */
export interface KmsEndpoint {
  endpoint: string;
  keys: { seal: string; root: string; mac: string };
  close(): Promise<void>;
}

const KEY_SPEC = 'RSA_3072';

/** PKCS#1 v1.5 DigestInfo prefixes (RFC 8017 §9.2 note 1) by KMS algorithm, with the digest length. */
const ALGORITHMS: Record<string, { hash: string; digestLength: number; digestInfo: string }> = {
  RSASSA_PKCS1_V1_5_SHA_256: {
    hash: 'sha256',
    digestLength: 32,
    digestInfo: '3031300d060960864801650304020105000420',
  },
  RSASSA_PKCS1_V1_5_SHA_384: {
    hash: 'sha384',
    digestLength: 48,
    digestInfo: '3041300d060960864801650304020205000430',
  },
  RSASSA_PKCS1_V1_5_SHA_512: {
    hash: 'sha512',
    digestLength: 64,
    digestInfo: '3051300d060960864801650304020305000440',
  },
};
/** Every signing algorithm KMS knows: these are "not for this key", anything else is a ValidationException. */
const KMS_SIGNING_ALGORITHMS = new Set([
  ...Object.keys(ALGORITHMS),
  ...['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'ECDSA_SHA_256', 'ECDSA_SHA_384'],
  ...['ECDSA_SHA_512', 'SM2DSA', 'ML_DSA_SHAKE_256', 'ED25519_SHA_512', 'ED25519_PH_SHA_512'],
]);
const RAW_MESSAGE_LIMIT = 4096;

function algorithmFor(name: unknown) {
  if (typeof name !== 'string' || !KMS_SIGNING_ALGORITHMS.has(name)) {
    throw new KmsError(
      'ValidationException',
      `1 validation error detected: Value '${String(name)}' at 'signingAlgorithm' failed to satisfy constraint`,
    );
  }
  const algorithm = ALGORITHMS[name];
  if (!algorithm) throw new KmsError('InvalidKeyUsageException', `${name} is not supported by this key`);
  return algorithm;
}

/** What PKCS#1 v1.5 signs: DigestInfo ‖ digest, the digest given (DIGEST) or computed here (RAW). */
function encodedDigest(body: Record<string, unknown>): Buffer {
  const algorithm = algorithmFor(body.SigningAlgorithm);
  const message = Buffer.from(typeof body.Message === 'string' ? body.Message : '', 'base64');
  if (message.length === 0) throw new KmsError('ValidationException', 'Message is required');
  const messageType = body.MessageType ?? 'RAW';
  if (messageType === 'DIGEST' && message.length !== algorithm.digestLength) {
    throw new KmsError(
      'ValidationException',
      `Digest is invalid length for algorithm ${body.SigningAlgorithm}.`,
    );
  }
  if (messageType === 'RAW' && message.length > RAW_MESSAGE_LIMIT) {
    throw new KmsError('ValidationException', 'Message is longer than 4096 bytes; use MessageType DIGEST');
  }
  if (messageType !== 'DIGEST' && messageType !== 'RAW') {
    throw new KmsError('ValidationException', `Invalid MessageType ${String(messageType)}`);
  }
  const digest = messageType === 'DIGEST' ? message : createHash(algorithm.hash).update(message).digest();
  return Buffer.concat([Buffer.from(algorithm.digestInfo, 'hex'), digest]);
}

function keyDescription(key: LoadedKey) {
  if (key.secret) return { KeyId: arnOf(key.keyId), ...hmacKeyDescription() };
  return {
    KeyId: arnOf(key.keyId),
    KeySpec: KEY_SPEC,
    CustomerMasterKeySpec: KEY_SPEC,
    KeyUsage: 'SIGN_VERIFY',
    SigningAlgorithms: Object.keys(ALGORITHMS),
  };
}

type Operation = (keys: LoadedKey[], body: Record<string, unknown>) => Record<string, unknown>;

/** The supported operations; each checks that the key's usage fits (SIGN_VERIFY or GENERATE_VERIFY_MAC). */
const OPERATIONS: Record<string, Operation> = {
  Sign(keys, body) {
    const key = signingKey(keys, body.KeyId);
    const signature = privateEncrypt(
      { key: key.privateKey, padding: constants.RSA_PKCS1_PADDING },
      encodedDigest(body),
    );
    return {
      KeyId: arnOf(key.keyId),
      Signature: signature.toString('base64'),
      SigningAlgorithm: body.SigningAlgorithm,
    };
  },
  Verify(keys, body) {
    const key = signingKey(keys, body.KeyId);
    const expected = encodedDigest(body);
    const signature = Buffer.from(typeof body.Signature === 'string' ? body.Signature : '', 'base64');
    let recovered: Buffer | undefined;
    try {
      recovered = publicDecrypt({ key: key.privateKey, padding: constants.RSA_PKCS1_PADDING }, signature);
    } catch {
      recovered = undefined;
    }
    if (!recovered || recovered.length !== expected.length || !timingSafeEqual(recovered, expected)) {
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
};

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
    keys: { seal: idOf(ALIASES.seal), root: idOf(ALIASES.root), mac: idOf(ALIASES.mac) },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * A KMS-compatible endpoint for the local runtime (there is no KMS emulator on npm): the real
 * `@aws-sdk/client-kms` talks to it over the JSON 1.1 protocol, so the KMS seal-signer adapter runs unchanged.
 * Two RSA 3072 signing keys (seal, root) are generated on first start and kept as PKCS#8 PEM files (0600)
 * under `keyDir` with stable key ids. Operations: Sign, Verify, GetPublicKey, DescribeKey.
 * Differences from KMS: only RSASSA_PKCS1_V1_5 algorithms, no SigV4 check, no grants or key policies.
 */
import {
  constants,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  type KeyObject,
  privateEncrypt,
  publicDecrypt,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** The running endpoint: its URL (for `new KMSClient({ endpoint })`), the key ids, and a way to stop it. */
export interface KmsEndpoint {
  endpoint: string;
  keys: { seal: string; root: string };
  close(): Promise<void>;
}

interface StoredKey {
  keyId: string;
  alias: string;
  createdAt: string;
}

interface LoadedKey extends StoredKey {
  privateKey: KeyObject;
  publicKeyDer: Buffer;
}

const ACCOUNT_ARN = 'arn:aws:kms:local:000000000000';
const ALIASES = { seal: 'alias/zhengzhao-seal', root: 'alias/zhengzhao-root' } as const;
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

/** A KMS error response: `{"__type": name, "message"}` with HTTP 400. */
class KmsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const arnOf = (keyId: string) => `${ACCOUNT_ARN}:key/${keyId}`;

async function loadOrCreateKeys(keyDir: string): Promise<LoadedKey[]> {
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
    const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 3072 });
    const key: StoredKey = { keyId: randomUUID(), alias, createdAt: new Date().toISOString() };
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
    await writeFile(join(keyDir, `${key.keyId}.pem`), pem, { mode: 0o600, flag: 'wx' });
    stored.push(key);
  }
  if (missing.length > 0) {
    // Write-then-rename so a crash never leaves a half-written index that would orphan the key files.
    await writeFile(`${indexFile}.tmp`, JSON.stringify({ keys: stored }, null, 2), { mode: 0o600 });
    await rename(`${indexFile}.tmp`, indexFile);
  }
  return Promise.all(
    stored.map(async (key) => {
      const privateKey = createPrivateKey(await readFile(join(keyDir, `${key.keyId}.pem`), 'utf8'));
      const publicKeyDer = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
      return { ...key, privateKey, publicKeyDer };
    }),
  );
}

function resolveKey(keys: LoadedKey[], keyId: unknown): LoadedKey {
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
  return {
    KeyId: arnOf(key.keyId),
    KeySpec: KEY_SPEC,
    CustomerMasterKeySpec: KEY_SPEC,
    KeyUsage: 'SIGN_VERIFY',
    SigningAlgorithms: Object.keys(ALGORITHMS),
  };
}

type Operation = (keys: LoadedKey[], body: Record<string, unknown>) => Record<string, unknown>;

/** The supported operations; every key here is SIGN_VERIFY, so Sign/Verify need no further usage check. */
const OPERATIONS: Record<string, Operation> = {
  Sign(keys, body) {
    const key = resolveKey(keys, body.KeyId);
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
    const key = resolveKey(keys, body.KeyId);
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
    const key = resolveKey(keys, body.KeyId);
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
    keys: { seal: idOf(ALIASES.seal), root: idOf(ALIASES.root) },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

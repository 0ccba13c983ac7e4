/**
 * The local runtime's own time-stamping authority (RFC 3161 over HTTP, RFC 3161 §3.4), so `npm start` seals
 * PAdES B-T licences without an external service. Its key is an RSA 2048 key file under `$DATA_DIR/keys`
 * (0600, created on first start, never committed); its certificate is issued by the local root CA (the root key
 * in the local KMS endpoint) with the critical id-kp-timeStamping EKU and kept at `pki/tsa-certificates.pem`,
 * issued again when the runtime's clock (`NOW`) lies outside it or the API's base URL changed. Listens on
 * 127.0.0.1 only. `POST /outage` with body `on`/`off` simulates a TSA outage for tests and demos.
 */
import {
  constants,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  type KeyObject,
  privateEncrypt,
  X509Certificate,
} from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { answerTimeStampRequest, type TsaIdentity } from '../../functions/core/timestamp/answer-request.js';
import type { SealSigner } from '../../functions/ports/seal-signer.js';

const KEY_FILE = 'tsa-key.pem';
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');
const MAX_REQUEST_BYTES = 4096;

/** A SealSigner over a node:crypto RSA key: PKCS#1 v1.5 over DigestInfo(SHA-256) ‖ digest, like KMS DIGEST. */
export function rsaKeySigner(privateKey: KeyObject): SealSigner {
  const spki = new Uint8Array(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
  return {
    algorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
    sign: async (digest) =>
      new Uint8Array(
        privateEncrypt(
          { key: privateKey, padding: constants.RSA_PKCS1_PADDING },
          Buffer.concat([SHA256_DIGEST_INFO, digest]),
        ),
      ),
    publicKey: async () => spki,
  };
}

/** The TSA key from `keyDir/tsa-key.pem`, created (RSA 2048) on first start. */
export async function loadOrCreateTsaKey(keyDir: string): Promise<KeyObject> {
  const file = join(keyDir, KEY_FILE);
  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing) return createPrivateKey(existing);
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  await writeFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  return privateKey;
}

/** True when `certificate` (DER) certifies `key` and is valid at `now`. */
export function tsaCertificateUsable(certificate: Uint8Array, key: KeyObject, now: Date): boolean {
  const x509 = new X509Certificate(Buffer.from(certificate));
  return (
    x509.publicKey.equals(createPublicKey(key)) &&
    new Date(x509.validFrom) <= now &&
    now < new Date(x509.validTo)
  );
}

/** The running TSA. */
export interface TsaEndpoint {
  url: string;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) resolve(undefined);
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Serve RFC 3161 on 127.0.0.1 (`port` 0: any free port). */
export async function startTsaEndpoint(identity: TsaIdentity, port = 0): Promise<TsaEndpoint> {
  let outage = false;
  const server = createServer(async (request, response) => {
    try {
      const body = await readBody(request);
      if (request.method === 'POST' && request.url === '/outage') {
        outage = body?.toString().trim() === 'on';
        response.writeHead(204).end();
        return;
      }
      if (outage) {
        response.writeHead(503, { 'retry-after': '1' }).end();
        return;
      }
      const type = request.headers['content-type'] ?? '';
      if (request.method !== 'POST' || !type.startsWith('application/timestamp-query') || !body) {
        response.writeHead(request.method === 'POST' ? 415 : 405).end();
        return;
      }
      const reply = await answerTimeStampRequest(new Uint8Array(body), identity);
      response.writeHead(200, {
        'content-type': 'application/timestamp-reply',
        'content-length': reply.length,
      });
      response.end(reply);
    } catch {
      response.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

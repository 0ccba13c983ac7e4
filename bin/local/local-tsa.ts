/**
 * Starts the local runtime's TSA (tsa-endpoint.ts): its key file under `$DATA_DIR/keys`, its certificate issued
 * by the local root (KMS root key) and stored at `pki/tsa-certificates.pem` for
 * `GET /.well-known/tsa-certificates.pem`, issued again when it does not fit the key, the clock or the base URL.
 */
import { X509Certificate } from 'node:crypto';
import { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { KmsSealSigner } from '../../functions/adapters/kms-seal-signer.js';
import { TSA_CERTIFICATES_KEY } from '../../functions/adapters/pki-objects.js';
import { S3ObjectStore } from '../../functions/adapters/s3-object-store.js';
import { SealChainStore } from '../../functions/adapters/seal-chain-store.js';
import { CryptoRandom } from '../../functions/adapters/system-clock.js';
import { fromPem, toPem } from '../../functions/core/pki/pem.js';
import { revocationPointersOf } from '../../functions/core/pki/revocation-pointers.js';
import { PLATFORM_SEAL_ORGANIZATION, revocationUrls } from '../../functions/core/pki/seal-chain.js';
import { issueTsaCertificate } from '../../functions/core/timestamp/tsa-certificate.js';
import type { Clock } from '../../functions/ports/clock.js';
import { LOCAL_REGION } from './aws-clients.js';
import type { StorageServices } from './storage-thread.js';
import { loadOrCreateTsaKey, rsaKeySigner, type TsaEndpoint, tsaCertificateUsable } from './tsa-endpoint.js';
import { startTsaThread } from './tsa-thread.js';

export const LOCAL_TSA_NAME = '湖南省政务服务电子证照时间戳服务（本地）';

/** Make sure a usable TSA certificate is stored, then serve the TSA on 127.0.0.1. */
export async function startLocalTsa(options: {
  kms: StorageServices['kms'];
  s3: S3Client;
  bucket: string;
  clock: Clock;
  keyDir: string;
  publicBaseUrl: string;
}): Promise<TsaEndpoint & { issued: boolean }> {
  const objects = new S3ObjectStore({ client: options.s3, bucket: options.bucket });
  const key = await loadOrCreateTsaKey(options.keyDir);
  const signer = rsaKeySigner(key);
  const revocation = revocationUrls(options.publicBaseUrl);
  const storedPem = await objects.get(TSA_CERTIFICATES_KEY);
  const stored = storedPem ? fromPem('CERTIFICATE', new TextDecoder().decode(storedPem))[0] : undefined;
  const now = options.clock.now();
  let certificate = stored;
  const fits =
    stored &&
    tsaCertificateUsable(stored, key, now) &&
    revocationPointersOf(stored).ocsp.includes(revocation.ocsp);
  if (!fits) certificate = await issue(options, await signer.publicKey(), revocation);
  if (!certificate) throw new Error('no TSA certificate');
  if (!fits) {
    await objects.put(TSA_CERTIFICATES_KEY, new TextEncoder().encode(toPem('CERTIFICATE', certificate)), {
      contentType: 'application/x-pem-file',
    });
  }
  // Served from a thread of its own (tsa-thread.ts), reading the runtime's clock: it runs at a fixed offset.
  const endpoint = await startTsaThread({
    tsaKeyDir: options.keyDir,
    certificate,
    clockOffsetMs: options.clock.now().getTime() - Date.now(),
  });
  return { ...endpoint, issued: !fits };
}

async function issue(
  options: Parameters<typeof startLocalTsa>[0],
  tsaPublicKey: Uint8Array,
  revocation: ReturnType<typeof revocationUrls>,
): Promise<Uint8Array> {
  const chain = await new SealChainStore({
    objects: new S3ObjectStore({ client: options.s3, bucket: options.bucket }),
  }).load();
  const root = chain.at(-1);
  if (!root) throw new Error('no seal chain to issue the TSA certificate from');
  const client = new KMSClient({
    endpoint: options.kms.endpoint,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    // The TSA certificate reaches back as far as the root does, like a re-issued seal chain, for NOW demos.
    return await issueTsaCertificate({
      rootSigner: new KmsSealSigner({ client, keyId: options.kms.keys.root }),
      rootCertificate: root,
      tsaPublicKey,
      clock: options.clock,
      random: new CryptoRandom(),
      name: LOCAL_TSA_NAME,
      organization: PLATFORM_SEAL_ORGANIZATION,
      validFrom: new Date(new X509Certificate(Buffer.from(root)).validFrom),
      revocation,
    });
  } finally {
    client.destroy();
  }
}

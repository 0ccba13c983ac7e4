/**
 * The local runtime's seal certificate chain: issued at first start by the root CA key inside the local KMS
 * endpoint (the same adapter and code as the deploy-time step on AWS), and issued again whenever the
 * runtime's clock (`NOW`) lies outside the stored chain's validity. A chain made at the real time would make
 * every licence sealed at a `NOW` before it read UNKNOWN_SIGNER (certificate not valid at signing time), so
 * time-travel demos and tests would lie. The new chain keeps the root key and name and reaches back to the
 * old root's start and forward to its end, so licences sealed under the old chain keep verifying. The seal
 * certificate names the API's CRL and OCSP URLs (PUBLIC_BASE_URL), so a changed base URL issues it again too.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { KmsSealSigner } from '../../functions/adapters/kms-seal-signer.js';
import { S3ObjectStore } from '../../functions/adapters/s3-object-store.js';
import { SealChainStore } from '../../functions/adapters/seal-chain-store.js';
import { CryptoRandom } from '../../functions/adapters/system-clock.js';
import { revocationPointersOf } from '../../functions/core/pki/revocation-pointers.js';
import {
  bootstrapSealChain,
  chainValidity,
  PLATFORM_SEAL_AUTHORITY,
  PLATFORM_SEAL_ORGANIZATION,
  revocationUrls,
} from '../../functions/core/pki/seal-chain.js';
import type { Clock } from '../../functions/ports/clock.js';
import { LOCAL_REGION } from './aws-clients.js';
import type { StorageServices } from './storage-thread.js';

/** What `ensureSealChain` did. */
export type SealChainOutcome = 'KEPT' | 'CREATED' | 'REISSUED';

/**
 * Make sure a seal chain valid at `clock.now()` is stored: keep one that is, create one on first start,
 * issue one again (reaching back to `now`) when the clock lies outside the stored one.
 */
export async function ensureSealChain(
  kms: StorageServices['kms'],
  s3: S3Client,
  bucket: string,
  clock: Clock,
  publicBaseUrl: string,
): Promise<SealChainOutcome> {
  const store = new SealChainStore({ objects: new S3ObjectStore({ client: s3, bucket }) });
  const now = clock.now();
  const storedChain = (await store.exists()) ? await store.load() : undefined;
  const stored = storedChain ? chainValidity(storedChain) : undefined;
  const revocation = revocationUrls(publicBaseUrl);
  // The seal certificate names the CRL and OCSP URLs of this API (PAdES B-LT); another base URL needs a new one.
  const pointsHere = storedChain?.[0] && revocationPointersOf(storedChain[0]).ocsp.includes(revocation.ocsp);
  if (stored && pointsHere && stored.validFrom <= now && now < stored.validUntil) return 'KEPT';
  const client = new KMSClient({
    endpoint: kms.endpoint,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const chain = await bootstrapSealChain({
      rootSigner: new KmsSealSigner({ client, keyId: kms.keys.root }),
      sealSigner: new KmsSealSigner({ client, keyId: kms.keys.seal }),
      clock,
      random: new CryptoRandom(),
      authorityName: PLATFORM_SEAL_AUTHORITY,
      organization: PLATFORM_SEAL_ORGANIZATION,
      revocation,
      ...(stored ? { validFrom: stored.validFrom, rootValidUntil: stored.rootValidUntil } : {}),
    });
    if (!stored) return (await store.save([chain.seal, chain.root])) ? 'CREATED' : 'KEPT';
    await store.replace([chain.seal, chain.root]);
    return 'REISSUED';
  } finally {
    client.destroy();
  }
}

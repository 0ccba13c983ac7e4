/**
 * The local runtime's SM2 seal chain (the OFD rendition's seal): the seal maker's root and the seal certificate,
 * issued at first start by the SM2 keys inside the local KMS endpoint through the same adapter as on AWS
 * (KmsSm2Signer), stored at `pki/seal-chain-sm2.pem`. Like the PAdES chain (local-seal-chain.ts) it is issued
 * again, reaching back, when the runtime's clock (`NOW`) lies outside it, so time-travel demos stay honest.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { KmsSm2Signer } from '../../functions/adapters/kms-sm2-signer.js';
import { S3ObjectStore } from '../../functions/adapters/s3-object-store.js';
import { SealChainStore, SM2_SEAL_CHAIN_KEY } from '../../functions/adapters/seal-chain-store.js';
import { CryptoRandom } from '../../functions/adapters/system-clock.js';
import { PLATFORM_SEAL_AUTHORITY, PLATFORM_SEAL_ORGANIZATION } from '../../functions/core/pki/seal-chain.js';
import { issueSm2SealChain, readSm2Certificate } from '../../functions/core/sm2/certificates.js';
import { sm2SealKeysOf } from '../../functions/core/sm2/seal-keys.js';
import type { Clock } from '../../functions/ports/clock.js';
import { localKmsClient } from './aws-clients.js';
import type { SealChainOutcome } from './local-seal-chain.js';
import type { StorageServices } from './storage-thread.js';

/** When every certificate of a stored chain is valid; undefined for an unreadable one. */
function validity(chain: readonly Uint8Array[]): { from: Date; until: Date } | undefined {
  try {
    const certificates = chain.map(readSm2Certificate);
    if (certificates.length < 2) return undefined;
    return {
      from: new Date(Math.max(...certificates.map((c) => c.notBefore.getTime()))),
      until: new Date(Math.min(...certificates.map((c) => c.notAfter.getTime()))),
    };
  } catch {
    return undefined;
  }
}

/** Make sure an SM2 seal chain valid at `clock.now()` is stored (keep, create at first start, or reissue). */
export async function ensureSm2SealChain(
  kms: StorageServices['kms'],
  s3: S3Client,
  bucket: string,
  clock: Clock,
): Promise<SealChainOutcome> {
  const store = new SealChainStore({
    objects: new S3ObjectStore({ client: s3, bucket }),
    key: SM2_SEAL_CHAIN_KEY,
  });
  const now = clock.now();
  const storedChain = (await store.exists()) ? await store.load() : undefined;
  const stored = storedChain ? validity(storedChain) : undefined;
  const client = localKmsClient(kms.endpoint);
  try {
    const signers = {
      maker: new KmsSm2Signer({ client, keyId: kms.keys.ofdMaker }),
      seal: new KmsSm2Signer({ client, keyId: kms.keys.ofdSeal }),
    };
    // A chain of other keys (a key directory made afresh beside old storage) is issued again too.
    const ours = storedChain
      ? await sm2SealKeysOf(signers, storedChain).then(
          () => true,
          () => false,
        )
      : false;
    if (stored && ours && stored.from <= now && now < stored.until) return 'KEPT';
    const chain = await issueSm2SealChain({
      makerSigner: signers.maker,
      sealSigner: signers.seal,
      clock,
      random: new CryptoRandom(),
      authorityName: PLATFORM_SEAL_AUTHORITY,
      organization: PLATFORM_SEAL_ORGANIZATION,
      ...(stored && ours ? { validFrom: stored.from } : {}),
    });
    if (!stored) return (await store.save([chain.seal, chain.root])) ? 'CREATED' : 'KEPT';
    await store.replace([chain.seal, chain.root]);
    return 'REISSUED';
  } finally {
    client.destroy();
  }
}

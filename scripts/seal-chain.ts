/**
 * Seal certificate chain tooling for an external CA, run against the configured KMS seal key.
 *
 *   # 1. Make a CSR with the KMS seal key (the private key never leaves KMS) and send it to the CA:
 *   npx tsx scripts/seal-chain.ts csr --cn 某市行政审批局 --o 某市行政审批局 --c CN > seal.csr
 *
 *   # 2. Check the chain the CA returned (PEM: seal certificate first, ending at the root) against the
 *   #    KMS key and each link's signature; writes the validated chain (PEM) to --out or stdout:
 *   npx tsx scripts/seal-chain.ts import chain.pem --out seal-chain.pem
 *
 * Or, with the project's own root CA (both keys in KMS; the deploy-time step on AWS, run once per stage):
 *   ROOT_KEY_ID=alias/zhengzhao-root npx tsx scripts/seal-chain.ts bootstrap --bucket <licences bucket>
 *   # issues the root (self-signed, 20 years) and the seal certificate (5 years) inside KMS and stores the
 *   # chain at s3://<bucket>/pki/seal-chain.pem (If-None-Match: an existing chain is never replaced).
 *
 * The OFD rendition's SM2 chain (China-region stages; both SM2 keys in KMS), run once per stage as the bootstrap
 * principal (the only one besides the pki function that may sign with the seal maker's key):
 *   OFD_SEAL_KEY_ID=<OfdSealKeyArn> OFD_MAKER_KEY_ID=<OfdMakerKeyArn> \
 *     npx tsx scripts/seal-chain.ts bootstrap-sm2 --bucket <licences bucket>
 *   # issues the seal maker's root and the seal certificate (SM3withSM2, default signer ID) inside KMS and
 *   # stores them at s3://<bucket>/pki/seal-chain-sm2.pem (If-None-Match); then makes the seal object (SESeal,
 *   # signed by the maker key) of every seal of the catalogue (issuer + purpose) not yet stored under seals/sm2/,
 *   # so the OFD functions, which may not sign with the maker key, find them. Run again after a catalogue change.
 *
 * Environment: PUBLIC_BASE_URL (bootstrap: the seal certificate names `<url>/pki/root.crl` and `<url>/pki/ocsp`),
 * SEAL_KEY_ID (default alias/zhengzhao-seal), AWS_REGION (default cn-north-1), and KMS_ENDPOINT / S3_ENDPOINT
 * to use the local KMS-compatible endpoint and S3 (then dummy credentials are used unless AWS_* ones are set).
 * Exit codes: 0 ok, 1 invalid input or chain, 2 usage.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { loadLicenceFonts } from '../functions/adapters/font-files.js';
import { KmsSealSigner } from '../functions/adapters/kms-seal-signer.js';
import { KmsSm2Signer } from '../functions/adapters/kms-sm2-signer.js';
import { S3ObjectStore } from '../functions/adapters/s3-object-store.js';
import {
  SEAL_CHAIN_KEY,
  SealChainStore,
  SM2_SEAL_CHAIN_KEY,
} from '../functions/adapters/seal-chain-store.js';
import { CryptoRandom, SystemClock } from '../functions/adapters/system-clock.js';
import { catalogueFiles } from '../functions/catalogue/index.js';
import { buildCatalogue } from '../functions/core/catalogue/catalogue.js';
import { isDomainError } from '../functions/core/errors.js';
import { ensureCatalogueSealObjects } from '../functions/core/ofd/ofd-service.js';
import { createOfdRenderer, type OfdRenderer } from '../functions/core/ofd/render-ofd.js';
import { createCsr } from '../functions/core/pki/certificate.js';
import { toPem } from '../functions/core/pki/pem.js';
import {
  bootstrapSealChain,
  importSealChain,
  PLATFORM_SEAL_AUTHORITY,
  PLATFORM_SEAL_ORGANIZATION,
  revocationUrls,
} from '../functions/core/pki/seal-chain.js';
import { issueSm2SealChain } from '../functions/core/sm2/certificates.js';
import { sm2SealKeysOf } from '../functions/core/sm2/seal-keys.js';

const USAGE =
  'usage: seal-chain.ts csr --cn <name> [--o <org>] [--c CN] | import <chain.pem> [--out <file>] | bootstrap[-sm2] [--cn <name>] [--o <org>] (--bucket <name> | --out <file>)';

function kmsClientFromEnvironment(): KMSClient {
  const endpoint = process.env.KMS_ENDPOINT;
  const localCredentials = endpoint && !process.env.AWS_ACCESS_KEY_ID;
  return new KMSClient({
    region: process.env.AWS_REGION ?? 'cn-north-1',
    ...(endpoint ? { endpoint } : {}),
    ...(localCredentials ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
}

function signerFromEnvironment(keyId = process.env.SEAL_KEY_ID ?? 'alias/zhengzhao-seal'): KmsSealSigner {
  return new KmsSealSigner({ client: kmsClientFromEnvironment(), keyId });
}

function s3ClientFromEnvironment(): S3Client {
  const endpoint = process.env.S3_ENDPOINT;
  const localCredentials = endpoint && !process.env.AWS_ACCESS_KEY_ID;
  return new S3Client({
    region: process.env.AWS_REGION ?? 'cn-north-1',
    // A local S3 (s3rver): path-style, checksums only when required (see bin/local/aws-clients.ts).
    ...(endpoint
      ? {
          endpoint,
          forcePathStyle: true,
          requestChecksumCalculation: 'WHEN_REQUIRED' as const,
          responseChecksumValidation: 'WHEN_REQUIRED' as const,
        }
      : {}),
    ...(localCredentials ? { credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : {}),
  });
}

/**
 * Make the seal object (SESeal, signed by the maker key) of every seal the catalogue prints (issuer + purpose)
 * that is not stored yet: on AWS only this principal and the pki function may sign with the maker key, so the
 * OFD functions rely on finding them (functions/core/ofd/ofd-service.ts ensureSealObject).
 */
async function makeSm2Seals(
  bucket: string,
  signers: { seal: KmsSm2Signer; maker: KmsSm2Signer },
): Promise<void> {
  const objects = new S3ObjectStore({ client: s3ClientFromEnvironment(), bucket });
  const chain = await new SealChainStore({ objects, key: SM2_SEAL_CHAIN_KEY }).load();
  const keys = await sm2SealKeysOf(signers, chain);
  let renderer: Promise<OfdRenderer> | undefined;
  const deps = {
    licences: objects,
    clock: new SystemClock(),
    renderer: () => {
      renderer ??= loadLicenceFonts().then(createOfdRenderer);
      return renderer;
    },
  };
  for (const key of await ensureCatalogueSealObjects(deps, keys, buildCatalogue(catalogueFiles))) {
    process.stderr.write(`seal object ready: ${key}\n`);
  }
}

/** Write a chain (seal first) to --out and/or store it in the bucket under `key` (If-None-Match). */
async function storeChain(
  ders: Uint8Array[],
  key: string,
  values: { out?: string; bucket?: string },
): Promise<void> {
  if (values.out) await writeFile(values.out, ders.map((der) => toPem('CERTIFICATE', der)).join(''));
  if (values.bucket) {
    const s3 = s3ClientFromEnvironment();
    const stored = await new SealChainStore({
      objects: new S3ObjectStore({ client: s3, bucket: values.bucket }),
      key,
    }).save(ders);
    process.stderr.write(
      stored
        ? `seal chain stored in s3://${values.bucket}/${key}\n`
        : 'a seal chain already exists: kept it\n',
    );
  }
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      cn: { type: 'string' },
      o: { type: 'string' },
      c: { type: 'string' },
      out: { type: 'string' },
      bucket: { type: 'string' },
    },
  });
  const [command, file] = positionals;
  if (command === 'csr' && values.cn) {
    const subject = { commonName: values.cn, organization: values.o ?? values.cn, country: values.c ?? 'CN' };
    process.stdout.write(await createCsr({ subject, signer: signerFromEnvironment() }));
    return 0;
  }
  if (command === 'import' && file) {
    const signer = signerFromEnvironment();
    const chain = importSealChain(await readFile(file, 'utf8'), await signer.publicKey());
    const pem = chain.map((der) => toPem('CERTIFICATE', der)).join('');
    if (values.out) await writeFile(values.out, pem);
    else process.stdout.write(pem);
    process.stderr.write(`seal chain ok: ${chain.length} certificate(s)\n`);
    return 0;
  }
  if (command === 'bootstrap' && (values.bucket || values.out)) {
    const chain = await bootstrapSealChain({
      rootSigner: signerFromEnvironment(process.env.ROOT_KEY_ID ?? 'alias/zhengzhao-root'),
      sealSigner: signerFromEnvironment(),
      clock: new SystemClock(),
      random: new CryptoRandom(),
      authorityName: values.cn ?? PLATFORM_SEAL_AUTHORITY,
      organization: values.o ?? PLATFORM_SEAL_ORGANIZATION,
      // PAdES B-LT: the seal certificate names the API's CRL and OCSP URLs (the stage's ApiUrl output).
      ...(process.env.PUBLIC_BASE_URL ? { revocation: revocationUrls(process.env.PUBLIC_BASE_URL) } : {}),
    });
    await storeChain([chain.seal, chain.root], SEAL_CHAIN_KEY, values);
    return 0;
  }
  if (command === 'bootstrap-sm2' && (values.bucket || values.out)) {
    const { OFD_SEAL_KEY_ID: sealKeyId, OFD_MAKER_KEY_ID: makerKeyId } = process.env;
    if (!sealKeyId || !makerKeyId) {
      process.stderr.write(
        'bootstrap-sm2 needs OFD_SEAL_KEY_ID and OFD_MAKER_KEY_ID (the stage’s SM2 keys)\n',
      );
      return 2;
    }
    const client = kmsClientFromEnvironment();
    const signers = {
      seal: new KmsSm2Signer({ client, keyId: sealKeyId }),
      maker: new KmsSm2Signer({ client, keyId: makerKeyId }),
    };
    const chain = await issueSm2SealChain({
      makerSigner: signers.maker,
      sealSigner: signers.seal,
      clock: new SystemClock(),
      random: new CryptoRandom(),
      authorityName: values.cn ?? PLATFORM_SEAL_AUTHORITY,
      organization: values.o ?? PLATFORM_SEAL_ORGANIZATION,
    });
    await storeChain([chain.seal, chain.root], SM2_SEAL_CHAIN_KEY, values);
    // The stored chain (this one, or the one kept) certifies the keys the seal objects are made for.
    if (values.bucket) await makeSm2Seals(values.bucket, signers);
    return 0;
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const cause =
      error instanceof Error && error.cause instanceof Error
        ? ` (${error.cause.name}: ${error.cause.message})`
        : '';
    process.stderr.write(`${isDomainError(error) ? error.message : String(error)}${cause}\n`);
    process.exitCode = 1;
  },
);

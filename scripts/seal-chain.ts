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
 * Environment: PUBLIC_BASE_URL (bootstrap: the seal certificate names `<url>/pki/root.crl` and `<url>/pki/ocsp`),
 * SEAL_KEY_ID (default alias/zhengzhao-seal), AWS_REGION (default cn-north-1), and KMS_ENDPOINT
 * to use the local KMS-compatible endpoint (then dummy credentials are used unless AWS_* ones are set).
 * Exit codes: 0 ok, 1 invalid input or chain, 2 usage.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { KmsSealSigner } from '../functions/adapters/kms-seal-signer.js';
import { S3ObjectStore } from '../functions/adapters/s3-object-store.js';
import { SEAL_CHAIN_KEY, SealChainStore } from '../functions/adapters/seal-chain-store.js';
import { CryptoRandom, SystemClock } from '../functions/adapters/system-clock.js';
import { isDomainError } from '../functions/core/errors.js';
import { createCsr } from '../functions/core/pki/certificate.js';
import { toPem } from '../functions/core/pki/pem.js';
import {
  bootstrapSealChain,
  importSealChain,
  PLATFORM_SEAL_AUTHORITY,
  PLATFORM_SEAL_ORGANIZATION,
  revocationUrls,
} from '../functions/core/pki/seal-chain.js';

const USAGE =
  'usage: seal-chain.ts csr --cn <name> [--o <org>] [--c CN] | import <chain.pem> [--out <file>] | bootstrap [--cn <name>] [--o <org>] (--bucket <name> | --out <file>)';

function signerFromEnvironment(keyId = process.env.SEAL_KEY_ID ?? 'alias/zhengzhao-seal'): KmsSealSigner {
  const endpoint = process.env.KMS_ENDPOINT;
  const localCredentials = endpoint && !process.env.AWS_ACCESS_KEY_ID;
  const client = new KMSClient({
    region: process.env.AWS_REGION ?? 'cn-north-1',
    ...(endpoint ? { endpoint } : {}),
    ...(localCredentials ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return new KmsSealSigner({ client, keyId });
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
    const ders = [chain.seal, chain.root];
    if (values.out) await writeFile(values.out, ders.map((der) => toPem('CERTIFICATE', der)).join(''));
    if (values.bucket) {
      const s3 = new S3Client({ region: process.env.AWS_REGION ?? 'cn-north-1' });
      const stored = await new SealChainStore({
        objects: new S3ObjectStore({ client: s3, bucket: values.bucket }),
      }).save(ders);
      process.stderr.write(
        stored
          ? `seal chain stored in s3://${values.bucket}/${SEAL_CHAIN_KEY}\n`
          : 'a seal chain already exists: kept it\n',
      );
    }
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

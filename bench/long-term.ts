/**
 * PAdES B-LT for the bench's own seals, as the local runtime does it: the runtime's RFC 3161 TSA endpoint
 * (bin/local/tsa-endpoint.ts) started in this process and reached over HTTP by the production client, with a TSA
 * certificate issued by the bench root; the CA's CRL and OCSP response signed once by the root, as the
 * production source keeps them cached for half their validity (so per licence they cost nothing).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { rsaKeySigner, startTsaEndpoint } from '../bin/local/tsa-endpoint.js';
import { HttpTimeStampAuthority } from '../functions/adapters/http-time-stamp-authority.js';
import { createCrl } from '../functions/core/pki/crl.js';
import { certIdOf, createOcspResponse } from '../functions/core/pki/ocsp.js';
import type { SealChain } from '../functions/core/pki/seal-chain.js';
import { issueTsaCertificate } from '../functions/core/timestamp/tsa-certificate.js';
import type { SealSigner } from '../functions/ports/seal-signer.js';
import type { TimeStampAuthority } from '../functions/ports/time-stamp-authority.js';
import type { ValidationDataSource } from '../functions/ports/validation-data.js';

/** What a B-LT seal needs besides the signer, and how to stop the TSA. */
export interface BenchLongTerm {
  timestamps: TimeStampAuthority;
  validationData: ValidationDataSource;
  close(): Promise<void>;
}

export async function startBenchLongTerm(rootSigner: SealSigner, chain: SealChain): Promise<BenchLongTerm> {
  const clock = { now: () => new Date() };
  const random = { bytes: (n: number) => new Uint8Array(randomBytes(n)) };
  const signer = rsaKeySigner(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  const certificate = await issueTsaCertificate({
    rootSigner,
    rootCertificate: chain.root,
    tsaPublicKey: await signer.publicKey(),
    clock,
    random,
    name: 'Bench TSA',
    organization: 'Bench',
  });
  const endpoint = await startTsaEndpoint({ signer, certificate, clock, random });
  const now = clock.now();
  const crl = await createCrl({
    caCertificate: chain.root,
    signer: rootSigner,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + 7 * 86_400_000),
    crlNumber: 1,
    revoked: [],
  });
  const ocsp = await createOcspResponse({
    caCertificate: chain.root,
    signer: rootSigner,
    producedAt: now,
    nextUpdate: new Date(now.getTime() + 86_400_000),
    answers: [chain.seal, certificate].map((der) => ({
      certId: certIdOf(der, chain.root),
      status: { status: 'good' },
    })),
  });
  return {
    timestamps: new HttpTimeStampAuthority({ url: endpoint.url, random }),
    validationData: { collect: async () => ({ ocspResponses: [ocsp], crls: [crl] }) },
    close: () => endpoint.close(),
  };
}

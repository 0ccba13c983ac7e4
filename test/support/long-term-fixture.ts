/**
 * A B-LT sealing fixture for unit and conformance tests: root, seal and TSA keys in process (RSA 2048), a chain
 * whose seal certificate names revocation URLs, a TSA certificate with the critical timeStamping EKU, an
 * in-process TSA answering real RFC 3161 requests, and the CA's CRL and OCSP response for the DSS.
 */
import { randomBytes } from 'node:crypto';
import { createCrl, type RevokedCertificate } from '../../functions/core/pki/crl.js';
import { certIdOf, createOcspResponse } from '../../functions/core/pki/ocsp.js';
import { bootstrapSealChain, revocationUrls } from '../../functions/core/pki/seal-chain.js';
import { answerTimeStampRequest } from '../../functions/core/timestamp/answer-request.js';
import { encodeTimeStampRequest, parseTimeStampResponse } from '../../functions/core/timestamp/rfc3161.js';
import { issueTsaCertificate } from '../../functions/core/timestamp/tsa-certificate.js';
import type { TimeStampAuthority } from '../../functions/ports/time-stamp-authority.js';
import type { ValidationDataSource } from '../../functions/ports/validation-data.js';
import { type CryptoSigner, createCryptoSigner } from '../unit/pki/crypto-signer.js';

export interface LongTermFixture {
  rootSigner: CryptoSigner;
  sealSigner: CryptoSigner;
  tsaSigner: CryptoSigner;
  root: Uint8Array;
  seal: Uint8Array;
  tsa: Uint8Array;
  timestamps: TimeStampAuthority;
  validationData: ValidationDataSource;
  crl: Uint8Array;
  ocsp: Uint8Array;
}

export async function createLongTermFixture(
  revoked: RevokedCertificate[] = [],
  now = () => new Date(),
): Promise<LongTermFixture> {
  const clock = { now };
  const random = { bytes: (n: number) => new Uint8Array(randomBytes(n)) };
  const [rootSigner, sealSigner, tsaSigner] = [
    createCryptoSigner(),
    createCryptoSigner(),
    createCryptoSigner(),
  ];
  const revocation = revocationUrls('https://zz.example.gov.cn');
  const chain = await bootstrapSealChain({
    rootSigner,
    sealSigner,
    clock,
    random,
    authorityName: '某市行政审批局',
    revocation,
  });
  const tsa = await issueTsaCertificate({
    rootSigner,
    rootCertificate: chain.root,
    tsaPublicKey: await tsaSigner.publicKey(),
    clock,
    random,
    name: '测试时间戳服务',
    organization: '某市行政审批局',
    revocation,
  });
  const timestamps: TimeStampAuthority = {
    timestamp: async (digest) => {
      const request = encodeTimeStampRequest({ digest, nonce: random.bytes(8), certReq: true });
      const reply = parseTimeStampResponse(
        await answerTimeStampRequest(request, { signer: tsaSigner, certificate: tsa, clock, random }),
      );
      if (!reply.token) throw new Error('no token');
      return reply.token;
    },
  };
  const crl = await createCrl({
    caCertificate: chain.root,
    signer: rootSigner,
    thisUpdate: now(),
    nextUpdate: new Date(now().getTime() + 7 * 86_400_000),
    crlNumber: 1,
    revoked,
  });
  const ocsp = await createOcspResponse({
    caCertificate: chain.root,
    signer: rootSigner,
    producedAt: now(),
    nextUpdate: new Date(now().getTime() + 86_400_000),
    answers: [{ certId: certIdOf(chain.seal, chain.root), status: { status: 'good' } }],
  });
  return {
    rootSigner,
    sealSigner,
    tsaSigner,
    root: chain.root,
    seal: chain.seal,
    tsa,
    timestamps,
    validationData: { collect: async () => ({ ocspResponses: [ocsp], crls: [crl] }) },
    crl,
    ocsp,
  };
}

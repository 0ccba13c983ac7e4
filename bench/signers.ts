/**
 * The keys and chains the bench seals with: an in-process node:crypto signer (what KMS Sign does, without the
 * round trip), the KMS adapter against the local KMS endpoint, and the P12 a signpdf user would load.
 */
import { constants, generateKeyPairSync, type KeyObject, privateEncrypt, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import forge from 'node-forge';
import { type KmsEndpoint, startKmsEndpoint } from '../bin/local/kms-endpoint.js';
import { KmsSealSigner } from '../functions/adapters/kms-seal-signer.js';
import { createCertificate } from '../functions/core/pki/certificate.js';
import { EXTENDED_KEY_USAGE } from '../functions/core/pki/extensions.js';
import { bootstrapSealChain, type SealChain, serialNumber } from '../functions/core/pki/seal-chain.js';
import type { SealSigner } from '../functions/ports/seal-signer.js';
import { BENCH_AUTHORITY } from './licence-sample.js';

const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** A SealSigner over a node:crypto key: PKCS#1 v1.5 over DigestInfo(SHA-256) ‖ digest, as KMS computes it. */
export interface CryptoSealSigner extends SealSigner {
  privateKey: KeyObject;
}

/** A fresh RSA-3072 signer held in this process. */
export function createCryptoSealSigner(): CryptoSealSigner {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  return {
    algorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
    privateKey,
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

/** Root CA + seal certificate for `sealSigner`, issued now by `rootSigner`. */
export function bootstrapBenchChain(rootSigner: SealSigner, sealSigner: SealSigner): Promise<SealChain> {
  return bootstrapSealChain({
    rootSigner,
    sealSigner,
    clock: { now: () => new Date() },
    random: { bytes: (length) => new Uint8Array(randomBytes(length)) },
    authorityName: BENCH_AUTHORITY,
  });
}

/** The local KMS endpoint with a client and the KMS seal signer; `close` stops both. */
export interface LocalKms {
  endpoint: KmsEndpoint;
  client: KMSClient;
  sealSigner: KmsSealSigner;
  rootSigner: KmsSealSigner;
  close(): Promise<void>;
}

/** Starts the local KMS endpoint with its keys under `dir`. */
export async function startLocalKms(dir: string): Promise<LocalKms> {
  const endpoint = await startKmsEndpoint({ keyDir: join(dir, 'kms-keys') });
  const client = new KMSClient({
    endpoint: endpoint.endpoint,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    endpoint,
    client,
    sealSigner: new KmsSealSigner({ client, keyId: endpoint.keys.seal }),
    rootSigner: new KmsSealSigner({ client, keyId: endpoint.keys.root }),
    close: async () => {
      client.destroy();
      await endpoint.close();
    },
  };
}

/**
 * The signpdf baseline's own chain, with ASCII names. node-forge (inside @signpdf/signer-p12) decodes a
 * certificate's UTF8String names and encodes them again as if they were Latin-1, so with our Chinese-named root
 * the SignerInfo's issuerAndSerialNumber names no certificate of the CMS: openssl says "signer certificate not
 * found", pdfsig "Unknown Validation Failure.". Same keys and sizes, same extensions; only the names differ.
 */
export async function bootstrapBaselineChain(
  rootSigner: SealSigner,
  sealSigner: SealSigner,
): Promise<SealChain> {
  const random = { bytes: (length: number) => new Uint8Array(randomBytes(length)) };
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const later = new Date(now.getTime() + 5 * 365 * 86_400_000);
  const rootName = { country: 'CN', organization: 'Bench Baseline', commonName: 'Bench Baseline Root CA' };
  const rootKey = await rootSigner.publicKey();
  const root = await createCertificate({
    subject: rootName,
    issuer: rootName,
    serialNumber: serialNumber(random),
    notBefore: now,
    notAfter: later,
    subjectPublicKey: rootKey,
    extensions: {
      basicConstraints: { ca: true, pathLength: 0 },
      keyUsage: ['keyCertSign', 'cRLSign'],
      subjectKeyIdentifier: true,
    },
    issuerSigner: rootSigner,
  });
  const seal = await createCertificate({
    subject: { country: 'CN', organization: 'Bench Baseline', commonName: 'Bench Baseline Seal' },
    issuer: rootName,
    serialNumber: serialNumber(random),
    notBefore: now,
    notAfter: later,
    subjectPublicKey: await sealSigner.publicKey(),
    extensions: {
      basicConstraints: { ca: false },
      keyUsage: ['digitalSignature', 'nonRepudiation'],
      extendedKeyUsage: [EXTENDED_KEY_USAGE.emailProtection, EXTENDED_KEY_USAGE.documentSigning],
      subjectKeyIdentifier: true,
      authorityKeyOf: rootKey,
    },
    issuerSigner: rootSigner,
  });
  return { root, seal };
}

/** A PKCS#12 (3DES, empty passphrase, as most tutorials make it) with the key and the whole chain. */
export function makeP12(privateKey: KeyObject, chain: SealChain): Buffer {
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const certificates = [chain.seal, chain.root].map((der) =>
    forge.pki.certificateFromAsn1(
      forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(der).toString('binary'))),
    ),
  );
  const p12 = forge.pkcs12.toPkcs12Asn1(key, certificates, '', { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

/**
 * The OFD seal's SM2 chain end to end over the local runtime: made at first start by the SM2 keys in the
 * local KMS endpoint, published at `/.well-known/seal-certificates-sm2.pem` (public, in the contract), accepted
 * by `openssl verify -vfyopt distid:1234567812345678`, certifying exactly the endpoint's ofd-seal key, and kept
 * across a restart.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPem } from '../../functions/core/pki/pem.js';
import { readSm2Certificate, verifySm2CertificateSignature } from '../../functions/core/sm2/index.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';
import { openssl } from '../support/sm2.js';

let runtime: RunningRuntime;

beforeAll(async () => {
  runtime = await startRuntime();
});
afterAll(async () => {
  await runtime?.stop();
});

describe('GET /.well-known/seal-certificates-sm2.pem', () => {
  it('serves the SM2 chain without a key: seal certificate first, maker root last, as OpenSSL verifies it', async () => {
    // Act
    const reply = await apiClient(runtime.url)('GET', '/.well-known/seal-certificates-sm2.pem', {
      key: null,
    });
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/x-pem-file');
    expect(runtime.output()).toMatch(/Created the SM2 seal certificate chain/);
    const [seal, root, ...rest] = fromPem('CERTIFICATE', reply.text);
    expect(rest).toHaveLength(0);
    if (!seal || !root) throw new Error('expected two certificates');
    const rootInfo = readSm2Certificate(root);
    expect(verifySm2CertificateSignature(seal, rootInfo.subjectPublicKeyInfo)).toBe(true);
    expect(verifySm2CertificateSignature(root, rootInfo.subjectPublicKeyInfo)).toBe(true);
    const chainFile = join(runtime.dataDir, 'sm2-chain.pem');
    await writeFile(chainFile, reply.text);
    const rootFile = join(runtime.dataDir, 'sm2-root.pem');
    await writeFile(rootFile, reply.text.slice(reply.text.lastIndexOf('-----BEGIN CERTIFICATE-----')));
    const verified = await openssl([
      'verify',
      '-vfyopt',
      'distid:1234567812345678',
      '-CAfile',
      rootFile,
      chainFile,
    ]);
    expect(verified.output).toMatch(/sm2-chain\.pem: OK/);
    // The seal certificate certifies the endpoint's ofd-seal key (its key file, read by OpenSSL).
    const index = JSON.parse(await readFile(join(runtime.dataDir, 'keys', 'keys.json'), 'utf8')) as {
      keys: { keyId: string; alias: string }[];
    };
    const sealKeyId = index.keys.find((key) => key.alias === 'alias/zhengzhao-ofd-seal')?.keyId;
    const spki = await openssl([
      'pkey',
      '-in',
      join(runtime.dataDir, 'keys', `${sealKeyId}.pem`),
      '-pubout',
      '-outform',
      'DER',
    ]);
    expect(spki.stdout.equals(Buffer.from(readSm2Certificate(seal).subjectPublicKeyInfo))).toBe(true);
  });

  it('keeps the same chain across a restart', async () => {
    const before = await apiClient(runtime.url)('GET', '/.well-known/seal-certificates-sm2.pem', {
      key: null,
    });
    await runtime.stop();
    runtime = await startRuntime({ dataDir: runtime.dataDir });
    const after = await apiClient(runtime.url)('GET', '/.well-known/seal-certificates-sm2.pem', {
      key: null,
    });
    expect(after.status).toBe(200);
    expect(after.text).toBe(before.text);
    expect(runtime.output()).not.toMatch(/SM2 seal certificate chain/);
  });
});

/**
 * The external-CA path: a CSR made with the KMS seal key (local endpoint, real SDK) is certified by an
 * independent CA (openssl), the returned chain is imported, and a PDF sealed with it verifies.
 * Needs Debian: openssl, poppler-utils.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsEndpoint, startKmsEndpoint } from '../../bin/local/kms-endpoint.js';
import { KmsSealSigner } from '../../functions/adapters/kms-seal-signer.js';
import { DomainError } from '../../functions/core/errors.js';
import { sealPdf } from '../../functions/core/pades/seal-pdf.js';
import { createCsr } from '../../functions/core/pki/certificate.js';
import { importSealChain } from '../../functions/core/pki/seal-chain.js';
import { makeRenderedLicence } from '../unit/pades/rendered-licence.js';

const run = promisify(execFile);

describe('seal chain from an external CA for the KMS seal key', () => {
  let dir: string;
  let kms: KmsEndpoint;
  let client: KMSClient;
  let signer: KmsSealSigner;
  let chainPem: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zz-ca-'));
    kms = await startKmsEndpoint({ keyDir: join(dir, 'keys') });
    client = new KMSClient({
      endpoint: kms.endpoint,
      region: 'cn-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    signer = new KmsSealSigner({ client, keyId: 'alias/zhengzhao-seal' });
    const at = (file: string) => join(dir, file);
    // Act: CSR from KMS, certified by an openssl CA with the extensions a seal certificate needs
    await writeFile(
      at('seal.csr'),
      await createCsr({ subject: { country: 'CN', commonName: '某市行政审批局' }, signer }),
    );
    await run('openssl', [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', at('ca.key'), '-out', at('ca.pem')],
      ...['-days', '30', '-subj', '/C=CN/O=Test CA/CN=Test Root'],
      ...['-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    ]);
    const extensions =
      'keyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n';
    await writeFile(at('ext.cnf'), extensions);
    await run('openssl', [
      ...['x509', '-req', '-in', at('seal.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key')],
      ...['-set_serial', '0x1234', '-days', '30', '-extfile', at('ext.cnf'), '-out', at('seal.pem')],
    ]);
    chainPem = (await readFile(at('seal.pem'), 'utf8')) + (await readFile(at('ca.pem'), 'utf8'));
  });

  afterAll(async () => {
    client?.destroy();
    await kms?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('produces a CSR whose self-signature and subject openssl accepts', async () => {
    const { stdout, stderr } = await run('openssl', [
      ...['req', '-in', join(dir, 'seal.csr'), '-verify', '-noout', '-subject', '-nameopt', 'utf8'],
    ]);
    expect(`${stdout}${stderr}`).toContain('verify OK');
    expect(stdout).toContain('CN=某市行政审批局');
  });

  it('imports the CA chain and seals a PDF with it that pdfsig finds valid', async () => {
    // Act
    const certificates = importSealChain(chainPem, await signer.publicKey());
    const pdf = await sealPdf(await makeRenderedLicence(), { signer, certificates, signingTime: new Date() });
    await writeFile(join(dir, 'sealed.pdf'), pdf);
    const { stdout } = await run('pdfsig', [join(dir, 'sealed.pdf')]);
    // Assess
    expect(certificates).toHaveLength(2);
    expect(stdout).toContain('Signature is Valid.');
    expect(stdout).toContain('Signer Certificate Common Name: 某市行政审批局');
  });

  it('refuses the chain for the root key instead of the seal key', async () => {
    const rootKey = await new KmsSealSigner({ client, keyId: 'alias/zhengzhao-root' }).publicKey();
    expect(() => importSealChain(chainPem, rootKey)).toThrow(DomainError);
  });
});

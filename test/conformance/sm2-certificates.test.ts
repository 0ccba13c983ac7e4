/**
 * SM2 seal chain (maker root + seal certificate, SM3withSM2) checked with OpenSSL 3.0.
 *
 * Finding (OpenSSL 3.0.x, Debian 12): `openssl verify` checks SM2 certificate signatures with an EMPTY signer
 * ID unless told otherwise — a GM/T 0015 certificate signed with the default ID 1234567812345678 verifies only
 * with `-vfyopt distid:1234567812345678` (and fails, error 7, without it). Our certificates use the default ID
 * (as KMS SM2DSA and every SES/OFD verifier do); the test pins both behaviours so a change in OpenSSL shows.
 * `-check_ss_sig` checks the root's self-signature with the empty ID even under -vfyopt, so the root's own
 * signature is checked with `openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt distid:…` instead.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { toPem } from '../../functions/core/pki/pem.js';
import {
  issueSm2SealChain,
  readSm2Certificate,
  SM_OIDS,
  signSm2Digest,
  sm2PublicPoint,
  sm2SignedDigest,
  verifySm2CertificateSignature,
} from '../../functions/core/sm2/index.js';
import { withTempDir } from '../support/pdf-tools.js';
import { makeTestSm2Chain, newSm2Key, openssl, opensslVerifySm2, type TestSm2Chain } from '../support/sm2.js';

const DISTID = ['-vfyopt', 'distid:1234567812345678'];

async function opensslVerifyChain(
  root: Uint8Array,
  leaf: Uint8Array,
  extra: string[],
): Promise<{ ok: boolean; output: string }> {
  return withTempDir(async (dir) => {
    const rootPath = path.join(dir, 'root.pem');
    const leafPath = path.join(dir, 'leaf.pem');
    await writeFile(rootPath, toPem('CERTIFICATE', root));
    await writeFile(leafPath, toPem('CERTIFICATE', leaf));
    const result = await openssl(['verify', ...extra, '-CAfile', rootPath, leafPath]);
    return { ok: result.code === 0 && /leaf\.pem: OK/.test(result.output), output: result.output };
  });
}

async function opensslText(der: Uint8Array): Promise<string> {
  return withTempDir(async (dir) => {
    await writeFile(path.join(dir, 'c.der'), der);
    const result = await openssl([
      'x509',
      '-inform',
      'DER',
      '-in',
      path.join(dir, 'c.der'),
      '-text',
      '-noout',
    ]);
    expect(result.code).toBe(0);
    return result.output;
  });
}

describe('SM2 seal chain through OpenSSL', () => {
  let chain: TestSm2Chain;
  const now = new Date('2026-03-01T08:00:00.500Z');

  beforeAll(async () => {
    chain = await makeTestSm2Chain({ now });
  });

  it('prints both certificates as SM2-with-SM3 with SM2 keys and the intended extensions', async () => {
    const root = await opensslText(chain.maker.certificate);
    expect(root).toMatch(/Signature Algorithm: SM2-with-SM3/);
    expect(root).toMatch(/ASN1 OID: SM2/);
    expect(root).toMatch(/CA:TRUE, pathlen:0/);
    expect(root).toMatch(/Certificate Sign, CRL Sign/);
    const seal = await opensslText(chain.seal.certificate);
    expect(seal).toMatch(/Signature Algorithm: SM2-with-SM3/);
    expect(seal).toMatch(/CA:FALSE/);
    expect(seal).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(seal).toMatch(/Not Before: Mar {2}1 08:00:00 2026 GMT/);
    expect(seal).toMatch(/Not After : Mar {2}1 08:00:00 2031 GMT/);
  });

  it('verifies with -vfyopt distid:1234567812345678, and not without it', async () => {
    const withId = await opensslVerifyChain(chain.maker.certificate, chain.seal.certificate, DISTID);
    expect(withId.ok, withId.output).toBe(true);
    const withoutId = await opensslVerifyChain(chain.maker.certificate, chain.seal.certificate, []);
    expect(withoutId.ok).toBe(false);
    expect(withoutId.output).toMatch(/error 7 .*certificate signature failure/);
  });

  it('has a root self-signature OpenSSL pkeyutl verifies with distid (verify -check_ss_sig ignores -vfyopt)', async () => {
    const root = readSm2Certificate(chain.maker.certificate);
    const rootKeyPem = toPem('PUBLIC KEY', root.subjectPublicKeyInfo);
    expect(await opensslVerifySm2(rootKeyPem, root.tbs, root.signature)).toBe(true);
    // OpenSSL 3.0 checks a self-signature with the empty ID even under -vfyopt: pinned so a fix shows up.
    const checkSs = await opensslVerifyChain(chain.maker.certificate, chain.seal.certificate, [
      ...DISTID,
      '-check_ss_sig',
    ]);
    expect(checkSs.output).toMatch(/error 7 at 1 depth/);
  });

  it('is read back by our parser and our verifier like OpenSSL reads it', async () => {
    const seal = readSm2Certificate(chain.seal.certificate);
    const root = readSm2Certificate(chain.maker.certificate);
    expect(seal.signatureAlgorithm).toBe(SM_OIDS.sm3WithSm2);
    expect(seal.notBefore.toISOString()).toBe('2026-03-01T08:00:00.000Z');
    expect(Buffer.from(seal.issuer).equals(Buffer.from(root.subject))).toBe(true);
    expect(Buffer.from(seal.subjectPublicKeyInfo).equals(await chain.seal.signer.publicKey())).toBe(true);
    expect(verifySm2CertificateSignature(chain.seal.certificate, root.subjectPublicKeyInfo)).toBe(true);
    expect(verifySm2CertificateSignature(chain.maker.certificate, root.subjectPublicKeyInfo)).toBe(true);
    expect(verifySm2CertificateSignature(chain.seal.certificate, seal.subjectPublicKeyInfo)).toBe(false);
  });

  it('fails in OpenSSL and in our verifier after a one-byte change in the TBSCertificate', async () => {
    const tampered = Uint8Array.from(chain.seal.certificate);
    const at = Buffer.from(tampered).indexOf(Buffer.from('CN', 'latin1'), 40); // inside the issuer/subject names
    tampered[at + 1] = 'M'.charCodeAt(0);
    const root = readSm2Certificate(chain.maker.certificate);
    expect(verifySm2CertificateSignature(tampered, root.subjectPublicKeyInfo)).toBe(false);
    expect((await opensslVerifyChain(chain.maker.certificate, tampered, DISTID)).ok).toBe(false);
  });

  it('rejects (OpenSSL with distid, and ours) a chain whose signatures used the empty ID', async () => {
    const maker = newSm2Key();
    const point = sm2PublicPoint(maker.privateKey);
    const emptyIdMaker = {
      publicKey: () => maker.signer.publicKey(),
      sign: async (message: Uint8Array) =>
        signSm2Digest(maker.privateKey, sm2SignedDigest(point, message, '')),
    };
    const wrong = await issueSm2SealChain({
      makerSigner: emptyIdMaker,
      sealSigner: newSm2Key().signer,
      clock: { now: () => now },
      random: { bytes: (n) => new Uint8Array(n).fill(0x41) },
      authorityName: '测试',
    });
    expect((await opensslVerifyChain(wrong.root, wrong.seal, DISTID)).ok).toBe(false);
    expect((await opensslVerifyChain(wrong.root, wrong.seal, [])).ok).toBe(true); // OpenSSL's empty default
    expect(verifySm2CertificateSignature(wrong.seal, await maker.signer.publicKey())).toBe(false);
  });

  it('parses with openssl asn1parse to the end, naming SM2-with-SM3', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'c.der');
      await writeFile(file, chain.seal.certificate);
      const result = await openssl(['asn1parse', '-inform', 'DER', '-in', file]);
      expect(result.code).toBe(0);
      expect(result.output).toMatch(/OBJECT\s+:SM2-with-SM3/);
      expect(result.output).not.toMatch(/error/i);
    });
  });
});

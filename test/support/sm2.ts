/**
 * SM2 test helpers: throw-away keys, their PEM forms for OpenSSL, and OpenSSL 3 SM2 sign/verify with the
 * standard signer ID (`-pkeyopt distid:1234567812345678`; without it OpenSSL silently uses an empty ID).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { toPem } from '../../functions/core/pki/pem.js';
import { issueSm2SealChain } from '../../functions/core/sm2/certificates.js';
import {
  encodeSm2Spki,
  generateSm2PrivateKey,
  SM2_DEFAULT_SIGNER_ID,
  SoftwareSm2Signer,
  sm2PublicPoint,
} from '../../functions/core/sm2/index.js';
import { withTempDir } from './pdf-tools.js';

const run = promisify(execFile);

/** A fresh raw SM2 private key (32 bytes). */
export const newSm2PrivateKey = (): Uint8Array =>
  generateSm2PrivateKey((n) => new Uint8Array(randomBytes(n)));

/** A software signer over a fresh key, with the key for OpenSSL. */
export function newSm2Key(): { privateKey: Uint8Array; signer: SoftwareSm2Signer } {
  const privateKey = newSm2PrivateKey();
  return { privateKey, signer: new SoftwareSm2Signer(privateKey) };
}

/** RFC 5915 ECPrivateKey PEM of a raw SM2 key, as `openssl pkey` reads it (the local KMS key file form). */
export { sm2PrivateKeyPem } from '../../bin/local/kms-sm2.js';

/** SPKI PEM of a raw SM2 key's public key. */
export const sm2PublicKeyPem = (privateKey: Uint8Array): string =>
  toPem('PUBLIC KEY', encodeSm2Spki(sm2PublicPoint(privateKey)));

/** `openssl …` with its exit code and output (never throws for a non-zero exit). */
export async function openssl(args: string[]): Promise<{ code: number; output: string; stdout: Buffer }> {
  try {
    const { stdout, stderr } = await run('openssl', args, { encoding: 'buffer', maxBuffer: 64 << 20 });
    return { code: 0, output: `${stdout.toString('latin1')}${stderr.toString()}`, stdout };
  } catch (error) {
    const failure = error as { code?: number; stdout?: Buffer; stderr?: Buffer };
    const stdout = failure.stdout ?? Buffer.alloc(0);
    const output = `${stdout.toString('latin1')}${failure.stderr?.toString() ?? ''}`;
    return { code: typeof failure.code === 'number' ? failure.code : 1, output, stdout };
  }
}

/** Does OpenSSL verify `signature` (DER) over `message` with the SPKI PEM, with the standard ID (or none)? */
export async function opensslVerifySm2(
  publicKeyPem: string,
  message: Uint8Array,
  signature: Uint8Array,
  options: { distid?: boolean } = {},
): Promise<boolean> {
  return withTempDir(async (dir) => {
    const files = { key: path.join(dir, 'k.pem'), msg: path.join(dir, 'm'), sig: path.join(dir, 's') };
    await writeFile(files.key, publicKeyPem);
    await writeFile(files.msg, message);
    await writeFile(files.sig, signature);
    const distid = options.distid === false ? [] : ['-pkeyopt', `distid:${SM2_DEFAULT_SIGNER_ID}`];
    const args = ['pkeyutl', '-verify', '-pubin', '-inkey', files.key, '-rawin', '-digest', 'sm3'];
    const result = await openssl([...args, ...distid, '-in', files.msg, '-sigfile', files.sig]);
    return result.code === 0 && /Signature Verified Successfully/.test(result.output);
  });
}

/** OpenSSL's SM3withSM2 signature (DER, standard ID) over `message` with a private key PEM. */
export async function opensslSignSm2(privateKeyPem: string, message: Uint8Array): Promise<Uint8Array> {
  return withTempDir(async (dir) => {
    const files = { key: path.join(dir, 'k.pem'), msg: path.join(dir, 'm'), sig: path.join(dir, 's') };
    await writeFile(files.key, privateKeyPem);
    await writeFile(files.msg, message);
    const args = ['pkeyutl', '-sign', '-inkey', files.key, '-rawin', '-digest', 'sm3'];
    const distid = ['-pkeyopt', `distid:${SM2_DEFAULT_SIGNER_ID}`];
    const result = await openssl([...args, ...distid, '-in', files.msg, '-out', files.sig]);
    if (result.code !== 0) throw new Error(`openssl sign failed: ${result.output}`);
    return new Uint8Array(await readFile(files.sig));
  });
}

/** A throw-away SM2 seal chain: maker (root) and seal keys in memory, certificates issued now. */
export interface TestSm2Chain {
  maker: { privateKey: Uint8Array; signer: SoftwareSm2Signer; certificate: Uint8Array };
  seal: { privateKey: Uint8Array; signer: SoftwareSm2Signer; certificate: Uint8Array };
}

/** Make a throw-away SM2 chain (for tests only). @param now @default the current time */
export async function makeTestSm2Chain(
  options: { now?: Date; authorityName?: string } = {},
): Promise<TestSm2Chain> {
  const maker = newSm2Key();
  const seal = newSm2Key();
  const chain = await issueSm2SealChain({
    makerSigner: maker.signer,
    sealSigner: seal.signer,
    clock: { now: () => options.now ?? new Date() },
    random: { bytes: (n) => new Uint8Array(randomBytes(n)) },
    authorityName: options.authorityName ?? '某市行政审批局',
  });
  return {
    maker: { ...maker, certificate: chain.root },
    seal: { ...seal, certificate: chain.seal },
  };
}

/**
 * Checks of an OFD file by independent tools only: `unzip` extracts it, `xmllint` checks every XML,
 * `openssl asn1parse` reads the DER (its offsets, not our decoder, cut out the signed parts), `openssl dgst
 * -sm3` recomputes every CheckValue and the dataHash, `openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt
 * distid:1234567812345678` checks the SES signature and the seal maker's signature against the public keys
 * `openssl x509` takes from the certificates in the file.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { withTempDir } from './pdf-tools.js';
import { openssl } from './sm2.js';

const run = promisify(execFile);

/** One node of `openssl asn1parse` output. */
interface Asn1Line {
  offset: number;
  depth: number;
  headerLength: number;
  length: number;
  kind: string;
  value: string;
}

async function asn1parse(file: string): Promise<{ code: number; lines: Asn1Line[]; output: string }> {
  const result = await openssl(['asn1parse', '-inform', 'DER', '-in', file, '-i']);
  const lines: Asn1Line[] = [];
  for (const line of result.output.split('\n')) {
    const m = /^\s*(\d+):d=(\d+)\s+hl=(\d+)\s+l=\s*(\d+)\s+(?:prim|cons):\s*(.*)$/.exec(line);
    if (!m) continue;
    const rest = m[5] as string;
    const colon = rest.indexOf(':');
    lines.push({
      offset: Number(m[1]),
      depth: Number(m[2]),
      headerLength: Number(m[3]),
      length: Number(m[4]),
      kind: (colon < 0 ? rest : rest.slice(0, colon)).trim(),
      value: colon < 0 ? '' : rest.slice(colon + 1),
    });
  }
  return { code: result.code, lines, output: result.output };
}

const whole = (bytes: Buffer, node: Asn1Line) =>
  bytes.subarray(node.offset, node.offset + node.headerLength + node.length);
const content = (bytes: Buffer, node: Asn1Line) =>
  bytes.subarray(node.offset + node.headerLength, node.offset + node.headerLength + node.length);
/** The direct children of `parent` (by openssl's offsets and depths). */
const childrenOf = (lines: Asn1Line[], parent: Asn1Line) =>
  lines.filter(
    (l) =>
      l.depth === parent.depth + 1 &&
      l.offset > parent.offset &&
      l.offset < parent.offset + parent.headerLength + parent.length,
  );

/** What the tools found. Every field is an independent fact, asserted by the caller. */
export interface OfdToolReport {
  entries: string[];
  xmllintFailures: string[];
  asn1parseOk: { seal: boolean; signedValue: boolean };
  /** FileRef → whether `openssl dgst -sm3` gives its CheckValue. */
  checkValues: Record<string, boolean>;
  dataHashMatches: boolean;
  signatureVerifies: boolean;
  /** The same check without distid (OpenSSL's empty ID): must fail, or the ID is not the standard one. */
  signatureVerifiesWithEmptyId: boolean;
  sealSignatureVerifies: boolean;
  /** Seal.esl is byte for byte the SESeal inside the signed TBS_Sign. */
  sealFileIsSigned: boolean;
  /** `openssl verify` of the signer certificate against `root` (when given). */
  chainVerifies?: boolean;
  sealPictureType: string;
  /** The seal picture (an OFD of its own) unzipped: its entries and the XML xmllint rejects. */
  sealPicture: { entries: string[]; xmllintFailures: string[] };
  texts: { ofd: string; signature: string };
}

async function sm3File(file: string): Promise<Buffer> {
  const result = await openssl(['dgst', '-sm3', '-binary', file]);
  if (result.code !== 0) throw new Error(result.output);
  return result.stdout;
}

async function verifyWith(
  dir: string,
  name: string,
  certDer: Buffer,
  message: Buffer,
  signature: Buffer,
  distid = true,
) {
  const files = {
    cert: path.join(dir, `${name}.cer`),
    pub: path.join(dir, `${name}.pub.pem`),
    msg: path.join(dir, `${name}.msg`),
    sig: path.join(dir, `${name}.sig`),
  };
  await writeFile(files.cert, certDer);
  await writeFile(files.msg, message);
  await writeFile(files.sig, signature);
  const pub = await openssl(['x509', '-inform', 'DER', '-in', files.cert, '-pubkey', '-noout']);
  await writeFile(files.pub, pub.stdout);
  const args = ['pkeyutl', '-verify', '-pubin', '-inkey', files.pub, '-rawin', '-digest', 'sm3'];
  const id = distid ? ['-pkeyopt', 'distid:1234567812345678'] : [];
  const result = await openssl([...args, ...id, '-in', files.msg, '-sigfile', files.sig]);
  return result.code === 0 && /Signature Verified Successfully/.test(result.output);
}

/** Runs every tool check on `ofd`; `rootPem` (the SM2 seal root) adds the chain check. */
export async function checkOfdWithTools(ofd: Uint8Array, rootPem?: string): Promise<OfdToolReport> {
  return withTempDir(async (dir) => {
    const file = path.join(dir, 'licence.ofd');
    const out = path.join(dir, 'x');
    await writeFile(file, ofd);
    await run('unzip', ['-q', file, '-d', out]);
    const entries = (await readdir(out, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => path.relative(out, path.join(e.parentPath, e.name)))
      .sort();
    const xmllintFailures: string[] = [];
    for (const entry of entries.filter((e) => e.endsWith('.xml'))) {
      try {
        await run('xmllint', ['--noout', '--nonet', path.join(out, entry)]);
      } catch {
        xmllintFailures.push(entry);
      }
    }
    const signatureXml = await readFile(path.join(out, 'Doc_0/Signs/Sign_0/Signature.xml'), 'utf8');
    const checkValues: Record<string, boolean> = {};
    for (const m of signatureXml.matchAll(/<ofd:Reference FileRef="\/([^"]+)"><ofd:CheckValue>([^<]+)</g)) {
      const [, ref, value] = m as unknown as [string, string, string];
      const entry = path.join(out, ref);
      checkValues[ref] = entries.includes(ref) && (await sm3File(entry)).toString('base64') === value;
    }

    const sealFile = path.join(out, 'Doc_0/Signs/Sign_0/Seal.esl');
    const valueFile = path.join(out, 'Doc_0/Signs/Sign_0/SignedValue.dat');
    const seal = await asn1parse(sealFile);
    const value = await asn1parse(valueFile);
    const valueBytes = await readFile(valueFile);
    // SES_Signature { toSign TBS_Sign, cert, signatureAlgID, signature }
    const [top] = value.lines;
    const [tbs, signerCert, , signature] = childrenOf(value.lines, top as Asn1Line) as Asn1Line[];
    // TBS_Sign { version, eseal, timeInfo, dataHash, propertyInfo }
    const [, eseal, , dataHash] = childrenOf(value.lines, tbs as Asn1Line) as Asn1Line[];
    const dataHashMatches = content(valueBytes, dataHash as Asn1Line)
      .subarray(1)
      .equals(await sm3File(path.join(out, 'Doc_0/Signs/Sign_0/Signature.xml')));
    const tbsDer = whole(valueBytes, tbs as Asn1Line);
    const signerDer = content(valueBytes, signerCert as Asn1Line);
    const sigDer = content(valueBytes, signature as Asn1Line).subarray(1);
    const signatureVerifies = await verifyWith(dir, 'signer', signerDer, tbsDer, sigDer);
    const signatureVerifiesWithEmptyId = await verifyWith(dir, 'signer0', signerDer, tbsDer, sigDer, false);
    // SESeal { eSealInfo, cert, signAlgID, signedValue }; v4's maker signs the DER of eSealInfo.
    const [info, makerCert, , sealSig] = childrenOf(value.lines, eseal as Asn1Line) as Asn1Line[];
    const makerDer = content(valueBytes, makerCert as Asn1Line);
    const sealSigned = whole(valueBytes, info as Asn1Line);
    const sealSignatureVerifies = await verifyWith(
      dir,
      'maker',
      makerDer,
      sealSigned,
      content(valueBytes, sealSig as Asn1Line).subarray(1),
    );
    const sealFileIsSigned = (await readFile(sealFile)).equals(whole(valueBytes, eseal as Asn1Line));
    let chainVerifies: boolean | undefined;
    if (rootPem) {
      await writeFile(path.join(dir, 'root.pem'), rootPem);
      await writeFile(path.join(dir, 'signer.der'), signerDer);
      const pem = await openssl(['x509', '-inform', 'DER', '-in', path.join(dir, 'signer.der')]);
      await writeFile(path.join(dir, 'signer.pem'), pem.stdout);
      const verified = await openssl([
        'verify',
        '-vfyopt',
        'distid:1234567812345678',
        '-CAfile',
        path.join(dir, 'root.pem'),
        path.join(dir, 'signer.pem'),
      ]);
      chainVerifies = verified.code === 0 && /: OK/.test(verified.output);
    }
    const pictureType = /IA5STRING\s*:(ofd|png|jpg|gif|svg)\b/i.exec(seal.output)?.[1] ?? '';
    // SES_SealInfo { header, esID, property, picture { type, data, width, height } }: data by openssl's offsets.
    const sealBytes = await readFile(sealFile);
    const [sealInfo] = childrenOf(seal.lines, seal.lines[0] as Asn1Line);
    const picture = childrenOf(seal.lines, sealInfo as Asn1Line)[3] as Asn1Line;
    const pictureData = childrenOf(seal.lines, picture)[1] as Asn1Line;
    const pictureFile = path.join(dir, 'seal-picture.ofd');
    await writeFile(pictureFile, content(sealBytes, pictureData));
    const pictureDir = path.join(dir, 'seal-picture');
    await run('unzip', ['-q', pictureFile, '-d', pictureDir]);
    const pictureEntries = (await readdir(pictureDir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => path.relative(pictureDir, path.join(e.parentPath, e.name)))
      .sort();
    const pictureFailures: string[] = [];
    for (const entry of pictureEntries.filter((e) => e.endsWith('.xml'))) {
      try {
        await run('xmllint', ['--noout', '--nonet', path.join(pictureDir, entry)]);
      } catch {
        pictureFailures.push(entry);
      }
    }
    return {
      entries,
      xmllintFailures,
      asn1parseOk: { seal: seal.code === 0 && seal.lines.length > 10, signedValue: value.code === 0 },
      checkValues,
      dataHashMatches,
      signatureVerifies,
      signatureVerifiesWithEmptyId,
      sealSignatureVerifies,
      sealFileIsSigned,
      ...(chainVerifies === undefined ? {} : { chainVerifies }),
      sealPictureType: pictureType,
      sealPicture: { entries: pictureEntries, xmllintFailures: pictureFailures },
      texts: { ofd: await readFile(path.join(out, 'OFD.xml'), 'utf8'), signature: signatureXml },
    };
  });
}

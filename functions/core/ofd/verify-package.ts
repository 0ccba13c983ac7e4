/**
 * The package half of OFD seal verification (GB/T 33190 §18): where the one signature's files are (OFD.xml →
 * Signatures.xml → Signature.xml → Seal.esl, SignedValue.dat), every protected file's SM3 CheckValue, and no
 * file of the package outside the signature left unprotected.
 */

import { SM3_OID } from '../ses/ses-v4.js';
import { type Finding, finding } from '../verification/types.js';
import { sm3 } from './digest.js';
import { attr, child, children, parseOfdXml, resolveLoc, textOf } from './read-package.js';

const malformed = (code: string, zh: string, en: string) => finding(code, 'MALFORMED', zh, en);
const tampered = (code: string, zh: string, en: string) => finding(code, 'TAMPERED', zh, en);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** The package's signature: where its files are, what it protects and the seal's place. */
export interface SignatureFiles {
  signaturesPath: string;
  signaturePath: string;
  sealPath: string;
  signedValuePath: string;
  checkMethod: string;
  references: { path: string; checkValue: string }[];
}

/** The package's one signature, or undefined with the finding that says why not. */
export function locateSignature(
  files: Map<string, Uint8Array>,
  findings: Finding[],
): SignatureFiles | undefined {
  const read = (path: string | undefined) => (path ? files.get(path) : undefined);
  const ofd = read('OFD.xml');
  if (!ofd) {
    findings.push(
      malformed('OFD_NO_ENTRY_FILE', '不是 OFD 文件（缺少 OFD.xml）', 'Not an OFD file (no OFD.xml)'),
    );
    return undefined;
  }
  const body = child(child(parseOfdXml(ofd, 'OFD.xml'), 'OFD'), 'DocBody');
  const signaturesLoc = textOf(child(body, 'Signatures'));
  const signaturesPath = signaturesLoc ? resolveLoc(signaturesLoc, 'OFD.xml') : undefined;
  const signaturesXml = read(signaturesPath);
  if (!signaturesPath || !signaturesXml) {
    findings.push(
      finding('NO_SIGNATURE', 'NOT_SIGNED', '文件没有电子签章', 'The file carries no electronic seal'),
    );
    return undefined;
  }
  const entries = children(child(parseOfdXml(signaturesXml, signaturesPath), 'Signatures'), 'Signature');
  if (entries.length !== 1) {
    findings.push(
      entries.length === 0
        ? finding('NO_SIGNATURE', 'NOT_SIGNED', '文件没有电子签章', 'The file carries no electronic seal')
        : tampered('EXTRA_SIGNATURES', '文件含有额外的签章', 'The file carries more than one signature'),
    );
    return undefined;
  }
  const signatureLoc = attr(entries[0], 'BaseLoc');
  const signaturePath = signatureLoc ? resolveLoc(signatureLoc, signaturesPath) : undefined;
  const signatureXml = read(signaturePath);
  if (!signaturePath || !signatureXml) {
    findings.push(malformed('SIGNATURE_MISSING', '签章文件缺失', 'The signature file is missing'));
    return undefined;
  }
  const signature = child(parseOfdXml(signatureXml, signaturePath), 'Signature');
  const info = child(signature, 'SignedInfo');
  const refs = child(info, 'References');
  const sealLoc = textOf(child(child(info, 'Seal'), 'BaseLoc'));
  const valueLoc = textOf(child(signature, 'SignedValue'));
  const sealPath = sealLoc ? resolveLoc(sealLoc, signaturePath) : undefined;
  const signedValuePath = valueLoc ? resolveLoc(valueLoc, signaturePath) : undefined;
  if (!sealPath || !signedValuePath || !files.has(sealPath) || !files.has(signedValuePath)) {
    findings.push(
      malformed('SIGNATURE_MISSING', '签章文件缺失', 'The seal or the signature value is missing'),
    );
    return undefined;
  }
  const references: SignatureFiles['references'] = [];
  const listed = children(refs, 'Reference');
  // Each file is hashed once: no more References than a package may hold, none twice.
  if (listed.length > files.size) {
    findings.push(
      malformed(
        'TOO_MANY_REFERENCES',
        '签章保护的文件过多',
        'The signature lists more files than the package holds',
      ),
    );
    return undefined;
  }
  for (const ref of listed) {
    const path = resolveLoc(attr(ref, 'FileRef') ?? '', signaturePath);
    if (path && references.some((r) => r.path === path)) {
      findings.push(
        tampered('DUPLICATE_REFERENCE', `签章重复列出文件 ${path}`, `The signature lists ${path} twice`),
      );
      continue;
    }
    if (!path) {
      findings.push(
        tampered('REFERENCE_OUTSIDE', '签章保护的文件路径无效', 'A protected file path is invalid'),
      );
      continue;
    }
    references.push({ path, checkValue: textOf(child(ref, 'CheckValue')) });
  }
  return {
    signaturesPath,
    signaturePath,
    sealPath,
    signedValuePath,
    checkMethod: attr(refs, 'CheckMethod') ?? '',
    references,
  };
}

/** Every protected file's SM3, and no file of the document left out of the protection. */
export function checkReferences(
  files: Map<string, Uint8Array>,
  sig: SignatureFiles,
  findings: Finding[],
): void {
  if (sig.checkMethod !== SM3_OID && sig.checkMethod !== 'SM3')
    findings.push(tampered('CHECK_METHOD', '签章未使用 SM3 摘要', 'The signature does not use SM3 digests'));
  const protectedPaths = new Set<string>();
  for (const { path, checkValue } of sig.references) {
    protectedPaths.add(path);
    const bytes = files.get(path);
    if (!bytes) {
      findings.push(
        tampered('PROTECTED_FILE_MISSING', `受保护的文件 ${path} 缺失`, `Protected file ${path} is missing`),
      );
    } else if (b64(sm3(bytes)) !== checkValue) {
      findings.push(
        tampered('DIGEST_MISMATCH', `文件 ${path} 在签章后被修改`, `File ${path} was changed after sealing`),
      );
    }
  }
  const signatureFiles = new Set([sig.signaturesPath, sig.signaturePath, sig.sealPath, sig.signedValuePath]);
  if (!protectedPaths.has('OFD.xml'))
    findings.push(
      tampered('UNPROTECTED_FILE', '入口文件 OFD.xml 不受签章保护', 'OFD.xml is not protected by the seal'),
    );
  for (const path of files.keys()) {
    if (signatureFiles.has(path) || protectedPaths.has(path) || path === 'OFD.xml') continue;
    // Anything outside the seal could change what a reader shows (a page, a font, a template, an annotation):
    // a genuine licence has no such file.
    findings.push(
      tampered('UNPROTECTED_FILE', `文件 ${path} 不受签章保护`, `File ${path} is not protected by the seal`),
    );
  }
}

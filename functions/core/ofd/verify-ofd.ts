/**
 * Verifies an OFD licence's electronic seal (GB/T 33190 §18, GB/T 38540 v4), the cryptographic half of
 * `POST /v1/verifications` for `application/ofd` (the ledger half is in certificates/verify-licence.ts).
 * Every input gets a definite verdict; nothing here throws for a bad file. Checks, in order:
 * the package (read-package.ts limits), the signature files it names, every protected file's SM3, that no
 * file outside the signature is left unprotected, SignedValue.dat (dataHash = SM3(Signature.xml), the
 * signer's SM2 signature, the signer's certificate chaining to a trusted SM2 seal root and valid when it
 * signed), the seal (Seal.esl the one inside the signature, signed by a trusted maker, valid when used, and
 * naming the signer's certificate).
 */
import * as asn1js from 'asn1js';
import { type DecodedSignature, decodeSignature, SM3_WITH_SM2 } from '../ses/ses-v4.js';
import { readSm2Certificate, verifySm2CertificateSignature } from '../sm2/certificates.js';
import { verifySm2 } from '../sm2/index.js';
import { type Finding, finding, type SignatureCheck, statusOf, toReasons } from '../verification/types.js';
import { sm3 } from './digest.js';
import {
  attr,
  child,
  children,
  DEFAULT_PACKAGE_LIMITS,
  OfdPackageError,
  type PackageLimits,
  parseOfdXml,
  readOfdPackage,
  textOf,
} from './read-package.js';
import { checkReferences, locateSignature, type SignatureFiles } from './verify-package.js';

/** What the verifier read besides the verdict: the licence the file names (trusted only when VALID). */
export interface OfdCheck extends Pick<SignatureCheck, 'status' | 'reasons' | 'signature'> {
  /** DocInfo/CustomDatas by name (证照标识, certificateId, …). */
  customDatas: Record<string, string>;
}

/** Inputs of `verifyOfdSeal`. */
export interface OfdTrust {
  /** DER SM2 seal roots (the seal makers' certificates). */
  roots: Uint8Array[];
  limits?: PackageLimits;
}

const malformed = (code: string, zh: string, en: string) => finding(code, 'MALFORMED', zh, en);
const tampered = (code: string, zh: string, en: string) => finding(code, 'TAMPERED', zh, en);
const unknownSigner = (code: string, zh: string, en: string) => finding(code, 'UNKNOWN_SIGNER', zh, en);

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

/** The subject CN of a DER Name (UTF8String/PrintableString values), or ''. */
function commonName(name: Uint8Array): string {
  const parsed = asn1js.fromBER(name);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) return '';
  for (const rdn of parsed.result.valueBlock.value) {
    for (const pair of (rdn as asn1js.Set).valueBlock?.value ?? []) {
      const [type, value] = (pair as asn1js.Sequence).valueBlock?.value ?? [];
      if (type instanceof asn1js.ObjectIdentifier && type.getValue() === '2.5.4.3' && value)
        return (value as unknown as { valueBlock: { value: string } }).valueBlock.value ?? '';
    }
  }
  return '';
}

/** Certificate facts, or a finding. */
function certificate(der: Uint8Array, what: string, findings: Finding[]) {
  try {
    return readSm2Certificate(der);
  } catch {
    findings.push(
      malformed('CERTIFICATE_MALFORMED', `${what}证书格式错误`, `The ${what} certificate is malformed`),
    );
    return undefined;
  }
}

const within = (at: Date, from: Date, to: Date) =>
  at.getTime() >= from.getTime() && at.getTime() <= to.getTime();

/**
 * Results of the checks every licence of one seal repeats (the same seal object, the same certificates): a
 * signature over exactly these bytes by exactly this key verifies or not, forever. Keyed by SM3 of the inputs;
 * bounded.
 */
const memo = new Map<string, boolean>();
function remembered(parts: Uint8Array[], check: () => boolean): boolean {
  const key = Buffer.from(
    sm3(Buffer.concat(parts.flatMap((p) => [Buffer.from(String(p.length)), p]))),
  ).toString('hex');
  let result = memo.get(key);
  if (result === undefined) {
    result = check();
    if (memo.size >= 1024) memo.clear();
    memo.set(key, result);
  }
  return result;
}

/** A trusted root this certificate is (the seal maker) or is issued by (the seal holder). */
function trustedBy(der: Uint8Array, roots: Uint8Array[]): boolean {
  return remembered([der, ...roots], () => trustedByUncached(der, roots));
}

function trustedByUncached(der: Uint8Array, roots: Uint8Array[]): boolean {
  return roots.some((root) => {
    if (sameBytes(root, der)) return true;
    try {
      const issuer = readSm2Certificate(root);
      const cert = readSm2Certificate(der);
      return (
        sameBytes(cert.issuer, issuer.subject) &&
        verifySm2CertificateSignature(der, issuer.subjectPublicKeyInfo)
      );
    } catch {
      return false;
    }
  });
}

function checkSignedValue(
  value: DecodedSignature,
  signatureXml: Uint8Array,
  sig: SignatureFiles,
  sealFile: Uint8Array,
  roots: Uint8Array[],
  findings: Finding[],
): SignatureCheck['signature'] | undefined {
  if (value.version !== 4 || value.signatureAlgorithm !== SM3_WITH_SM2)
    findings.push(
      malformed(
        'SES_VERSION',
        '签章数据不是 GB/T 38540 v4 SM3withSM2',
        'Not a GB/T 38540 v4 SM3withSM2 signature',
      ),
    );
  if (!sameBytes(value.dataHash, sm3(signatureXml)))
    findings.push(
      tampered(
        'SIGNATURE_XML_CHANGED',
        '签章描述文件在签章后被修改',
        'Signature.xml was changed after sealing',
      ),
    );
  if (value.propertyInfo.replace(/^\//, '') !== sig.signaturePath)
    findings.push(
      tampered('PROPERTY_INFO', '签章数据指向另一签章文件', 'The signature names another Signature.xml'),
    );
  if (!sameBytes(value.seal.der, sealFile))
    findings.push(
      tampered(
        'SEAL_FILE_CHANGED',
        '印章文件与签章数据中的印章不一致',
        'Seal.esl differs from the seal that was signed',
      ),
    );
  const signer = certificate(value.signerCertificate, '签章者', findings);
  if (!signer) return undefined;
  if (!verifySm2(signer.subjectPublicKeyInfo, value.toBeSigned, value.signature))
    findings.push(
      tampered('SIGNATURE_INVALID', '签章签名值验证失败', 'The SM2 signature of the seal does not verify'),
    );
  if (!trustedBy(value.signerCertificate, roots))
    findings.push(
      unknownSigner(
        'UNTRUSTED_SIGNER',
        '签章者证书不属于本平台的印章证书链',
        'The signer certificate does not chain to our SM2 seal root',
      ),
    );
  if (!within(value.timeInfo, signer.notBefore, signer.notAfter))
    findings.push(
      unknownSigner(
        'SIGNER_CERT_NOT_VALID',
        '签章时签章者证书不在有效期内',
        'The signer certificate was not valid when it sealed',
      ),
    );

  const seal = value.seal;
  if (seal.headerId !== 'ES' || seal.version !== 4 || seal.signAlgorithm !== SM3_WITH_SM2)
    findings.push(
      malformed('SEAL_VERSION', '印章数据不是 GB/T 38540 v4', 'The seal is not a GB/T 38540 v4 seal'),
    );
  const maker = certificate(seal.makerCertificate, '制章者', findings);
  const makerSigned = (spki: Uint8Array) =>
    remembered([spki, seal.toBeSigned, seal.signedValue], () =>
      verifySm2(spki, seal.toBeSigned, seal.signedValue),
    );
  if (maker && !makerSigned(maker.subjectPublicKeyInfo))
    findings.push(
      tampered(
        'SEAL_SIGNATURE_INVALID',
        '印章的制章签名验证失败',
        "The seal maker's signature does not verify",
      ),
    );
  if (!trustedBy(seal.makerCertificate, roots))
    findings.push(unknownSigner('UNTRUSTED_SEAL_MAKER', '制章者不可信', 'The seal maker is not trusted'));
  if (!within(value.timeInfo, seal.validStart, seal.validEnd))
    findings.push(
      unknownSigner('SEAL_NOT_VALID', '签章时印章不在有效期内', 'The seal was not valid when it was used'),
    );
  if (seal.certListType !== 1 || !seal.certList.some((c) => sameBytes(c, value.signerCertificate)))
    findings.push(
      unknownSigner(
        'SEAL_NOT_SIGNERS',
        '印章不属于签章者',
        "The seal does not name the signer's certificate",
      ),
    );
  return {
    signer: commonName(signer.subject),
    signedAt: value.timeInfo.toISOString(),
    coversWholeDocument: true,
    algorithm: 'SM2 SM3 (GB/T 38540 SES v4)',
    certificateSerial: Buffer.from(signer.serialNumber).toString('hex'),
  };
}

function customDatasOf(files: Map<string, Uint8Array>): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    const ofd = files.get('OFD.xml');
    if (!ofd) return out;
    const info = child(child(child(parseOfdXml(ofd, 'OFD.xml'), 'OFD'), 'DocBody'), 'DocInfo');
    for (const data of children(child(info, 'CustomDatas'), 'CustomData')) {
      const name = attr(data, 'Name');
      if (name && !(name in out)) out[name] = textOf(data);
    }
  } catch {
    // A broken OFD.xml is reported by the checks.
  }
  return out;
}

/** Checks an OFD file's seal. Never throws: a file that cannot be read is MALFORMED. */
export function verifyOfdSeal(bytes: Uint8Array, trust: OfdTrust): OfdCheck {
  const findings: Finding[] = [];
  let signature: SignatureCheck['signature'] | undefined;
  let files = new Map<string, Uint8Array>();
  try {
    files = readOfdPackage(bytes, trust.limits ?? DEFAULT_PACKAGE_LIMITS);
    const sig = locateSignature(files, findings);
    if (sig) {
      checkReferences(files, sig, findings);
      let value: DecodedSignature | undefined;
      try {
        value = decodeSignature(files.get(sig.signedValuePath) as Uint8Array);
      } catch {
        findings.push(
          tampered('SIGNED_VALUE_MALFORMED', '签章数据格式错误', 'SignedValue.dat is not an SES_Signature'),
        );
      }
      if (value)
        signature = checkSignedValue(
          value,
          files.get(sig.signaturePath) as Uint8Array,
          sig,
          files.get(sig.sealPath) as Uint8Array,
          trust.roots,
          findings,
        );
    }
  } catch (error) {
    if (error instanceof OfdPackageError) findings.push(malformed(error.code, error.zh, error.en));
    else findings.push(malformed('OFD_MALFORMED', '无法读取该 OFD 文件', 'The OFD file cannot be read'));
  }
  const status = statusOf(findings);
  return {
    status,
    reasons: toReasons(findings),
    ...(signature ? { signature } : {}),
    customDatas: customDatasOf(files),
  };
}

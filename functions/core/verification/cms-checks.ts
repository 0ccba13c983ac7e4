/**
 * The integrity checks of the one SignerInfo (RFC 5652 §5.4–5.6, ETSI EN 319 122-1 for CAdES): detached,
 * SHA-256, the messageDigest equals the hash of the signed byte ranges, the signature over the signed
 * attributes verifies with the signer certificate's key, and signing-certificate-v2 names that certificate.
 */
import { constants, createHash, verify } from 'node:crypto';
import asn1 from 'node-forge/lib/asn1.js';
import { type Asn1, children, encodeDer, oidOf, primitiveBytes } from '../pki/der.js';
import { type CertificateFacts, readCertificateFacts, sameBytes } from './certificate-facts.js';
import { type Attribute, OIDS, type SignedData, type SignerInfo } from './cms-signed-data.js';
import { type Finding, finding } from './types.js';

/** What the integrity checks established. */
export interface SignerCheck {
  findings: Finding[];
  signer?: CertificateFacts;
  /** Every certificate of the CMS that could be parsed (for path building). */
  certificates: CertificateFacts[];
  algorithm?: string;
}

const MAX_CERTIFICATES = 16;
const SIGNATURE_ALGORITHMS: Record<string, { name: string; keyType: string }> = {
  '1.2.840.113549.1.1.1': { name: 'RSASSA-PKCS1-v1_5 SHA-256', keyType: 'rsa' },
  '1.2.840.113549.1.1.11': { name: 'RSASSA-PKCS1-v1_5 SHA-256', keyType: 'rsa' },
  '1.2.840.10045.4.3.2': { name: 'ECDSA SHA-256', keyType: 'ec' },
};
const HASHES: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const tampered = (code: string, zh: string, en: string): Finding => finding(code, 'TAMPERED', zh, en);

function structureFindings(data: SignedData, info: SignerInfo): Finding[] {
  const findings: Finding[] = [];
  if (data.hasEContent || data.eContentType !== OIDS.data) {
    findings.push(
      tampered(
        'CMS_NOT_DETACHED',
        '签名数据不是分离式签名',
        'The signature is not a detached signature over the document',
      ),
    );
  }
  const sha256 = info.digestAlgorithm.oid === OIDS.sha256 && info.digestAlgorithm.parametersAbsentOrNull;
  const listed =
    data.digestAlgorithms.length === 1 &&
    sameBytes(data.digestAlgorithms[0]?.der ?? new Uint8Array(), info.digestAlgorithm.der);
  if (!sha256 || !listed) {
    findings.push(
      tampered(
        'DIGEST_ALGORITHM_UNSUPPORTED',
        '签名使用的摘要算法不是 SHA-256',
        'The signature does not use SHA-256',
      ),
    );
  }
  // RFC 5652 §5.1/§5.3: the versions follow from the structure; another value means the bytes were changed.
  const signerVersion = 'issuer' in info.sid ? 1 : 3;
  if (info.version !== signerVersion || data.version !== (signerVersion === 1 ? 1 : 3)) {
    findings.push(
      tampered(
        'CMS_VERSION_INVALID',
        '签名数据的版本号与其结构不符',
        'The signature data’s version does not match its structure',
      ),
    );
  }
  return findings;
}

function attributeValue(attributes: Attribute[], type: string): Asn1 | undefined | 'ambiguous' {
  const found = attributes.filter((attribute) => attribute.type === type);
  if (found.length > 1 || (found[0] && found[0].values.length !== 1)) return 'ambiguous';
  return found[0]?.values[0];
}

function digestFindings(attributes: Attribute[], contentDigest: Uint8Array | undefined): Finding[] {
  const types = attributes.map((attribute) => attribute.type);
  const contentType = attributeValue(attributes, OIDS.contentType);
  const digest = attributeValue(attributes, OIDS.messageDigest);
  const findings: Finding[] = [];
  if (new Set(types).size !== types.length || contentType === 'ambiguous' || digest === 'ambiguous') {
    findings.push(
      tampered(
        'SIGNED_ATTRIBUTES_INVALID',
        '签名属性重复或含糊',
        'The signed attributes are duplicated or ambiguous',
      ),
    );
    return findings;
  }
  if (!contentType || contentType.type !== asn1.Type.OID || oidOf(contentType) !== OIDS.data) {
    findings.push(
      tampered(
        'CONTENT_TYPE_INVALID',
        '签名属性中的内容类型不是文档数据',
        'The signed content type is not document data',
      ),
    );
  }
  const signedDigest = digest?.type === asn1.Type.OCTETSTRING ? primitiveBytes(digest) : undefined;
  if (!signedDigest || !contentDigest || !sameBytes(signedDigest, contentDigest)) {
    findings.push(
      tampered(
        'MESSAGE_DIGEST_MISMATCH',
        '文件内容在盖章后被改动（摘要不符）',
        'The document’s content was changed after sealing (digest mismatch)',
      ),
    );
  }
  return findings;
}

export function matchesSid(certificate: CertificateFacts, sid: SignerInfo['sid']): boolean {
  if ('issuer' in sid)
    return sameBytes(certificate.issuer, sid.issuer) && sameBytes(certificate.serialNumber, sid.serialNumber);
  return (
    certificate.subjectKeyIdentifier !== undefined &&
    sameBytes(certificate.subjectKeyIdentifier, sid.subjectKeyIdentifier)
  );
}

export function signatureFindings(
  info: SignerInfo,
  signer: CertificateFacts,
): { findings: Finding[]; algorithm?: string } {
  const algorithm = SIGNATURE_ALGORITHMS[info.signatureAlgorithm.oid];
  const key = signer.x509.publicKey;
  if (
    !algorithm ||
    !info.signatureAlgorithm.parametersAbsentOrNull ||
    key.asymmetricKeyType !== algorithm.keyType
  ) {
    return {
      findings: [
        tampered(
          'SIGNATURE_ALGORITHM_UNSUPPORTED',
          '签名算法不受支持或与证书密钥不符',
          'The signature algorithm is not supported or does not match the certificate’s key',
        ),
      ],
    };
  }
  const options =
    algorithm.keyType === 'rsa'
      ? { key, padding: constants.RSA_PKCS1_PADDING }
      : { key, dsaEncoding: 'der' as const };
  let valid = false;
  try {
    valid = verify('sha256', info.signedAttributesDer ?? new Uint8Array(), options, info.signature);
  } catch {
    valid = false; // a malformed signature value (e.g. a broken ECDSA DER) is simply not a valid signature
  }
  const findings = valid
    ? []
    : [
        tampered(
          'SIGNATURE_INVALID',
          '签名值验证失败，签名数据被改动',
          'The signature value does not verify; the signature data was altered',
        ),
      ];
  return { findings, algorithm: algorithm.name };
}

/** RFC 5035 §5.4: the first ESSCertIDv2 must be the signer certificate (hash, and issuerSerial if present). */
function signingCertificateFindings(attributes: Attribute[], signer: CertificateFacts): Finding[] {
  const value = attributeValue(attributes, OIDS.signingCertificateV2);
  if (value === undefined || value === 'ambiguous') {
    return [
      tampered(
        'SIGNING_CERTIFICATE_MISSING',
        '签名未绑定签章证书（缺少 signing-certificate-v2）',
        'The signature is not bound to its certificate (no signing-certificate-v2)',
      ),
    ];
  }
  try {
    const first = children(children(children(value)[0])[0]);
    const hasAlgorithm = first[0]?.type === asn1.Type.SEQUENCE;
    const hash = hasAlgorithm ? HASHES[oidOf(children(first[0])[0])] : 'sha256';
    const certHash = primitiveBytes(first[hasAlgorithm ? 1 : 0]);
    const issuerSerial = first[hasAlgorithm ? 2 : 1];
    const expected = hash ? createHash(hash).update(signer.der).digest() : undefined;
    let ok = expected !== undefined && sameBytes(certHash, expected);
    if (ok && issuerSerial) {
      const [names, serial] = children(issuerSerial);
      const directoryName = children(children(names)[0])[0];
      ok =
        directoryName !== undefined &&
        sameBytes(encodeDer(directoryName), signer.issuer) &&
        serial !== undefined &&
        sameBytes(encodeDer(serial), signer.serialNumber);
    }
    if (ok) return [];
  } catch {
    // unreadable ESSCertIDv2: reported as a mismatch below
  }
  return [
    tampered(
      'SIGNING_CERTIFICATE_MISMATCH',
      '签名绑定的证书与所附签章证书不符',
      'The certificate bound into the signature is not the one attached',
    ),
  ];
}

export function readCertificates(data: SignedData): {
  certificates: CertificateFacts[];
  findings: Finding[];
} {
  const certificates: CertificateFacts[] = [];
  for (const der of data.certificates.slice(0, MAX_CERTIFICATES)) {
    try {
      certificates.push(readCertificateFacts(der));
    } catch {
      // An unreadable extra certificate cannot vouch for anything; the chain rules decide without it.
    }
  }
  const findings =
    certificates.length === data.certificates.length
      ? []
      : [
          tampered(
            'CERTIFICATE_UNREADABLE',
            '签名数据中的证书无法读取或过多',
            'A certificate in the signature cannot be read, or there are too many',
          ),
        ];
  return { certificates, findings };
}

/** Run the integrity checks on `data`, whose signed ranges hash to `contentDigest` (undefined if unreadable). */
export function checkSignerInfo(data: SignedData, contentDigest: Uint8Array | undefined): SignerCheck {
  const { certificates, findings } = readCertificates(data);
  const [info, ...others] = data.signerInfos;
  if (!info || others.length > 0) {
    findings.push(
      tampered(
        'SIGNER_COUNT_INVALID',
        `签名数据应恰有一个签名者，实有 ${data.signerInfos.length} 个`,
        `The signature must have exactly one signer, it has ${data.signerInfos.length}`,
      ),
    );
    return { findings, certificates };
  }
  findings.push(...structureFindings(data, info));
  if (!info.signedAttributes) {
    findings.push(
      tampered('SIGNED_ATTRIBUTES_MISSING', '签名缺少签名属性', 'The signature has no signed attributes'),
    );
    return { findings, certificates };
  }
  findings.push(...digestFindings(info.signedAttributes, contentDigest));
  const signer = certificates.find((certificate) => matchesSid(certificate, info.sid));
  if (!signer) {
    findings.push(
      finding(
        'SIGNER_CERTIFICATE_MISSING',
        'UNKNOWN_SIGNER',
        '签名数据中没有签章证书，无法确认签章者',
        'The signature carries no signer certificate, so the signer cannot be identified',
      ),
    );
    return { findings, certificates };
  }
  const signature = signatureFindings(info, signer);
  findings.push(...signature.findings, ...signingCertificateFindings(info.signedAttributes, signer));
  return { findings, certificates, signer, algorithm: signature.algorithm };
}

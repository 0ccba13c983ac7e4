/**
 * Checks a parsed CMS (see foreign-cms.ts) against the signed bytes: the content digest (messageDigest, or a
 * time-stamp's message imprint, or adbe.pkcs7.sha1's encapsulated digest) and the signature value with the
 * signer certificate's key.
 */
import { constants, createHash, verify, type X509Certificate } from 'node:crypto';
import { DIGESTS, SIGNATURES, type SignatureScheme } from './algorithms.js';
import { BerError, type BerNode, contentOf, oidText, rawOf, readBer } from './ber.js';
import { type CmsIntegrity, findSigner, OID, type Parsed, parse } from './foreign-cms.js';

const digest = (hash: string, parts: Uint8Array[]): Buffer => {
  const hasher = createHash(hash);
  for (const part of parts) hasher.update(part);
  return hasher.digest();
};

function attributes(bytes: Uint8Array, signed: BerNode | undefined): Map<string, BerNode | undefined> {
  const found = new Map<string, BerNode | undefined>();
  for (const attribute of signed?.children ?? []) {
    found.set(oidText(bytes, attribute.children[0]), attribute.children[1]?.children[0]);
  }
  return found;
}

function timeOf(bytes: Uint8Array, node: BerNode | undefined): Date | undefined {
  if (!node || (node.tag !== 23 && node.tag !== 24)) return undefined;
  const text = Buffer.from(contentOf(bytes, node)).toString('latin1');
  const match = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(text);
  if (!match) return undefined;
  const yearText = match[1] ?? '';
  const year =
    yearText.length === 2 ? (Number(yearText) < 50 ? 2000 : 1900) + Number(yearText) : Number(yearText);
  const date = new Date(
    Date.UTC(
      year,
      Number(match[2]) - 1,
      Number(match[3]),
      Number(match[4]),
      Number(match[5]),
      Number(match[6] ?? 0),
    ),
  );
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A time-stamp token's TSTInfo: message imprint (hash name + value) and genTime. */
function tstInfo(eContent: Uint8Array): { hash?: string; imprint: Uint8Array; time?: Date } | undefined {
  const info = readBer(eContent);
  const imprint = info.children[2];
  const hashOid = oidText(eContent, imprint?.children[0]?.children[0]);
  const value = imprint?.children[1];
  if (!value) return undefined;
  const hash = DIGESTS[hashOid];
  const time = timeOf(eContent, info.children[4]);
  return { ...(hash ? { hash } : {}), imprint: contentOf(eContent, value), ...(time ? { time } : {}) };
}

/** Does the content the signature is over match the signed bytes? undefined: cannot tell. */
function contentMatches(
  parsed: Parsed,
  regions: Uint8Array[],
  hash: string | undefined,
): boolean | undefined {
  if (parsed.eContentType === OID.tstInfo && parsed.eContent) {
    const info = tstInfo(parsed.eContent);
    if (!info?.hash) return undefined;
    return digest(info.hash, regions).equals(info.imprint);
  }
  if (parsed.eContent) {
    // adbe.pkcs7.sha1: the encapsulated content is the SHA-1 of the signed bytes.
    return digest('sha1', regions).equals(parsed.eContent);
  }
  return hash ? true : undefined;
}

function verifyValue(
  scheme: SignatureScheme,
  hash: string | undefined,
  data: Uint8Array[],
  key: X509Certificate,
  signature: Uint8Array,
): boolean {
  const algorithm = scheme.hash === null ? null : (scheme.hash ?? hash ?? null);
  const options = {
    key: key.publicKey,
    ...(scheme.pss
      ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }
      : {}),
    ...(scheme.plain ? { dsaEncoding: 'ieee-p1363' as const } : {}),
  };
  const message = data.length === 1 ? (data[0] as Uint8Array) : Buffer.concat(data);
  try {
    return verify(algorithm, message, options, signature);
  } catch {
    return false;
  }
}

function pssHash(bytes: Uint8Array, algorithm: BerNode | undefined): string | undefined {
  const parameters = algorithm?.children[1];
  const hashNode = parameters?.children.find((child) => child.tagClass === 2 && child.tag === 0);
  return hashNode ? DIGESTS[oidText(bytes, hashNode.children[0]?.children[0])] : 'sha1';
}

const result = (
  outcome: CmsIntegrity['outcome'],
  detail: string,
  rest: Partial<CmsIntegrity> = {},
): CmsIntegrity => ({
  outcome,
  detail,
  certificates: [],
  ...rest,
});

/** Check the CMS `der` over `regions` (the bytes its ByteRange covers). Never throws. */
export function checkCmsIntegrity(der: Uint8Array, regions: Uint8Array[]): CmsIntegrity {
  let parsed: Parsed | undefined;
  try {
    parsed = parse(der);
  } catch (error) {
    if (!(error instanceof BerError)) throw error;
  }
  if (!parsed) return result('UNREADABLE', 'CMS_UNREADABLE');
  try {
    return checkParsed(parsed, regions);
  } catch (error) {
    if (error instanceof BerError) return result('UNREADABLE', 'CMS_UNREADABLE');
    throw error;
  }
}

function checkParsed(parsed: Parsed, regions: Uint8Array[]): CmsIntegrity {
  const { bytes, signerInfo, certificates } = parsed;
  const fields = signerInfo.children;
  const hash = DIGESTS[oidText(bytes, fields[2]?.children[0])];
  const signed = fields.find((node, index) => index > 2 && node.tagClass === 2 && node.tag === 0);
  const algorithmNode = fields[signed ? 4 : 3];
  const signatureNode = fields[signed ? 5 : 4];
  const scheme = SIGNATURES[oidText(bytes, algorithmNode?.children[0])];
  const attrs = attributes(bytes, signed);
  const time =
    parsed.eContent && parsed.eContentType === OID.tstInfo
      ? tstInfo(parsed.eContent)?.time
      : timeOf(bytes, attrs.get(OID.signingTime));
  const signer = findSigner(parsed);
  const base = {
    certificates,
    ...(signer ? { signer } : {}),
    ...(time ? { time } : {}),
    ...(scheme ? { algorithm: `${scheme.name}${scheme.hash === undefined && hash ? ` ${hash}` : ''}` } : {}),
  };
  const content = contentMatches(parsed, regions, hash);
  if (content === false) return result('BROKEN', 'DIGEST_MISMATCH', base);
  if (!hash || content === undefined) return result('UNCHECKABLE', 'DIGEST_ALGORITHM_UNKNOWN', base);
  const signedContent = parsed.eContent ? [parsed.eContent] : regions;
  let data: Uint8Array[] = signedContent;
  if (signed) {
    const messageDigest = attrs.get(OID.messageDigest);
    if (!messageDigest || !digest(hash, signedContent).equals(contentOf(bytes, messageDigest)))
      return result('BROKEN', 'DIGEST_MISMATCH', base);
    const raw = Buffer.from(rawOf(bytes, signed));
    raw[0] = 0x31; // signed over as a SET OF (RFC 5652 §5.4)
    data = [raw];
  }
  if (!scheme || !signer || !signatureNode)
    return result('UNCHECKABLE', signer ? 'SIGNATURE_ALGORITHM_UNKNOWN' : 'SIGNER_CERTIFICATE_MISSING', base);
  const effective = scheme.pss ? { ...scheme, hash: pssHash(bytes, algorithmNode) } : scheme;
  const ok = verifyValue(effective, hash, data, signer, contentOf(bytes, signatureNode));
  return result(ok ? 'INTACT' : 'BROKEN', ok ? 'INTACT' : 'SIGNATURE_INVALID', base);
}

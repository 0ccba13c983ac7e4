/**
 * The time-stamps a licence carries, for the archive job (PAdES B-LTA): the seal's signature time-stamp and
 * every document time-stamp after it, each with its TSA certificate. The newest one's certificate decides
 * when the next document time-stamp is due: before it expires, while the newest token can still be checked.
 * This reads only; whether the tokens are trustworthy is the verifier's business.
 */

import { encodeDer } from '../../pki/der.js';
import { matchesSid, readCertificates } from '../cms-checks.js';
import { OIDS, parseSignedData } from '../cms-signed-data.js';
import { readByteRange, readContents } from '../coverage.js';
import { measureDer } from '../der-structure.js';
import { PdfDocument } from '../document/pdf-document.js';
import { PdfString } from '../pdf-object-reader.js';
import { findSignatures } from '../signatures/signature-fields.js';
import { readTstInfo } from './tst-info.js';

/** One time-stamp of the file. */
export interface LicenceTimestamp {
  kind: 'SIGNATURE_TIMESTAMP' | 'DOCUMENT_TIMESTAMP';
  genTime: Date;
  /** DER of the TSA certificate and the token's other certificates (its chain, as far as carried). */
  tsaCertificates: Uint8Array[];
  /** The TSA certificate's notAfter. */
  tsaValidUntil: Date;
}

const DER_LIMITS = { maxDepth: 32, maxElements: 20_000 };

/** A token's time, its TSA certificate's end and its certificates; undefined when it cannot be read. */
function readToken(token: Uint8Array, kind: LicenceTimestamp['kind']): LicenceTimestamp | undefined {
  try {
    const data = parseSignedData(token);
    if (!data.eContent) return undefined;
    const info = readTstInfo(data.eContent);
    const { certificates } = readCertificates(data);
    const sid = data.signerInfos[0]?.sid;
    const tsa = sid && certificates.find((certificate) => matchesSid(certificate, sid));
    if (!tsa) return undefined;
    return {
      kind,
      genTime: info.genTime,
      tsaCertificates: [tsa.der, ...certificates.filter((item) => item !== tsa).map((item) => item.der)],
      tsaValidUntil: new Date(tsa.x509.validTo),
    };
  } catch {
    return undefined;
  }
}

/** Every readable time-stamp of `pdf`, in file order (the seal's first). */
export function licenceTimestamps(pdf: Uint8Array): LicenceTimestamp[] {
  const doc = new PdfDocument(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
  const final = doc.revisions[doc.revisions.length - 1];
  const found: { end: number; stamp: LicenceTimestamp }[] = [];
  for (const signature of findSignatures(doc, final)) {
    const contents = readContents(signature.dictionary);
    const ranges = readByteRange(signature.dictionary);
    if (!(contents instanceof PdfString) || !contents.bytes || !Array.isArray(ranges)) continue;
    let der: Uint8Array;
    try {
      der = contents.bytes.subarray(0, measureDer(contents.bytes, DER_LIMITS));
    } catch {
      continue;
    }
    const end = (ranges[2] ?? 0) + (ranges[3] ?? 0);
    const data = (() => {
      try {
        return parseSignedData(der);
      } catch {
        return undefined;
      }
    })();
    if (data?.eContentType === OIDS.tstInfo) {
      const stamp = readToken(der, 'DOCUMENT_TIMESTAMP');
      if (stamp) found.push({ end, stamp });
      continue;
    }
    for (const attribute of data?.signerInfos[0]?.unsignedAttributes ?? []) {
      if (attribute.type !== OIDS.signatureTimeStampToken) continue;
      for (const value of attribute.values) {
        const stamp = readToken(encodeDer(value), 'SIGNATURE_TIMESTAMP');
        if (stamp) found.push({ end, stamp });
      }
    }
  }
  return found.sort((a, b) => a.end - b.end).map((item) => item.stamp);
}

/** The newest time-stamp: the last document time-stamp, else the seal's. */
export function newestTimestamp(pdf: Uint8Array): LicenceTimestamp | undefined {
  const stamps = licenceTimestamps(pdf);
  return stamps.reduce<LicenceTimestamp | undefined>(
    (newest, stamp) => (!newest || stamp.genTime.getTime() >= newest.genTime.getTime() ? stamp : newest),
    undefined,
  );
}

/** How long before the newest TSA certificate expires the next document time-stamp is due (B-LTA). */
export const ARCHIVE_MARGIN_DAYS = 90;

/** The day (UTC) a licence's next document time-stamp is due, from its newest time-stamp; none without one. */
export function archiveDueOf(pdf: Uint8Array, marginDays = ARCHIVE_MARGIN_DAYS): string | undefined {
  try {
    const newest = newestTimestamp(pdf);
    return newest
      ? new Date(newest.tsaValidUntil.getTime() - marginDays * 86_400_000).toISOString().slice(0, 10)
      : undefined;
  } catch {
    return undefined; // an unreadable file has no time-stamp to keep
  }
}

/**
 * `archiveDueOf` for a file whose one time-stamp is the seal's `token` (a licence as sealed, before any
 * document time-stamp): the same day, read off the token instead of the whole file.
 */
export function archiveDueOfSealToken(
  token: Uint8Array,
  marginDays = ARCHIVE_MARGIN_DAYS,
): string | undefined {
  try {
    const stamp = readToken(token, 'SIGNATURE_TIMESTAMP');
    return stamp
      ? new Date(stamp.tsaValidUntil.getTime() - marginDays * 86_400_000).toISOString().slice(0, 10)
      : undefined;
  } catch {
    return undefined; // as archiveDueOf: a day that cannot be computed is none
  }
}

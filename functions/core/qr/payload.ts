/**
 * The licence QR's text: the verify URL, which any phone camera opens, with the signed offline payload in
 * its fragment — `https://…/verify/{id}?code=…#ZZ1:<base45(zlib(COSE_Sign1))>`. Fragments are not sent to
 * the server and do not change what a camera opens.
 *
 * RFC 3986 §3.5 allows in a fragment pchar / "/" / "?", where pchar = unreserved / pct-encoded / sub-delims
 * / ":" / "@". Of base45's alphabet (0-9 A-Z space $ % * + - . / :) all are allowed but the space and a "%"
 * that does not start an escape, so exactly those two are percent-encoded (`%20`, `%25`). Their escapes are
 * themselves alphanumeric-mode characters, so the payload stays one alphanumeric segment of the QR code
 * (5.5 bits a character); it only grows by two characters for each of them (about 9 %).
 */
import { deflateSync, inflateSync } from 'node:zlib';
import type { TokenSigner } from '../../ports/token-signer.js';
import { holderTypeOf } from '../certificates/holder.js';
import type { Holder } from '../certificates/model.js';
import { validFromInstant, validUntilInstant } from '../certificates/view.js';
import { parseIdentifier } from '../licence/identifier.js';
import { maskName } from '../masking.js';
import { decodeBase45, encodeBase45 } from './base45.js';
import { type CanonicalSource, licenceDigest } from './canonical.js';
import { encodeLicenceClaims, type LicenceQrClaims } from './claims.js';
import { CoseError, signCoseSign1 } from './cose.js';

/** The payload's prefix: format version 1. */
export const PAYLOAD_PREFIX = 'ZZ1:';
/** A payload inflates to at most this (ours are a few hundred bytes): no zlib bomb gets further. */
const INFLATED_LIMIT = 8192;

/** What the payload is made of: the ledger record's fields (as at issuance) and its status-list entry. */
export type QrLicenceSource = CanonicalSource & { statusList?: { listId: string; idx: number } };

/** The holder as the payload names it: a person masked (`张*三`), an organisation shortened (`湖南某某*公司`). */
export function qrHolderName(holder: Holder): string {
  if (holderTypeOf(holder) !== 'ORGANIZATION') return maskName(holder.name);
  const chars = [...holder.name.trim()];
  return chars.length <= 7 ? chars.join('') : `${chars.slice(0, 4).join('')}*${chars.slice(-2).join('')}`;
}

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** The claims of a licence's QR payload, issued by the service at `issuerUrl`. */
export function licenceQrClaims(issuerUrl: string, licence: QrLicenceSource): LicenceQrClaims {
  return {
    iss: issuerUrl,
    iat: epochSeconds(new Date(licence.issuedAt)),
    nbf: epochSeconds(validFromInstant(licence.validFrom)),
    exp: epochSeconds(validUntilInstant(licence.validUntil)),
    identifier: licence.identifier,
    number: licence.number,
    typeCode: parseIdentifier(licence.identifier).typeCode,
    holder: qrHolderName(licence.holder),
    ...(licence.statusList ? { statusList: licence.statusList } : {}),
    digest: licenceDigest(licence),
  };
}

/** `ZZ1:` + base45(zlib(COSE_Sign1(claims))), signed by `signer`. */
export async function signLicencePayload(signer: TokenSigner, claims: LicenceQrClaims): Promise<string> {
  const { kid } = await signer.publicJwk();
  const cose = await signCoseSign1(signer, Buffer.from(kid, 'base64url'), encodeLicenceClaims(claims));
  return PAYLOAD_PREFIX + encodeBase45(deflateSync(cose, { level: 9 }));
}

/** The COSE_Sign1 bytes of a `ZZ1:` payload; throws `CoseError` when it is not one. */
export function coseOfPayload(payload: string): Uint8Array {
  if (!payload.startsWith(PAYLOAD_PREFIX)) throw new CoseError('not a ZZ1 payload');
  try {
    return inflateSync(decodeBase45(payload.slice(PAYLOAD_PREFIX.length)), {
      maxOutputLength: INFLATED_LIMIT,
    });
  } catch (error) {
    throw new CoseError('the ZZ1 payload is not base45 of zlib data', { cause: error });
  }
}

/** The QR text: `verifyUrl` with the payload as its fragment (space and "%" percent-encoded). */
export const qrTextOf = (verifyUrl: string, payload: string): string =>
  `${verifyUrl}#${payload.replace(/[ %]/g, (char) => (char === ' ' ? '%20' : '%25'))}`;

/**
 * The parts of a scanned text: the URL before the fragment (if the text is one) and the `ZZ1:` payload (from
 * the fragment, percent-decoded, or the whole text when it is a bare payload).
 */
export function splitQrText(text: string): { url?: string; payload?: string } {
  const trimmed = text.trim();
  if (trimmed.startsWith(PAYLOAD_PREFIX)) return { payload: trimmed };
  const hash = trimmed.indexOf('#');
  const url = hash < 0 ? trimmed : trimmed.slice(0, hash);
  const fragment = hash < 0 ? '' : trimmed.slice(hash + 1);
  let payload: string | undefined;
  try {
    const decoded = decodeURIComponent(fragment);
    if (decoded.startsWith(PAYLOAD_PREFIX)) payload = decoded;
  } catch {
    payload = undefined;
  }
  return { ...(/^https?:\/\//i.test(url) ? { url } : {}), ...(payload ? { payload } : {}) };
}

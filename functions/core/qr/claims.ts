/**
 * The CWT (RFC 8392) inside the licence QR's COSE_Sign1. Registered claims: `iss` (1) the issuing service's
 * public base URL (its keys are at `{iss}/.well-known/qr-keys.json`; an `https://` URL is written without its
 * scheme, `zz.example.gov.cn`, and read back with it — 8 bytes the QR code needs), `exp` (4) the end of the licence's last
 * valid day, `nbf` (5) the start of its first (both Asia/Shanghai, as epoch seconds), `iat` (6) the issuance.
 * The licence itself is one private-use claim (RFC 8392 §9.1: keys below -65536 are private use), key
 * -65537, a map with small integer keys so that it costs a byte per key in the QR:
 *
 *   1 identifier (text, GB/T 36904) without its fixed e-licence arc `1.2.156.3005.2.`
 *   2 number (text)
 *   3 type code (text) — not written: our identifiers carry it (`1.2.156.3005.2.<type code>.…`), so the
 *     reader takes it from there, 7 bytes the QR code does not have to spare; a payload that has it wins
 *   4 holder, masked (text: a person `张*三`, an organisation its name's first 4 and last 2 characters
 *     around a `*` — the paper prints the full name, the digest binds it)
 *   6 status-list entry: [listId (text), idx (uint)] — the list is `{iss}/status-lists/{listId}`
 *   7 digest (bstr, 16 bytes): the first 16 bytes of SHA-256 of the licence's canonical data (canonical.ts)
 *
 * The QR code must stay at version 15 or below at level M (readable at the printed size), so nothing goes in
 * that the paper or the digest already carries: no document number (key 5 stays unused), no dates as text.
 */

import { decode, encode } from 'cborg';
import { IDENTIFIER_PREFIX } from '../licence/identifier.js';
import { CoseError } from './cose.js';

/** CWT claim keys (RFC 8392 §3.1.1). */
export const CWT = { iss: 1, exp: 4, nbf: 5, iat: 6 } as const;
/** The private-use claim holding the licence. */
export const LICENCE_CLAIM = -65537;
/** Keys inside the licence claim. */
export const LICENCE_KEYS = {
  identifier: 1,
  number: 2,
  typeCode: 3,
  holder: 4,
  statusList: 6,
  digest: 7,
} as const;

/** The claims of a licence QR, as the issuer signs them and a verifier reads them. */
export interface LicenceQrClaims {
  iss: string;
  /** Epoch seconds. */
  iat: number;
  nbf: number;
  exp: number;
  identifier: string;
  number: string;
  typeCode: string;
  /** Masked (see the module comment). */
  holder: string;
  statusList?: { listId: string; idx: number };
  digest: Uint8Array;
}

const HTTPS = 'https://';
/** The issuer's base URL from the claim: a bare host (no scheme) is an https URL. */
const issuerUrlOf = (iss: string) => (/^[a-z][a-z0-9+.-]*:/i.test(iss) ? iss : `${HTTPS}${iss}`);

/** The licence-type code: the first arc after the e-licence prefix. */
const typeCodeOf = (shortIdentifier: string) => shortIdentifier.split('.')[0] ?? '';

const stripPrefix = (identifier: string) => {
  if (!identifier.startsWith(`${IDENTIFIER_PREFIX}.`)) throw new RangeError('not an e-licence identifier');
  return identifier.slice(IDENTIFIER_PREFIX.length + 1);
};

/** The CWT claims set (CBOR map) of `claims`. */
export function encodeLicenceClaims(claims: LicenceQrClaims): Uint8Array {
  const licence = new Map<number, unknown>([
    [LICENCE_KEYS.identifier, stripPrefix(claims.identifier)],
    [LICENCE_KEYS.number, claims.number],
    [LICENCE_KEYS.holder, claims.holder],
  ]);
  if (claims.statusList)
    licence.set(LICENCE_KEYS.statusList, [claims.statusList.listId, claims.statusList.idx]);
  licence.set(LICENCE_KEYS.digest, claims.digest);
  return encode(
    new Map<number, unknown>([
      [CWT.iss, claims.iss.startsWith(HTTPS) ? claims.iss.slice(HTTPS.length) : claims.iss],
      [CWT.exp, claims.exp],
      [CWT.nbf, claims.nbf],
      [CWT.iat, claims.iat],
      [LICENCE_CLAIM, licence],
    ]),
  );
}

const text = (map: Map<unknown, unknown>, key: number, name: string): string => {
  const value = map.get(key);
  if (typeof value !== 'string') throw new CoseError(`claim ${name} is not text`);
  return value;
};
const seconds = (map: Map<unknown, unknown>, key: number, name: string): number => {
  const value = map.get(key);
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw new CoseError(`claim ${name} is not a time`);
  return value;
};

function statusListOf(value: unknown): LicenceQrClaims['statusList'] {
  if (value === undefined) return undefined;
  const [listId, idx] = Array.isArray(value) ? value : [];
  if (typeof listId !== 'string' || typeof idx !== 'number' || !Number.isSafeInteger(idx) || idx < 0) {
    throw new CoseError('claim statusList is not [listId, idx]');
  }
  return { listId, idx };
}

/** Read the claims of a licence QR's CWT; throws `CoseError` when one is missing or of the wrong type. */
export function decodeLicenceClaims(bytes: Uint8Array): LicenceQrClaims {
  let map: unknown;
  try {
    map = decode(bytes, { useMaps: true, rejectDuplicateMapKeys: true, strict: true });
  } catch (error) {
    throw new CoseError('the payload is not a CBOR claims set', { cause: error });
  }
  if (!(map instanceof Map)) throw new CoseError('the payload is not a claims map');
  const licence = map.get(LICENCE_CLAIM);
  if (!(licence instanceof Map)) throw new CoseError('the payload has no licence claim');
  const digest = licence.get(LICENCE_KEYS.digest);
  if (!(digest instanceof Uint8Array) || digest.length !== 16)
    throw new CoseError('claim digest is not 16 bytes');
  const statusList = statusListOf(licence.get(LICENCE_KEYS.statusList));
  return {
    iss: issuerUrlOf(text(map, CWT.iss, 'iss')),
    iat: seconds(map, CWT.iat, 'iat'),
    nbf: seconds(map, CWT.nbf, 'nbf'),
    exp: seconds(map, CWT.exp, 'exp'),
    identifier: `${IDENTIFIER_PREFIX}.${text(licence, LICENCE_KEYS.identifier, 'identifier')}`,
    number: text(licence, LICENCE_KEYS.number, 'number'),
    typeCode: licence.has(LICENCE_KEYS.typeCode)
      ? text(licence, LICENCE_KEYS.typeCode, 'typeCode')
      : typeCodeOf(text(licence, LICENCE_KEYS.identifier, 'identifier')),
    holder: text(licence, LICENCE_KEYS.holder, 'holder'),
    ...(statusList ? { statusList } : {}),
    digest,
  };
}

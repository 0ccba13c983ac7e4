/**
 * The offline check of a licence QR: with the text a camera read and the published keys (a JWK Set, as at
 * `/.well-known/qr-keys.json`), whether the payload is signed by one of those keys, what it says, and
 * whether the licence's validity has ended — no network. Revocation and suspension are not in the payload:
 * they are in the status list it names (`statusList.uri`), which a verifier fetches when it can.
 */
import { type CanonicalSource, licenceDigest } from './canonical.js';
import { decodeLicenceClaims, type LicenceQrClaims } from './claims.js';
import { CoseError, parseCoseSign1 } from './cose.js';
import { keysById } from './jwk.js';
import { coseOfPayload, splitQrText } from './payload.js';

/**
 * VALID: signed by a published key, within its validity. EXPIRED / NOT_YET_VALID: signed, outside it.
 * INVALID: see `reason`.
 */
export type OfflineVerdict = 'VALID' | 'EXPIRED' | 'NOT_YET_VALID' | 'INVALID';

/**
 * NO_PAYLOAD: the text carries no `ZZ1:` payload. MALFORMED: it does, but not one we can read.
 * UNKNOWN_KEY: signed under a key id not in the key set. BAD_SIGNATURE: the signature does not verify.
 * URL_MISMATCH: the text's URL is not a verify URL of the payload's issuer (a genuine payload copied under a
 * look-alike site's URL).
 */
export type OfflineReason = 'NO_PAYLOAD' | 'MALFORMED' | 'UNKNOWN_KEY' | 'BAD_SIGNATURE' | 'URL_MISMATCH';

export interface OfflineQrResult {
  verdict: OfflineVerdict;
  reason?: OfflineReason;
  signatureValid: boolean;
  /** The key id the payload names. */
  kid?: string;
  /** What the payload says (present once readable, even when the signature fails: never trust it then). */
  claims?: LicenceQrClaims;
  /** The licence's validity as dates (Asia/Shanghai). */
  validity?: { from: string; until: string };
  /** Where the licence's current status is published. */
  statusList?: { uri: string; idx: number };
  /** The URL a camera opens, when the text has one. */
  url?: string;
}

/** `YYYY-MM-DD` in Asia/Shanghai of an epoch second. */
const shanghaiDate = (seconds: number) => new Date(seconds * 1000 + 8 * 3600_000).toISOString().slice(0, 10);

const urlBelongsTo = (url: string, iss: string) => url.startsWith(`${iss.replace(/\/+$/, '')}/verify/`);

/** Check a scanned licence QR text offline against `keySet` at `now`. */
export function verifyQrOffline(text: string, keySet: unknown, now: Date): OfflineQrResult {
  const { url, payload } = splitQrText(text);
  if (!payload)
    return { verdict: 'INVALID', reason: 'NO_PAYLOAD', signatureValid: false, ...(url ? { url } : {}) };
  let claims: LicenceQrClaims;
  let cose: ReturnType<typeof parseCoseSign1>;
  try {
    cose = parseCoseSign1(coseOfPayload(payload));
    claims = decodeLicenceClaims(cose.payload);
  } catch (error) {
    if (!(error instanceof CoseError)) throw error;
    return { verdict: 'INVALID', reason: 'MALFORMED', signatureValid: false, ...(url ? { url } : {}) };
  }
  const kid = Buffer.from(cose.kid).toString('base64url');
  const key = keysById(keySet).get(kid);
  const signatureValid = key !== undefined && cose.verifyWith(key);
  const read = {
    signatureValid,
    kid,
    claims,
    validity: { from: shanghaiDate(claims.nbf), until: shanghaiDate(claims.exp) },
    ...(claims.statusList
      ? {
          statusList: {
            uri: `${claims.iss}/status-lists/${encodeURIComponent(claims.statusList.listId)}`,
            idx: claims.statusList.idx,
          },
        }
      : {}),
    ...(url ? { url } : {}),
  };
  if (!key) return { verdict: 'INVALID', reason: 'UNKNOWN_KEY', ...read };
  if (!signatureValid) return { verdict: 'INVALID', reason: 'BAD_SIGNATURE', ...read };
  if (url && !urlBelongsTo(url, claims.iss)) return { verdict: 'INVALID', reason: 'URL_MISMATCH', ...read };
  const at = now.getTime() / 1000;
  if (at < claims.nbf) return { verdict: 'NOT_YET_VALID', ...read };
  if (at > claims.exp) return { verdict: 'EXPIRED', ...read };
  return { verdict: 'VALID', ...read };
}

/**
 * Whether a payload's claims are those of a ledger record (the verify side holds the record; the payload
 * cannot carry the PDF's hash): identifier, number and the digest of the record's canonical data.
 */
export function claimsMatchRecord(claims: LicenceQrClaims, record: CanonicalSource): boolean {
  return (
    claims.identifier === record.identifier &&
    claims.number === record.number &&
    Buffer.from(claims.digest).equals(Buffer.from(licenceDigest(record)))
  );
}

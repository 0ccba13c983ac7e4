/**
 * COSE_Sign1 (RFC 9052 §4.2) with ES256 (RFC 9053 §2.1): `18([protected, unprotected, payload, signature])`.
 * The protected header carries `alg` (1: -7) and `kid` (4: the key id's bytes); the signature is r ‖ s over
 * `Sig_structure = ["Signature1", protected, external_aad = h'', payload]` (RFC 9052 §4.4).
 */
import { type KeyObject, verify as verifySignature } from 'node:crypto';
import { decode, encode } from 'cborg';
import type { TokenSigner } from '../../ports/token-signer.js';

/** COSE header labels and the ES256 algorithm id (RFC 9052 §3.1, RFC 9053 §2.1). */
export const COSE_ALG = 1;
export const COSE_KID = 4;
export const COSE_ES256 = -7;
/** CBOR tag 18 (COSE_Sign1) as its one-byte head: major type 6, value 18. */
const COSE_SIGN1_TAG = 0xd2;

/** Thrown for bytes that are not a COSE_Sign1 of the shape we sign. */
export class CoseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CoseError';
  }
}

const sigStructure = (protectedBytes: Uint8Array, payload: Uint8Array) =>
  encode(['Signature1', protectedBytes, new Uint8Array(0), payload]);

/** Sign `payload` as a tagged COSE_Sign1 under `signer`, naming the key by `kid` bytes. */
export async function signCoseSign1(
  signer: TokenSigner,
  kid: Uint8Array,
  payload: Uint8Array,
): Promise<Uint8Array> {
  const protectedBytes = encode(
    new Map<number, number | Uint8Array>([
      [COSE_ALG, COSE_ES256],
      [COSE_KID, kid],
    ]),
  );
  const signature = await signer.sign(sigStructure(protectedBytes, payload));
  const body = encode([protectedBytes, new Map(), payload, signature]);
  const tagged = new Uint8Array(body.length + 1);
  tagged[0] = COSE_SIGN1_TAG;
  tagged.set(body, 1);
  return tagged;
}

/** A parsed COSE_Sign1: its key id, payload, and a check of the signature under a given key. */
export interface CoseSign1 {
  kid: Uint8Array;
  payload: Uint8Array;
  verifyWith(key: KeyObject): boolean;
}

const decodeStrict = (bytes: Uint8Array) =>
  decode(bytes, { useMaps: true, rejectDuplicateMapKeys: true, strict: true });

/** Parse a COSE_Sign1 (tagged or not; RFC 9052 §2 lets the tag be implied by context) with alg ES256. */
export function parseCoseSign1(bytes: Uint8Array): CoseSign1 {
  const body = bytes[0] === COSE_SIGN1_TAG ? bytes.subarray(1) : bytes;
  let parts: unknown;
  let header: unknown;
  try {
    parts = decodeStrict(body);
    if (!Array.isArray(parts) || parts.length !== 4) throw new CoseError('not a COSE_Sign1 array');
    header = decodeStrict(parts[0] as Uint8Array);
  } catch (error) {
    if (error instanceof CoseError) throw error;
    throw new CoseError('not CBOR of a COSE_Sign1', { cause: error });
  }
  const [protectedBytes, unprotected, payload, signature] = parts as unknown[];
  if (
    !(protectedBytes instanceof Uint8Array) ||
    !(unprotected instanceof Map) ||
    !(payload instanceof Uint8Array) ||
    !(signature instanceof Uint8Array) ||
    !(header instanceof Map)
  ) {
    throw new CoseError('COSE_Sign1 parts of the wrong types');
  }
  if (header.get(COSE_ALG) !== COSE_ES256) throw new CoseError('COSE_Sign1 algorithm is not ES256');
  const kid = header.get(COSE_KID);
  if (!(kid instanceof Uint8Array)) throw new CoseError('COSE_Sign1 has no protected kid');
  return {
    kid,
    payload,
    verifyWith: (key) =>
      signature.length === 64 &&
      verifySignature(
        'sha256',
        sigStructure(protectedBytes, payload),
        { key, dsaEncoding: 'ieee-p1363' },
        signature,
      ),
  };
}

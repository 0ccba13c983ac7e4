/**
 * Test helpers for B-T/B-LT licences: the CMS of a sealed PDF's first signature, its SignerInfo's signature
 * value and signature time-stamp token, and the DSS objects — read independently of the sealing code.
 */
import { children, decodeDer, encodeDer, oidOf, primitiveBytes } from '../../functions/core/pki/der.js';

const SIGNATURE_TIME_STAMP_TOKEN = '1.2.840.113549.1.9.16.2.14';

/** The DER CMS in the first /Contents of `pdf` (padding removed by its DER length). */
export function cmsOfPdf(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const match = /\/Contents\s*<([0-9a-fA-F]+)>/.exec(text);
  if (!match?.[1]) throw new Error('no /Contents');
  const bytes = Buffer.from(match[1], 'hex');
  return encodeDer(decodeDer(bytes.subarray(0, derLength(bytes))));
}

function derLength(bytes: Uint8Array): number {
  const first = bytes[1] ?? 0;
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  let length = 0;
  for (let index = 0; index < count; index++) length = length * 256 + (bytes[2 + index] ?? 0);
  return 2 + count + length;
}

/** The SignerInfo's signature value and its signature time-stamp token (undefined when there is none). */
export function signatureAndToken(cms: Uint8Array): { signature: Uint8Array; token?: Uint8Array } {
  const signedData = children(children(children(decodeDer(cms))[1])[0]);
  const signerInfos = signedData.at(-1);
  const signerInfo = children(children(signerInfos)[0]);
  const unsigned = signerInfo.find((node) => node.tagClass === 0x80 && node.type === 1);
  const signatureNode = unsigned ? signerInfo.at(-2) : signerInfo.at(-1);
  const signature = primitiveBytes(signatureNode);
  if (!unsigned) return { signature };
  const attribute = children(unsigned).find((a) => oidOf(children(a)[0]) === SIGNATURE_TIME_STAMP_TOKEN);
  const token = attribute ? encodeDer(children(children(attribute)[1])[0] as never) : undefined;
  return { signature, ...(token ? { token } : {}) };
}

/** The PDF object bodies of the last incremental update (after the first %%EOF), as text. */
export function lastUpdateText(pdf: Uint8Array): string {
  const text = Buffer.from(pdf).toString('latin1');
  const firstEof = text.indexOf('%%EOF');
  return text.slice(firstEof + 5);
}

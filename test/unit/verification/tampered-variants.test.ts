/**
 * A generated corpus of tampered, forged and malformed variants of a real sealed licence. Each has the status
 * and reason code the verifier must give; none may be VALID.
 */
import { randomBytes } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCertificate } from '../../../functions/core/pki/certificate.js';
import { verifyPdfSignature } from '../../../functions/core/verification/index.js';
import type { SignatureStatus } from '../../../functions/core/verification/types.js';
import { makeRenderedLicence } from '../pades/rendered-licence.js';
import { createCryptoSigner } from '../pki/crypto-signer.js';
import {
  changeHexDigit,
  flip,
  incrementalUpdate,
  layoutOf,
  overwrite,
  splice,
  withByteRangeText,
  withContents,
} from './pdf-edits.js';
import {
  AUTHORITY,
  createSealingSetup,
  type SealingSetup,
  sealLicence,
  sealWithPadding,
  signWithForgePkcs7,
} from './sealed-licence.js';

interface Variant {
  name: string;
  bytes: () => Uint8Array;
  status: SignatureStatus;
  code: string;
}

/** Nested SEQUENCEs `depth` deep (definite lengths), as DER. */
function nestedSequences(depth: number): Uint8Array {
  let der = new Uint8Array(0);
  for (let level = 0; level < depth; level++) {
    const length =
      der.length < 0x80
        ? [der.length]
        : der.length < 0x100
          ? [0x81, der.length]
          : [0x82, der.length >> 8, der.length & 0xff];
    der = Uint8Array.from([0x30, ...length, ...der]);
  }
  return der;
}

describe('tampered and forged variants of a sealed licence', () => {
  let setup: SealingSetup;
  let pdf: Uint8Array;
  let padded: Uint8Array;
  const forged: Record<string, Uint8Array> = {};

  beforeAll(async () => {
    setup = await createSealingSetup();
    pdf = await sealLicence(setup);
    padded = await sealWithPadding(setup, 32);
    // An attacker's own key and a self-signed certificate with exactly the seal certificate's subject.
    const attacker = createCryptoSigner(3072);
    const name = { country: 'CN', organization: AUTHORITY, commonName: AUTHORITY };
    const selfSigned = await createCertificate({
      subject: name,
      issuer: name,
      serialNumber: Uint8Array.of(0x42, 1, 2, 3),
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2031-01-01T00:00:00Z'),
      subjectPublicKey: await attacker.publicKey(),
      extensions: { keyUsage: ['digitalSignature', 'nonRepudiation'] },
      issuerSigner: attacker,
    });
    forged.selfSigned = await sealLicence(setup, { signer: attacker, certificates: [selfSigned] });
    const otherRoot = await createSealingSetup();
    forged.otherRoot = await sealLicence(otherRoot);
    const expiredChain = await createSealingSetup({ issuedAt: '2015-01-01T00:00:00.000Z' });
    forged.expired = await sealLicence(expiredChain);
    setup.trust.roots.push(expiredChain.root); // trusted root, but its seal certificate ended in 2020
    forged.beforeIssue = await sealLicence(setup, { signingTime: new Date('2026-01-01T00:00:00Z') });
    forged.adbe = await signWithForgePkcs7(setup);
    const unsigned = await (await makeRenderedLicence()).doc.save();
    forged.unsigned = unsigned;
    forged.unsignedDoc = await (await PDFDocument.create()).save();
  });

  const variants: Variant[] = [
    {
      name: 'one byte flipped in the page content (first range)',
      bytes: () => overwrite(pdf, Buffer.from(pdf).indexOf('<8425') + 4, '6'),
      status: 'TAMPERED',
      code: 'MESSAGE_DIGEST_MISMATCH',
    },
    {
      name: 'one byte flipped near the start of the first range',
      bytes: () => flip(pdf, 12),
      status: 'TAMPERED',
      code: 'MESSAGE_DIGEST_MISMATCH',
    },
    {
      name: 'one byte flipped in the signature dictionary /M',
      bytes: () => flip(pdf, Buffer.from(pdf).indexOf('(D:20') + 6),
      status: 'TAMPERED',
      code: 'MESSAGE_DIGEST_MISMATCH',
    },
    {
      name: 'one byte flipped in the second range (xref table)',
      bytes: () => flip(pdf, Buffer.from(pdf).lastIndexOf(' n ') - 1),
      status: 'TAMPERED',
      code: 'MESSAGE_DIGEST_MISMATCH',
    },
    {
      name: 'one byte flipped just before %%EOF (second range)',
      bytes: () => flip(pdf, pdf.length - 10),
      status: 'TAMPERED',
      code: 'MESSAGE_DIGEST_MISMATCH',
    },
    {
      name: 'bytes appended after %%EOF',
      bytes: () => splice(pdf, pdf.length, 0, '\n% appended after signing\n'),
      status: 'TAMPERED',
      code: 'TAIL_NOT_COVERED',
    },
    {
      name: 'an incremental update (new object, xref, trailer) after signing',
      bytes: () =>
        incrementalUpdate(pdf, '<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents (forged) >>'),
      status: 'TAMPERED',
      code: 'TAIL_NOT_COVERED',
    },
    {
      name: 'an incremental update adding a second signature dictionary',
      bytes: () =>
        incrementalUpdate(
          pdf,
          '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 10 20 30] /Contents <00> >>',
        ),
      status: 'TAMPERED',
      code: 'MULTIPLE_SIGNATURES',
    },
    {
      name: 'ByteRange offset1 edited (head uncovered)',
      bytes: () => {
        const [, a, b, c] = layoutOf(pdf).byteRange;
        return withByteRangeText(pdf, `[5 ${a - 5} ${b} ${c}`);
      },
      status: 'TAMPERED',
      code: 'HEAD_NOT_COVERED',
    },
    {
      name: 'ByteRange length1 edited (gap larger than /Contents)',
      bytes: () => {
        const [, a, b, c] = layoutOf(pdf).byteRange;
        return withByteRangeText(pdf, `[0 ${a - 40} ${b} ${c}`);
      },
      status: 'TAMPERED',
      code: 'GAP_NOT_CONTENTS',
    },
    {
      name: 'ByteRange offset2 edited (gap larger, past the end)',
      bytes: () => {
        const [, a, b, c] = layoutOf(pdf).byteRange;
        return withByteRangeText(pdf, `[0 ${a} ${b + 40} ${c}`);
      },
      status: 'TAMPERED',
      code: 'GAP_NOT_CONTENTS',
    },
    {
      name: 'ByteRange length2 edited (tail uncovered)',
      bytes: () => {
        const [, a, b, c] = layoutOf(pdf).byteRange;
        return withByteRangeText(pdf, `[0 ${a} ${b} ${c - 100}`);
      },
      status: 'TAMPERED',
      code: 'TAIL_NOT_COVERED',
    },
    {
      name: 'ByteRange with one range only',
      bytes: () => {
        const [, a] = layoutOf(pdf).byteRange;
        return withByteRangeText(pdf, `[0 ${a}`);
      },
      status: 'TAMPERED',
      code: 'BYTE_RANGE_INVALID',
    },
    {
      name: 'ByteRange with a negative number',
      bytes: () => {
        const [, a, b, c] = layoutOf(pdf).byteRange;
        return withByteRangeText(pdf, `[0 ${a} -${b} ${c}`);
      },
      status: 'TAMPERED',
      code: 'BYTE_RANGE_INVALID',
    },
    {
      name: 'ByteRange with reversed (overlapping) ranges',
      bytes: () => {
        const [, a, b, c] = layoutOf(pdf).byteRange;
        return withByteRangeText(pdf, `[0 ${b} ${a} ${c}`);
      },
      status: 'TAMPERED',
      code: 'BYTE_RANGE_OVERLAP',
    },
    {
      name: 'ByteRange with real numbers',
      bytes: () => {
        const [, a, b, c] = layoutOf(pdf).byteRange;
        return withByteRangeText(pdf, `[0 ${a}.0 ${b} ${c}`);
      },
      status: 'TAMPERED',
      code: 'BYTE_RANGE_INVALID',
    },
    {
      name: '/Contents padding after the DER made non-zero',
      bytes: () => {
        const { hexStart, cms } = layoutOf(padded);
        return overwrite(padded, hexStart + cms.length * 2 + 6, '7f');
      },
      status: 'TAMPERED',
      code: 'CONTENTS_PADDING_NOT_ZERO',
    },
    {
      name: 'CMS signature value with one bit flipped',
      bytes: () => {
        const { hexStart, cms } = layoutOf(pdf);
        return changeHexDigit(pdf, hexStart + cms.length * 2 - 1);
      },
      status: 'TAMPERED',
      code: 'SIGNATURE_INVALID',
    },
    {
      name: 'messageDigest attribute replaced',
      bytes: () => {
        const { hexStart, cms } = layoutOf(pdf);
        const at = cms.indexOf(Buffer.from('2a864886f70d010904', 'hex')) + 9 + 4;
        return overwrite(pdf, hexStart + at * 2, 'ab'.repeat(32));
      },
      status: 'TAMPERED',
      code: 'MESSAGE_DIGEST_MISMATCH',
    },
    {
      name: 'seal certificate inside the CMS altered',
      bytes: () => {
        const { hexStart, cms } = layoutOf(pdf);
        const at = cms.indexOf(Buffer.from(setup.seal)) + setup.seal.length - 5;
        return changeHexDigit(pdf, hexStart + at * 2 + 1);
      },
      status: 'TAMPERED',
      code: 'SIGNING_CERTIFICATE_MISMATCH',
    },
    {
      name: 'root certificate copy inside the CMS altered',
      bytes: () => {
        const { hexStart, cms } = layoutOf(pdf);
        const at = cms.indexOf(Buffer.from(setup.root)) + setup.root.length - 5;
        return changeHexDigit(pdf, hexStart + at * 2 + 1);
      },
      status: 'TAMPERED',
      code: 'EXTRA_CERTIFICATE',
    },
    {
      name: 'SignedData version changed from 1 to 3',
      bytes: () => overwrite(pdf, layoutOf(pdf).hexStart + 50, '03'),
      status: 'TAMPERED',
      code: 'CMS_VERSION_INVALID',
    },
    {
      name: 'a /Contents hex digit changed to upper case (same bytes, other file)',
      bytes: () => {
        const { hexStart } = layoutOf(pdf);
        const text = Buffer.from(pdf)
          .subarray(hexStart, hexStart + 400)
          .toString('latin1');
        const at = hexStart + text.search(/[a-f]/);
        return overwrite(pdf, at, String.fromCharCode(pdf[at]! - 32));
      },
      status: 'TAMPERED',
      code: 'CONTENTS_INVALID',
    },
    {
      name: 'signer certificate replaced by a self-signed one with the same subject',
      bytes: () => forged.selfSigned!,
      status: 'UNKNOWN_SIGNER',
      code: 'CERTIFICATE_UNTRUSTED',
    },
    {
      name: 'signed under another root with the same names',
      bytes: () => forged.otherRoot!,
      status: 'UNKNOWN_SIGNER',
      code: 'CERTIFICATE_UNTRUSTED',
    },
    {
      name: 'seal certificate expired at the signing time',
      bytes: () => forged.expired!,
      status: 'UNKNOWN_SIGNER',
      code: 'CERTIFICATE_NOT_VALID_AT_SIGNING_TIME',
    },
    {
      name: 'signing time before the seal certificate was issued',
      bytes: () => forged.beforeIssue!,
      status: 'UNKNOWN_SIGNER',
      code: 'CERTIFICATE_NOT_VALID_AT_SIGNING_TIME',
    },
    {
      name: 'adbe.pkcs7.detached signature made by another tool (node-forge) with our key',
      bytes: () => forged.adbe!,
      status: 'UNKNOWN_SIGNER',
      code: 'SUBFILTER_UNSUPPORTED',
    },
    {
      name: 'file truncated to half',
      bytes: () => pdf.subarray(0, pdf.length >> 1),
      status: 'MALFORMED',
      code: 'PDF_INCOMPLETE',
    },
    {
      name: 'bytes cut from the middle of the first range',
      bytes: () => splice(pdf, 200, 10),
      status: 'TAMPERED',
      code: 'BYTE_RANGE_BEYOND_FILE',
    },
    { name: 'empty file', bytes: () => new Uint8Array(0), status: 'MALFORMED', code: 'NOT_A_PDF' },
    {
      name: 'random bytes',
      bytes: () => new Uint8Array(randomBytes(4096)),
      status: 'MALFORMED',
      code: 'NOT_A_PDF',
    },
    {
      name: '%PDF- header after more than 1024 bytes of junk',
      bytes: () => splice(pdf, 0, 0, ' '.repeat(2000)),
      status: 'MALFORMED',
      code: 'NOT_A_PDF',
    },
    {
      name: 'huge /Contents hex string',
      bytes: () => {
        const { byteRange, hexStart } = layoutOf(pdf);
        return splice(pdf, hexStart, byteRange[2] - 1 - hexStart, '00'.repeat(600_000));
      },
      status: 'MALFORMED',
      code: 'CONTENTS_TOO_LARGE',
    },
    {
      name: 'deeply nested ASN.1 in /Contents',
      bytes: () => withContents(pdf, nestedSequences(600)),
      status: 'MALFORMED',
      code: 'CMS_MALFORMED',
    },
    {
      name: 'indefinite-length ASN.1 bomb in /Contents',
      bytes: () =>
        withContents(
          pdf,
          new Uint8Array(2000).map((_, i) => (i % 2 === 0 ? 0x30 : 0x80)),
        ),
      status: 'MALFORMED',
      code: 'CMS_MALFORMED',
    },
    {
      name: 'CMS length claiming more than /Contents holds',
      bytes: () => withContents(pdf, Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff)),
      status: 'MALFORMED',
      code: 'CMS_MALFORMED',
    },
    {
      name: '/Contents all zeros (never signed)',
      bytes: () => withContents(pdf, new Uint8Array(0)),
      status: 'MALFORMED',
      code: 'SIGNATURE_EMPTY',
    },
    {
      name: 'a licence PDF without a signature',
      bytes: () => forged.unsigned!,
      status: 'NOT_SIGNED',
      code: 'NO_SIGNATURE',
    },
    {
      name: 'an empty pdf-lib document',
      bytes: () => forged.unsignedDoc!,
      status: 'NOT_SIGNED',
      code: 'NO_SIGNATURE',
    },
  ];

  it('has at least 30 variants', () => {
    expect(variants.length).toBeGreaterThanOrEqual(30);
  });

  it.each(variants)('$name → $status ($code)', ({ bytes, status, code }) => {
    // Prepare
    const input = bytes();
    // Act
    const result = verifyPdfSignature(input, setup.trust);
    // Assess
    expect(result.status).toBe(status);
    expect(result.reasons.map((reason) => reason.code)).toContain(code);
    expect(result.reasons.every((reason) => / \/ /.test(reason.message))).toBe(true);
    if (result.signature)
      expect(result.signature.coversWholeDocument).toBe(
        result.reasons.every((r) => !/RANGE|COVERED|GAP/.test(r.code)),
      );
  });
});

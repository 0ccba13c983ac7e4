/**
 * The verifier on real sealed licences (sealPdf + bootstrapSealChain + an RSA-3072 node:crypto signer), and
 * its small parsers on their own.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DerStructureError, measureDer } from '../../../functions/core/verification/der-structure.js';
import { verifyPdfSignature } from '../../../functions/core/verification/index.js';
import { parsePdfDate } from '../../../functions/core/verification/pdf-date.js';
import { PdfObjectReader, PdfReadError } from '../../../functions/core/verification/pdf-object-reader.js';
import {
  AUTHORITY,
  createSealingSetup,
  SEALED_AT,
  type SealingSetup,
  sealLicence,
  sealWithPadding,
  serialOf,
} from './sealed-licence.js';

describe('verifyPdfSignature on sealed licences', () => {
  let setup: SealingSetup;
  let pdf: Uint8Array;

  beforeAll(async () => {
    setup = await createSealingSetup();
    pdf = await sealLicence(setup);
  });

  it('reports a freshly sealed licence as VALID with its signer, serial, time and algorithm', () => {
    // Act
    const result = verifyPdfSignature(pdf, setup.trust);
    // Assess
    expect(result.status).toBe('VALID');
    expect(result.reasons).toEqual([]);
    expect(result.signature).toEqual({
      signer: AUTHORITY,
      signedAt: SEALED_AT.toISOString(),
      coversWholeDocument: true,
      algorithm: 'RSASSA-PKCS1-v1_5 SHA-256',
      certificateSerial: serialOf(setup.seal),
      level: 'B-B',
    });
    expect(result.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
  });

  it('accepts zero padding after the DER inside /Contents', async () => {
    const padded = await sealWithPadding(setup, 64);
    expect(verifyPdfSignature(padded, setup.trust).status).toBe('VALID');
  });

  it('reports UNKNOWN_SIGNER for our own licence when our root is not among the trust anchors', async () => {
    const stranger = await createSealingSetup({ modulusLength: 2048 });
    const result = verifyPdfSignature(pdf, stranger.trust);
    expect(result.status).toBe('UNKNOWN_SIGNER');
    expect(result.reasons[0]?.message).toContain('签章证书不是本系统签发的');
    expect(result.signature?.coversWholeDocument).toBe(true);
  });

  it('ignores trust anchors that are not certificates instead of failing', () => {
    const result = verifyPdfSignature(pdf, { roots: [Uint8Array.of(1, 2, 3), setup.root] });
    expect(result.status).toBe('VALID');
  });

  it('refuses files above maxBytes without reading them, but still hashes them', () => {
    const result = verifyPdfSignature(pdf, setup.trust, { maxBytes: 1000 });
    expect(result.status).toBe('MALFORMED');
    expect(result.reasons.map((reason) => reason.code)).toEqual(['FILE_TOO_LARGE']);
    expect(result.sha256).toHaveLength(64);
  });

  it('verifies a licence in a few milliseconds', () => {
    const started = performance.now();
    for (let run = 0; run < 20; run++) verifyPdfSignature(pdf, setup.trust);
    const perFile = (performance.now() - started) / 20;
    console.info(`verifyPdfSignature on a sealed licence (${pdf.length} bytes): ${perFile.toFixed(2)} ms`);
    expect(perFile).toBeLessThan(100);
  });
});

describe('parsePdfDate', () => {
  it('reads UTC, offset and partial dates', () => {
    expect(parsePdfDate('D:20260401023000Z')?.toISOString()).toBe('2026-04-01T02:30:00.000Z');
    expect(parsePdfDate("D:20260401103000+08'00'")?.toISOString()).toBe('2026-04-01T02:30:00.000Z');
    expect(parsePdfDate("D:20260331213000-05'00")?.toISOString()).toBe('2026-04-01T02:30:00.000Z');
    expect(parsePdfDate('D:2026')?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('rejects impossible or garbled dates', () => {
    for (const text of [
      '',
      'D:',
      'D:20260231000000Z',
      'D:20261301',
      'D:2026040102300099',
      `D:${'9'.repeat(60)}`,
    ]) {
      expect(parsePdfDate(text)).toBeUndefined();
    }
  });
});

describe('measureDer', () => {
  const limits = { maxDepth: 24, maxElements: 20_000 };

  it('measures the first element and ignores what follows', () => {
    expect(measureDer(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x05, 0, 0, 0), limits)).toBe(5);
  });

  it('rejects nesting far beyond the limit without exhausting the stack', () => {
    const deep = new Uint8Array(200_000).map((_, index) => (index % 2 === 0 ? 0x30 : 0x80));
    expect(() => measureDer(deep, limits)).toThrow(DerStructureError);
  });

  it('only ever throws DerStructureError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          const length = measureDer(bytes, limits);
          expect(length).toBeLessThanOrEqual(bytes.length);
        } catch (error) {
          expect(error).toBeInstanceOf(DerStructureError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('PdfObjectReader', () => {
  it('reads a signature dictionary with offsets of its strings', () => {
    const text = '<< /Type /Sig /ByteRange [0 10 20 30] /Contents <0a0B> /M (D:2026\\051) /N#61me 1 0 R >>';
    const value = new PdfObjectReader(Buffer.from(text), 0, { tokens: 100, maxStringBytes: 100 }).readValue();
    expect(value).toMatchObject({ entries: expect.any(Map) });
    const dict = value as { get(key: string): unknown };
    expect(dict.get('Contents')).toMatchObject({ start: text.indexOf('<0a'), canonicalHex: false });
    expect(Buffer.from((dict.get('M') as { bytes: Uint8Array }).bytes).toString()).toBe('D:2026)');
    expect(dict.get('Name')).toMatchObject({ num: 1, gen: 0 });
  });

  it('only ever throws PdfReadError on arbitrary PDF-ish text', () => {
    const token = fc.constantFrom(
      '<<',
      '>>',
      '[',
      ']',
      '(',
      ')',
      '<',
      '>',
      '/Name',
      '12',
      '-3.5',
      'R',
      'obj',
      '\\',
      '%c\n',
      ' ',
      '0a',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => {
        try {
          new PdfObjectReader(Buffer.from(tokens.join('')), 0, {
            tokens: 1000,
            maxStringBytes: 64,
          }).readValue();
        } catch (error) {
          expect(error).toBeInstanceOf(PdfReadError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

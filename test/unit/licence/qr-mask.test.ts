/**
 * The licence QR's mask is chosen by qr-mask.ts in place of `qrcode`'s own search: the codes must be the very
 * codes the library makes — the same mask and every module the same — for texts of every length up to the
 * largest version printed and beyond, in byte and alphanumeric mode, at every error correction level.
 */
import fc from 'fast-check';
import * as QRCode from 'qrcode/lib/core/qrcode.js';
import { afterEach, describe, expect, it } from 'vitest';
import { qrCodeOf, qrSegments } from '../../../functions/core/licence/render/page-model.js';
import {
  bestMask,
  libraryBestMask,
  useFastMaskChoice,
} from '../../../functions/core/licence/render/qr-mask.js';

type Level = 'L' | 'M' | 'Q' | 'H';

/** The code `qrcode` makes with its own mask choice, and the one made with ours. */
function both(text: string, level: Level) {
  try {
    useFastMaskChoice(libraryBestMask);
    const library = QRCode.create(qrSegments(text), { errorCorrectionLevel: level });
    useFastMaskChoice(bestMask);
    const ours = QRCode.create(qrSegments(text), { errorCorrectionLevel: level });
    return { library, ours };
  } finally {
    useFastMaskChoice(bestMask);
  }
}

afterEach(() => useFastMaskChoice(bestMask));

describe('the QR mask choice', () => {
  it('makes the codes qrcode makes, module for module', () => {
    const masks = new Set<number>();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 700 }),
          fc.stringMatching(/^[0-9A-Z $%*+\-./:]{1,900}$/),
          fc.string({ unit: 'grapheme', maxLength: 200 }),
        ),
        fc.constantFrom<Level>('L', 'M', 'Q', 'H'),
        (text, level) => {
          const { library, ours } = both(text, level);
          masks.add(library.maskPattern ?? -1);
          expect(ours.maskPattern).toBe(library.maskPattern);
          expect(ours.version).toBe(library.version);
          expect(Buffer.from(ours.modules.data).equals(Buffer.from(library.modules.data))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
    // The property saw the choice matter: more than one mask won.
    expect(masks.size).toBeGreaterThan(3);
  });

  it('makes a licence text’s code as qrcode does (verify URL with its offline payload, version 14)', () => {
    const text = `https://zz.example.gov.cn/verify/ZZ-2026-000001?code=ABCD2345#ZZ1:${'6BFOXN*TS0BI$ZD.P9'.repeat(27)}`;
    const { library, ours } = both(text, 'M');
    expect(ours.maskPattern).toBe(library.maskPattern);
    expect(Buffer.from(ours.modules.data).equals(Buffer.from(library.modules.data))).toBe(true);
    // What the renderer draws comes from the encoder with our choice in place.
    expect(Buffer.from(qrCodeOf(text).modules.data).equals(Buffer.from(library.modules.data))).toBe(true);
  });
});

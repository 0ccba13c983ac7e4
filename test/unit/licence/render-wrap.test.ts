import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLOSING_PUNCTUATION,
  OPENING_PUNCTUATION,
  wrapText,
} from '../../../functions/core/licence/render/wrap.js';

// Prepare (shared): a monospace-like measure: ideographs and full-width marks 1 em, Latin/ASCII 0.5 em.
const em = (text: string): number => [...text].reduce((w, c) => w + (c.charCodeAt(0) < 0x2e80 ? 0.5 : 1), 0);

const ideograph = fc.constantFrom(...'证照持有人食品生产许可湖南省长沙市喆堃䶮𠇔'.split(/(?:)/u));
const closing = fc.constantFrom(...'，。、；：？！）」》'.split(''));
const opening = fc.constantFrom(...'（「《'.split(''));
const latinWord = fc.stringMatching(/^[A-Za-z0-9]{1,5}$/);

/** Text built so that no unbreakable unit is wider than 3 em: the kinsoku rules can then always hold. */
const wellFormedText = fc
  .array(
    fc.oneof(
      ideograph,
      fc.tuple(ideograph, closing).map(([a, b]) => a + b),
      fc.tuple(opening, ideograph).map(([a, b]) => a + b),
      latinWord.map((w) => `${w} `),
    ),
    { minLength: 1, maxLength: 60 },
  )
  .map((parts) => parts.join(''));

const anyText = fc
  .array(fc.oneof(ideograph, closing, opening, latinWord, fc.constant(' ')), { maxLength: 80 })
  .map((parts) => parts.join(''));

describe('wrapText', () => {
  it('breaks Chinese text between any two characters to fill the line', () => {
    // Act
    const lines = wrapText('食品生产许可证持有人', 4, em);
    // Assess
    expect(lines).toEqual(['食品生产', '许可证持', '有人']);
  });

  it('never starts a line with closing punctuation: the mark takes the previous character with it', () => {
    // Act
    const lines = wrapText('许可证持，有人', 4, em);
    // Assess
    expect(lines).toEqual(['许可证', '持，有人']);
  });

  it('never ends a line with opening punctuation: the mark moves to the next line', () => {
    // Act
    const lines = wrapText('许可证（持有人）', 4, em);
    // Assess
    expect(lines).toEqual(['许可证', '（持有', '人）']);
  });

  it('keeps Latin words and numbers whole and breaks after their spaces', () => {
    // Act
    const lines = wrapText('产品 ABC123 型号 500ml', 6, em);
    // Assess
    expect(lines).toEqual(['产品 ABC123 ', '型号 500ml']);
    expect(lines.join('')).toBe('产品 ABC123 型号 500ml');
  });

  it('splits a Latin token by character only when it alone is wider than the line', () => {
    // Act
    const lines = wrapText('1.2.156.3005.2.11430000', 4, em);
    // Assess
    expect(lines.every((l) => em(l) <= 4)).toBe(true);
    expect(lines.join('')).toBe('1.2.156.3005.2.11430000');
  });

  it('starts a new line at an explicit newline', () => {
    expect(wrapText('第一行\n第二行', 10, em)).toEqual(['第一行', '第二行']);
  });

  it('gives back the input when the lines are joined, and no line is wider than the limit (property)', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 2, max: 30 }), (text, width) => {
        // Act
        const lines = wrapText(text, width, em);
        // Assess
        expect(lines.join('')).toBe(text);
        for (const line of lines) expect(em(line)).toBeLessThanOrEqual(width);
      }),
    );
  });

  it('obeys the punctuation rules and keeps words whole whenever that is possible (property)', () => {
    fc.assert(
      fc.property(wellFormedText, fc.integer({ min: 4, max: 30 }), (text, width) => {
        // Act
        const lines = wrapText(text, width, em);
        // Assess
        expect(lines.join('')).toBe(text);
        lines.forEach((line, i) => {
          const chars = [...line];
          if (i > 0) expect(CLOSING_PUNCTUATION.has(chars[0] ?? '')).toBe(false);
          if (i < lines.length - 1) expect(OPENING_PUNCTUATION.has(chars.at(-1) ?? '')).toBe(false);
          if (i < lines.length - 1)
            expect(/[A-Za-z0-9]$/.test(line) && /^[A-Za-z0-9]/.test(lines[i + 1] ?? '')).toBe(false);
        });
      }),
    );
  });
});

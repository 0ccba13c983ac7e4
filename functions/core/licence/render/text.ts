/**
 * Drawing text with per-character font fallback onto a pdf-lib page, and embedding only the fonts a
 * document really uses (each as a subset with a deterministic subset tag).
 */
import {
  type Color,
  type PDFDocument,
  type PDFFont,
  popGraphicsState,
  pushGraphicsState,
  setLineWidth,
  setStrokingRgbColor,
  setTextRenderingMode,
  TextRenderingMode,
} from 'pdf-lib';
import type { PageSurface } from './content-writer.js';
import type { FontSet } from './fonts.js';

/** The fonts embedded in one document, by font index (primary = 0); `undefined` where unused. */
export type EmbeddedFonts = (PDFFont | undefined)[];

/** FNV-1a, 32 bit: a stable, dependency-free hash for names that must not change between runs. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * ISO 32000-1 §9.6.4: a subset font's name starts with six upper-case letters and `+`. pdf-lib would
 * append a random number instead, which makes equal input render different bytes.
 */
export function subsetTag(seed: string): string {
  let hash = fnv1a(seed);
  let tag = '';
  for (let i = 0; i < 6; i++) {
    tag += String.fromCharCode(65 + (hash % 26));
    hash = Math.floor(hash / 26) + fnv1a(`${seed}${i}`);
  }
  return tag;
}

/**
 * Embeds, as subsets, the fonts needed to print `texts` (checking every character first, so an
 * unprintable one fails before any work is done). The primary font is always embedded.
 */
export async function embedFontsFor(
  doc: PDFDocument,
  fontSet: FontSet,
  texts: readonly string[],
  seed: string,
): Promise<EmbeddedFonts> {
  const needed = new Set<number>([0]);
  for (const text of texts) for (const run of fontSet.segment(text)) needed.add(run.fontIndex);
  const embedded: EmbeddedFonts = [];
  for (const index of [...needed].sort((a, b) => a - b)) {
    embedded[index] = await doc.embedFont(fontSet.bytes[index] as Uint8Array, {
      subset: true,
      customName: `${subsetTag(`${seed}/${index}`)}+${fontSet.postscriptName(index)}`,
    });
  }
  return embedded;
}

/** What of pdf-lib's font internals `includeSharedGlyphs` reaches: the subset adapter of fonts.ts. */
interface SubsetInternals {
  embedder?: { subset?: { markSharedGlyphs?: () => void } };
}

/**
 * Puts the glyphs of `texts` (the text every licence of a type prints) first into the fonts' subsets, in this
 * order, and marks where they end: the subsets then share their first bytes across licences, which lets
 * font-deflate.ts reuse their deflate data. Glyphs not drawn later are never included (`texts` are drawn).
 */
export function includeSharedGlyphs(fontSet: FontSet, fonts: EmbeddedFonts, texts: readonly string[]): void {
  for (const text of texts)
    for (const run of fontSet.segment(text)) fontFor(fonts, run.fontIndex).encodeText(run.text);
  for (const font of fonts) (font as SubsetInternals | undefined)?.embedder?.subset?.markSharedGlyphs?.();
}

/** Where and how to draw one line of text. */
export interface LineStyle {
  x: number;
  y: number;
  size: number;
  color: Color;
  /** Simulated bold (fill + thin outline), as the fonts ship one weight. */
  bold?: boolean;
}

/** The embedded font for a run; `embedFontsFor` guarantees it exists for every text it was given. */
export function fontFor(fonts: EmbeddedFonts, index: number): PDFFont {
  const font = fonts[index];
  if (!font) throw new Error(`font ${index} was not embedded for this text`);
  return font;
}

/** Draws one line, switching fonts per run of characters. Returns the x after the last character. */
export function drawLine(
  page: PageSurface,
  fontSet: FontSet,
  fonts: EmbeddedFonts,
  text: string,
  style: LineStyle,
): number {
  let x = style.x;
  if (style.bold) {
    const { red, green, blue } = style.color as { red: number; green: number; blue: number };
    page.pushOperators(
      pushGraphicsState(),
      setTextRenderingMode(TextRenderingMode.FillAndOutline),
      setLineWidth(style.size * 0.035),
      setStrokingRgbColor(red, green, blue),
    );
  }
  for (const run of fontSet.segment(text)) {
    const font = fontFor(fonts, run.fontIndex);
    page.drawText(run.text, { x, y: style.y, size: style.size, font, color: style.color });
    x += font.widthOfTextAtSize(run.text, style.size);
  }
  if (style.bold) page.pushOperators(popGraphicsState());
  return x;
}

/** Width a line will take when drawn by `drawLine` (pdf-lib's own metrics, kerning included). */
export function lineWidth(fontSet: FontSet, fonts: EmbeddedFonts, text: string, size: number): number {
  let width = 0;
  for (const run of fontSet.segment(text))
    width += fontFor(fonts, run.fontIndex).widthOfTextAtSize(run.text, size);
  return width;
}

/**
 * The licence's fonts: parsed once per process, picked per character (primary first, then the fallbacks),
 * measured without pdf-lib, and handed to pdf-lib through a fontkit-2 adapter.
 *
 * Why not `@pdf-lib/fontkit`: its 1.1.1 subsetter drops about half the glyphs of Noto SC fonts (odd-length
 * glyph records, pdf-lib#1232, fixed upstream in foliojs/fontkit#191), so the PDF extracts fine but prints
 * blank boxes. Upstream fontkit 2 subsets correctly; it only lacks the `encodeStream()` pdf-lib calls.
 */
import * as fontkit from 'fontkit';
import type { PDFDocument } from 'pdf-lib';
import { DomainError } from '../../errors.js';
import { deflateFontProgram, glyphOffset, offerDeflated } from './font-deflate.js';

/** TTF/OTF bytes of the licence fonts (never WOFF: decompressing it costs seconds per document). */
export interface LicenceFonts {
  primary: Uint8Array;
  fallbacks: Uint8Array[];
}

/** A run of text that one font can print: `fontIndex` 0 is the primary font, 1… the fallbacks in order. */
export interface FontRun {
  fontIndex: number;
  text: string;
}

type FontkitInput = Parameters<PDFDocument['registerFontkit']>[0];

/** Characters that are layout controls, not ink: never looked up in a font. */
const isIgnorable = (codePoint: number): boolean => codePoint === 0x200b || codePoint === 0xfeff;

/** Parses TTF/OTF bytes (a collection is not accepted: pdf-lib embeds one face). */
function parseFont(bytes: Uint8Array): fontkit.Font {
  const parsed = fontkit.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (!('unitsPerEm' in parsed) || !('createSubset' in parsed)) {
    throw new DomainError(
      'INVALID',
      'FONT_NOT_SUPPORTED',
      '字体文件不是单一 TTF/OTF 字体',
      'Font is not a single TTF/OTF face',
    );
  }
  return parsed as fontkit.Font;
}

/** The fontkit internals the subsetter reads (fontkit 2's TTFFont / TTFGlyph; not in its typings). */
interface TrueTypeInternals {
  directory?: { tables?: Record<string, unknown> };
  loca?: { offsets: number[] };
  _variationProcessor?: unknown;
  _getTableStream(tag: string): { pos: number; readInt16BE(): number } | null;
}
interface GlyphInternals {
  id: number;
  _decode(): unknown;
}

/**
 * fontkit's TrueType subsetter copies each glyph's bytes as they are, but first decodes the whole outline
 * (every point of a CJK glyph, ≈ 5 ms per licence) only to learn whether the glyph is composite. This view of
 * the font gives the subsetter glyphs whose `_decode` reads just the contour count of a simple glyph — all
 * it uses of one — and decodes composite glyphs (whose components it renumbers) and variable fonts fully.
 * The subset's bytes are the same.
 */
function subsetView(font: fontkit.Font): fontkit.Font {
  const internals = font as unknown as TrueTypeInternals;
  const contoursOnly = (glyph: GlyphInternals) => {
    const offsets = internals.loca?.offsets;
    const stream = internals._getTableStream('glyf');
    const start = offsets?.[glyph.id];
    if (internals._variationProcessor || !offsets || !stream || start === undefined) return glyph._decode();
    if (start === offsets[glyph.id + 1]) return null; // no outline (e.g. a space)
    stream.pos += start;
    const numberOfContours = stream.readInt16BE();
    return numberOfContours < 0 ? glyph._decode() : { numberOfContours };
  };
  // One function for every `getGlyph` read: the subsetter reads it once per glyph.
  const getGlyph = (id: number, characters?: number[]) => {
    const glyph = font.getGlyph(id, characters) as unknown as GlyphInternals | null;
    if (!glyph) return glyph;
    return Object.create(glyph, { _decode: { value: () => contoursOnly(glyph) } });
  };
  return new Proxy(font, {
    get: (target, prop) => (prop === 'getGlyph' ? getGlyph : Reflect.get(target, prop)),
  });
}

/**
 * Wraps a fontkit-2 subset so pdf-lib can read it: pdf-lib consumes `encodeStream()` events, fontkit 2 only
 * has `encode()`. The events fire on a microtask so pdf-lib's chained `.on()` calls are registered first.
 */
function streamingSubset(font: fontkit.Font) {
  // CFF fonts subset differently (no glyf table): only TrueType outlines go through the view.
  const truetype = (font as unknown as TrueTypeInternals).directory?.tables?.glyf !== undefined;
  const source = truetype ? subsetView(font) : font;
  const subset = font.createSubset.call(source) as fontkit.Subset & { cff?: unknown; glyphs: number[] };
  let sharedGlyphs = 0;
  const encode = (): Uint8Array => {
    const bytes = subset.encode();
    const start = sharedGlyphs > 1 ? glyphOffset(bytes, 0) : undefined;
    const end = start === undefined ? undefined : glyphOffset(bytes, sharedGlyphs);
    if (start !== undefined && end !== undefined && end > start)
      offerDeflated(bytes, deflateFontProgram(bytes, start, end));
    return bytes;
  };
  return {
    get cff() {
      return subset.cff;
    },
    includeGlyph: (glyph: fontkit.Glyph): number => subset.includeGlyph(glyph) as unknown as number,
    /** The glyphs included so far are the ones every licence of this type shares (font-deflate.ts). */
    markSharedGlyphs(): void {
      if (truetype) sharedGlyphs = subset.glyphs.length;
    },
    encodeStream() {
      const handlers: Record<string, ((value?: Uint8Array) => void) | undefined> = {};
      const emitter = {
        on(event: string, handler: (value?: Uint8Array) => void) {
          handlers[event] = handler;
          return emitter;
        },
      };
      queueMicrotask(() => {
        try {
          handlers.data?.(encode());
          handlers.end?.();
        } catch (error) {
          (handlers.error as ((e: unknown) => void) | undefined)?.(error);
        }
      });
      return emitter;
    },
  };
}

/** fontkit 2's layout engine (`font._layoutEngine`, cached per font): the parts this file overrides. */
interface LayoutEngine {
  layout: fontkit.Font['layout'];
  position(run: { glyphs: fontkit.Glyph[]; positions: unknown[]; direction: string }): unknown;
}

/**
 * The font's layout with the glyph substitutions (GSUB: ligatures, localised forms) but without positioning
 * (GPOS kerning and mark attachment, half of shaping a line): pdf-lib reads only a run's glyphs and their
 * advance widths, never its positions, so the glyphs it draws and measures are the same. Right-to-left runs
 * are positioned as before, because fontkit reverses their glyphs there.
 */
export function substitutingLayout(font: fontkit.Font): LayoutEngine['layout'] {
  const engine = (font as unknown as { _layoutEngine: LayoutEngine })._layoutEngine;
  const substituting: LayoutEngine = Object.create(engine, {
    position: {
      value(run: Parameters<LayoutEngine['position']>[0]) {
        if (run.direction === 'rtl') return engine.position.call(this, run);
        run.positions = run.glyphs.map((glyph) => ({
          xAdvance: glyph.advanceWidth,
          yAdvance: 0,
          xOffset: 0,
          yOffset: 0,
        }));
        return undefined;
      },
    },
  });
  return substituting.layout.bind(substituting);
}

/**
 * pdf-lib shapes every string it measures or draws (`font.layout`: OpenType lookups, a few milliseconds per
 * licence); labels, titles and the issuer repeat on every licence. Runs are memoised per font by text and
 * features — pdf-lib only reads them (glyph ids and advances), so the drawn bytes are the same. Bounded.
 */
function memoizedLayout(font: fontkit.Font): fontkit.Font['layout'] {
  const runs = new Map<string, ReturnType<fontkit.Font['layout']>>();
  const layout = substitutingLayout(font) as (t: string, f?: unknown) => ReturnType<fontkit.Font['layout']>;
  return ((text: string, features?: unknown) => {
    const key = features === undefined ? `\u0000${text}` : `${JSON.stringify(features)}\u0000${text}`;
    let run = runs.get(key);
    if (!run) {
      run = layout(text, features);
      if (runs.size >= 4096) runs.clear();
      runs.set(key, run);
    }
    return run;
  }) as fontkit.Font['layout'];
}

/**
 * The per-process font set. Parsing a 15 MB CJK font takes tens of milliseconds, so it happens once here,
 * and the pdf-lib adapter hands out the already-parsed font for the same bytes.
 */
export class FontSet {
  readonly bytes: readonly Uint8Array[];
  private readonly parsed: readonly fontkit.Font[];
  private readonly byBytes = new WeakMap<Uint8Array, fontkit.Font>();
  private readonly fontIndexCache = new Map<number, number>();
  private readonly advanceCache = new Map<number, number>();
  /** Memoised shaping per parsed font, shared by every document of the process. */
  private readonly layouts = new WeakMap<fontkit.Font, fontkit.Font['layout']>();
  /** pdf-lib's `registerFontkit` argument; fonts are shared, subsets are per document. */
  readonly pdfFontkit: FontkitInput;

  constructor(fonts: LicenceFonts) {
    this.bytes = [fonts.primary, ...fonts.fallbacks];
    this.parsed = this.bytes.map(parseFont);
    this.bytes.forEach((b, i) => {
      this.byBytes.set(b, this.parsed[i] as fontkit.Font);
    });
    this.pdfFontkit = { create: (data: Uint8Array) => this.adapt(data) } as unknown as FontkitInput;
  }

  private adapt(data: Uint8Array) {
    const font = this.byBytes.get(data) ?? parseFont(data);
    let layout = this.layouts.get(font);
    if (!layout) {
      layout = memoizedLayout(font);
      this.layouts.set(font, layout);
    }
    const shared = layout;
    return new Proxy(font, {
      get: (target, prop, receiver) => {
        if (prop === 'createSubset') return () => streamingSubset(target);
        if (prop === 'layout') return shared;
        return Reflect.get(target, prop, receiver);
      },
    });
  }

  /** PostScript name of a font, used (with a subset tag) as the embedded BaseFont. */
  postscriptName(fontIndex: number): string {
    return this.parsed[fontIndex]?.postscriptName ?? `Font${fontIndex}`;
  }

  /**
   * Which font prints this code point: the first that has a real glyph for it.
   * Throws `UNRENDERABLE_CHARACTER` rather than letting a viewer print a blank box (tofu).
   */
  fontIndexFor(codePoint: number): number {
    const cached = this.fontIndexCache.get(codePoint);
    if (cached !== undefined) return cached;
    const index = this.parsed.findIndex((font) => font.hasGlyphForCodePoint(codePoint));
    if (index < 0) {
      const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
      throw new DomainError(
        'UNPROCESSABLE',
        'UNRENDERABLE_CHARACTER',
        `证照字体不含字符 ${String.fromCodePoint(codePoint)}（${hex}），无法生成证照`,
        `No licence font has a glyph for ${hex}; the licence cannot be rendered`,
        { details: { codePoint: hex } },
      );
    }
    this.fontIndexCache.set(codePoint, index);
    return index;
  }

  /** Splits text into runs that one font each can print (see `fontIndexFor`). */
  segment(text: string): FontRun[] {
    const runs: FontRun[] = [];
    for (const char of text) {
      const codePoint = char.codePointAt(0) as number;
      if (isIgnorable(codePoint)) continue;
      const fontIndex = this.fontIndexFor(codePoint);
      const last = runs.at(-1);
      if (last && last.fontIndex === fontIndex) last.text += char;
      else runs.push({ fontIndex, text: char });
    }
    return runs;
  }

  /** Advance width of one character in em units (1 = the font size); no kerning, CJK text has none. */
  advance(char: string): number {
    return this.advanceOf(char.codePointAt(0) as number);
  }

  private advanceOf(codePoint: number): number {
    const cached = this.advanceCache.get(codePoint);
    if (cached !== undefined) return cached;
    if (isIgnorable(codePoint)) return 0;
    const font = this.parsed[this.fontIndexFor(codePoint)] as fontkit.Font;
    const width = font.glyphForCodePoint(codePoint).advanceWidth / font.unitsPerEm;
    this.advanceCache.set(codePoint, width);
    return width;
  }

  /** Width of a string at a font size, in points. */
  widthOf(text: string, size: number): number {
    // By code unit rather than `for…of`, which makes a string per character: line breaking measures every
    // candidate line, so this runs thousands of times per licence. Same sum, in the same order.
    let total = 0;
    for (let i = 0; i < text.length; i++) {
      const codePoint = text.codePointAt(i) as number;
      if (codePoint > 0xffff) i++;
      total += this.advanceOf(codePoint);
    }
    return total * size;
  }
}

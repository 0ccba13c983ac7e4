/**
 * Glyph outlines of the licence fonts, for the OFD's visible text. The OFD draws each line's glyphs as one
 * path (and carries the characters in an invisible TextObject beside it): so every reader shows exactly the
 * PDF's letterforms — rare characters of holders' names included — without a font file in the package or a
 * font of that name on the reader's machine (GB/T 33190 §11.1 leaves a font without FontFile to the reader).
 */
import * as fontkit from 'fontkit';

/** An outline in font units, y up: the path commands fontkit gives, flattened to numbers. */
export type Outline = Array<
  | ['M' | 'L', number, number]
  | ['Q', number, number, number, number]
  | ['C', number, number, number, number, number, number]
  | ['Z']
>;

interface PathCommand {
  command: 'moveTo' | 'lineTo' | 'quadraticCurveTo' | 'bezierCurveTo' | 'closePath';
  args: number[];
}

/**
 * A glyph drawn at one size as a path of its own: AbbreviatedData in millimetres relative to its box, and the
 * box's offset from the glyph origin (on the baseline) — the same string wherever the glyph stands, so it is
 * formatted once per process and compresses as a repeat.
 */
export interface PlacedGlyph {
  data: string;
  left: number;
  top: number;
  width: number;
  height: number;
}

const MM_PER_PT = 25.4 / 72;
/** 10 µm: finer than any printer resolves, and half the digits of page coordinates. */
const mm2 = (value: number) => {
  const rounded = Math.round(value * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
};

/** The outlines of the licence fonts; parsed once per process, each glyph's outline memoised. */
export class GlyphOutlines {
  private readonly fonts: fontkit.Font[];
  private readonly cache = new Map<string, Outline>();
  private readonly placedCache = new Map<string, PlacedGlyph | null>();

  constructor(fontBytes: readonly Uint8Array[]) {
    this.fonts = fontBytes.map(
      (bytes) =>
        fontkit.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) as fontkit.Font,
    );
  }

  unitsPerEm(fontIndex: number): number {
    return this.fonts[fontIndex]?.unitsPerEm ?? 1000;
  }

  /** The outline of `char` in font `fontIndex` (empty for a space or a missing font). */
  outline(fontIndex: number, char: string): Outline {
    const key = `${fontIndex}:${char}`;
    let outline = this.cache.get(key);
    if (outline) return outline;
    outline = [];
    const font = this.fonts[fontIndex];
    const codePoint = char.codePointAt(0);
    if (font && codePoint !== undefined) {
      const commands = font.glyphForCodePoint(codePoint).path.commands as unknown as PathCommand[];
      for (const { command, args } of commands) {
        const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = args;
        if (command === 'moveTo') outline.push(['M', a, b]);
        else if (command === 'lineTo') outline.push(['L', a, b]);
        else if (command === 'quadraticCurveTo') outline.push(['Q', a, b, c, d]);
        else if (command === 'bezierCurveTo') outline.push(['C', a, b, c, d, e, f]);
        else outline.push(['Z']);
      }
    }
    if (this.cache.size >= 8192) this.cache.clear();
    this.cache.set(key, outline);
    return outline;
  }

  /**
   * `char` at `size` points as a path in its own box (y down), padded by `pad` millimetres (half an outline
   * stroke); `null` for a glyph without ink.
   */
  placed(fontIndex: number, char: string, size: number, pad: number): PlacedGlyph | null {
    const key = `${fontIndex}:${char}:${size}:${pad}`;
    const cached = this.placedCache.get(key);
    if (cached !== undefined) return cached;
    const outline = this.outline(fontIndex, char);
    const xs: number[] = [];
    const ys: number[] = [];
    for (const s of outline)
      for (let i = 1; i + 1 < s.length; i += 2) {
        xs.push(s[i] as number);
        ys.push(s[i + 1] as number);
      }
    let placed: PlacedGlyph | null = null;
    if (xs.length > 0) {
      const k = (size / this.unitsPerEm(fontIndex)) * MM_PER_PT;
      const minX = Math.min(...xs);
      const maxY = Math.max(...ys);
      const x = (gx: number) => mm2((gx - minX) * k + pad);
      const y = (gy: number) => mm2((maxY - gy) * k + pad);
      const parts = outline.map((s) => {
        if (s[0] === 'Z') return 'C';
        if (s[0] === 'Q') return `Q ${x(s[1])} ${y(s[2])} ${x(s[3])} ${y(s[4])}`;
        if (s[0] === 'C') return `B ${x(s[1])} ${y(s[2])} ${x(s[3])} ${y(s[4])} ${x(s[5])} ${y(s[6])}`;
        return `${s[0]} ${x(s[1])} ${y(s[2])}`;
      });
      placed = {
        data: parts.join(' '),
        left: minX * k - pad,
        top: -maxY * k - pad,
        width: (Math.max(...xs) - minX) * k + 2 * pad,
        height: (maxY - Math.min(...ys)) * k + 2 * pad,
      };
    }
    if (this.placedCache.size >= 16384) this.placedCache.clear();
    this.placedCache.set(key, placed);
    return placed;
  }
}

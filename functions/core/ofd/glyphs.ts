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

/** The outlines of the licence fonts; parsed once per process, each glyph's outline memoised. */
export class GlyphOutlines {
  private readonly fonts: fontkit.Font[];
  private readonly cache = new Map<string, Outline>();

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
}

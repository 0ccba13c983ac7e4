/**
 * Recorded marks (drawing.ts) as GB/T 33190 page objects: paths as PathObjects with AbbreviatedData, text as
 * its glyph outlines in one PathObject per run plus an invisible TextObject carrying the characters (for
 * search, copy and accessibility). OFD units are millimetres with y down; the PDF's are points with y up.
 */
import type { Mark, Rgb, Segment } from './drawing.js';
import type { GlyphOutlines } from './glyphs.js';

/** Points to millimetres. */
export const MM_PER_PT = 25.4 / 72;

/** XML text/attribute escaping. */
export const xmlEscape = (text: string): string =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

/** A number as OFD writes it: at most 3 decimals (1 µm), no trailing zeros, never `-0`. */
export function num(value: number): string {
  const rounded = Math.round(value * 1000) / 1000;
  return String(rounded === 0 ? 0 : rounded);
}

const colour = (c: Rgb) =>
  `${Math.round(c.red * 255)} ${Math.round(c.green * 255)} ${Math.round(c.blue * 255)}`;

/** Writes the objects of one page of PDF size `size` (points); `nextId` hands out object IDs. */
export class ContentWriter {
  private readonly width: string;
  private readonly height: string;

  constructor(
    private readonly outlines: GlyphOutlines,
    private readonly size: [number, number],
    private readonly nextId: () => number,
    /** The OFD font resource of each font index, for the TextObjects. */
    private readonly fontIds: readonly number[],
    /** Advance of a text in points at a size (the FontSet the layout measured with). */
    private readonly measure: (text: string, size: number) => number,
  ) {
    this.width = num(size[0] * MM_PER_PT);
    this.height = num(size[1] * MM_PER_PT);
  }

  private x(x: number): string {
    return num(x * MM_PER_PT);
  }

  private y(y: number): string {
    return num((this.size[1] - y) * MM_PER_PT);
  }

  private segments(segments: readonly Segment[]): string {
    const out: string[] = [];
    for (const s of segments) {
      if (s[0] === 'Z') out.push('C');
      else if (s[0] === 'C')
        out.push(
          `B ${this.x(s[1])} ${this.y(s[2])} ${this.x(s[3])} ${this.y(s[4])} ${this.x(s[5])} ${this.y(s[6])}`,
        );
      else out.push(`${s[0]} ${this.x(s[1])} ${this.y(s[2])}`);
    }
    return out.join(' ');
  }

  private pathObject(data: string, paint: { fill?: Rgb; stroke?: Rgb; lineWidth: number }): string {
    const attrs = [
      `ID="${this.nextId()}"`,
      `Boundary="0 0 ${this.width} ${this.height}"`,
      `LineWidth="${num(paint.lineWidth * MM_PER_PT)}"`,
      `Stroke="${paint.stroke ? 'true' : 'false'}"`,
      `Fill="${paint.fill ? 'true' : 'false'}"`,
    ];
    const stroke = paint.stroke ? `<ofd:StrokeColor Value="${colour(paint.stroke)}"/>` : '';
    const fill = paint.fill ? `<ofd:FillColor Value="${colour(paint.fill)}"/>` : '';
    return `<ofd:PathObject ${attrs.join(' ')}>${stroke}${fill}<ofd:AbbreviatedData>${data}</ofd:AbbreviatedData></ofd:PathObject>`;
  }

  /** The glyph outlines of a text mark, placed by its matrix, as path data. */
  private glyphData(mark: Extract<Mark, { kind: 'text' }>): string {
    const [a, b, c, d, e, f] = mark.matrix;
    const scale = mark.size / this.outlines.unitsPerEm(mark.fontIndex);
    const parts: string[] = [];
    let advance = 0;
    for (const char of mark.text) {
      const at = (gx: number, gy: number): string => {
        const u = gx * scale + advance;
        const v = gy * scale;
        return `${this.x(a * u + c * v + e)} ${this.y(b * u + d * v + f)}`;
      };
      for (const s of this.outlines.outline(mark.fontIndex, char)) {
        if (s[0] === 'Z') parts.push('C');
        else if (s[0] === 'Q') parts.push(`Q ${at(s[1], s[2])} ${at(s[3], s[4])}`);
        else if (s[0] === 'C') parts.push(`B ${at(s[1], s[2])} ${at(s[3], s[4])} ${at(s[5], s[6])}`);
        else parts.push(`${s[0]} ${at(s[1], s[2])}`);
      }
      advance += this.measure(char, mark.size);
    }
    return parts.join(' ');
  }

  /** An upright run: one PathObject per glyph, each in its own box with the glyph's memoised path. */
  private uprightGlyphs(mark: Extract<Mark, { kind: 'text' }>): string {
    const [, , , , e, f] = mark.matrix;
    const pad = mark.outline ? (mark.outline / 2) * MM_PER_PT : 0;
    const paint = mark.outline
      ? `LineWidth="${num(mark.outline * MM_PER_PT)}" Stroke="true" Fill="true"><ofd:StrokeColor Value="${colour(mark.fill)}"/>`
      : 'Stroke="false" Fill="true">';
    const out: string[] = [];
    let advance = 0;
    for (const char of mark.text) {
      const glyph = this.outlines.placed(mark.fontIndex, char, mark.size, pad);
      if (glyph) {
        const x = (e + advance) * MM_PER_PT + glyph.left;
        const y = (this.size[1] - f) * MM_PER_PT + glyph.top;
        out.push(
          `<ofd:PathObject ID="${this.nextId()}" Boundary="${num(x)} ${num(y)} ${num(glyph.width)} ${num(glyph.height)}" ` +
            `${paint}<ofd:FillColor Value="${colour(mark.fill)}"/><ofd:AbbreviatedData>${glyph.data}</ofd:AbbreviatedData></ofd:PathObject>`,
        );
      }
      advance += this.measure(char, mark.size);
    }
    return out.join('');
  }

  /** The invisible text of an upright run (rotated seal characters carry no text). */
  private textObject(mark: Extract<Mark, { kind: 'text' }>): string {
    const [a, b, c, d, e, f] = mark.matrix;
    if (a !== 1 || b !== 0 || c !== 0 || d !== 1) return '';
    const chars = [...mark.text];
    const deltas = chars.slice(0, -1).map((ch) => num(this.measure(ch, mark.size) * MM_PER_PT));
    const fontId = this.fontIds[mark.fontIndex] ?? this.fontIds[0];
    const deltaX = deltas.length > 0 ? ` DeltaX="${deltas.join(' ')}"` : '';
    return (
      `<ofd:TextObject ID="${this.nextId()}" Boundary="0 0 ${this.width} ${this.height}" Font="${fontId}" ` +
      `Size="${num(mark.size * MM_PER_PT)}" Fill="false"><ofd:FillColor Value="0 0 0" Alpha="0"/>` +
      `<ofd:TextCode X="${this.x(e)}" Y="${this.y(f)}"${deltaX}>${xmlEscape(mark.text)}</ofd:TextCode></ofd:TextObject>`
    );
  }

  /** Every mark as page objects, in drawing order. */
  objects(marks: readonly Mark[]): string {
    const out: string[] = [];
    for (const mark of marks) {
      if (mark.kind === 'path') {
        out.push(this.pathObject(this.segments(mark.segments), mark));
        continue;
      }
      const [a, b, c, d] = mark.matrix;
      if (a === 1 && b === 0 && c === 0 && d === 1) {
        out.push(this.uprightGlyphs(mark), this.textObject(mark));
        continue;
      }
      const data = this.glyphData(mark);
      if (data)
        out.push(
          this.pathObject(data, {
            fill: mark.fill,
            lineWidth: mark.outline ?? 0,
            ...(mark.outline ? { stroke: mark.fill } : {}),
          }),
        );
      out.push(this.textObject(mark));
    }
    return out.join('');
  }
}

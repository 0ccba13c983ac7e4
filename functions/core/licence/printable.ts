/**
 * Which characters a licence can print, checked where text enters (case creation, issuing requests) rather
 * than when the approved licence is rendered: a name with a character no licence font can draw (𠀋 U+2000B),
 * a right-to-left override (U+202E) that makes a printed name read differently from the stored one, a lone
 * surrogate or a control character is refused at once, naming the field and the code point.
 *
 * The glyph coverage is data derived from the fonts' cmaps (see functions/adapters/licence-glyphs.json); the
 * composition passes it in, so this module reads no font file.
 */
import { DomainError } from '../errors.js';

/** Code point ranges `[first, last]` (inclusive, ascending, disjoint) that some licence font has a glyph for. */
export type CodePointRanges = ReadonlyArray<readonly [number, number]>;

/** Ascending code points → the fewest ranges covering exactly them. */
export const rangesOf = (codePoints: Iterable<number>): Array<[number, number]> => {
  const ranges: Array<[number, number]> = [];
  for (const cp of [...new Set(codePoints)].sort((a, b) => a - b)) {
    const last = ranges.at(-1);
    if (last && last[1] === cp - 1) last[1] = cp;
    else ranges.push([cp, cp]);
  }
  return ranges;
};

/** Ranges as a flat list of gaps and lengths (`[start − previous end, last − start, …]`): a third the size. */
export const packRanges = (ranges: CodePointRanges): number[] => {
  let previous = 0;
  return ranges.flatMap(([first, last]) => {
    const packed = [first - previous, last - first];
    previous = last;
    return packed;
  });
};

/** The inverse of `packRanges`. */
export const unpackRanges = (packed: readonly number[]): Array<[number, number]> => {
  const ranges: Array<[number, number]> = [];
  let previous = 0;
  for (let i = 0; i + 1 < packed.length; i += 2) {
    const first = previous + (packed[i] as number);
    previous = first + (packed[i + 1] as number);
    ranges.push([first, previous]);
  }
  return ranges;
};

/** The code points the licence fonts can draw (binary search over the ranges). */
export class GlyphCoverage {
  private readonly starts: Uint32Array;
  private readonly ends: Uint32Array;

  constructor(ranges: CodePointRanges) {
    this.starts = Uint32Array.from(ranges, (r) => r[0]);
    this.ends = Uint32Array.from(ranges, (r) => r[1]);
  }

  has(codePoint: number): boolean {
    let low = 0;
    let high = this.starts.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (codePoint < (this.starts[mid] as number)) high = mid - 1;
      else if (codePoint > (this.ends[mid] as number)) low = mid + 1;
      else return true;
    }
    return false;
  }
}

/** One refused character: where (JSON pointer), which (`U+202E`) and why. */
export interface CharacterFailure {
  path: string;
  codePoint: string;
  message: string;
}

// Unicode bidi controls (UAX #9 §2): embeddings, overrides, isolates and marks. Invisible, and they reorder
// what a reader sees, so a name with one prints differently from what was checked.
const isBidiControl = (cp: number) =>
  cp === 0x061c ||
  cp === 0x200e ||
  cp === 0x200f ||
  (cp >= 0x202a && cp <= 0x202e) ||
  (cp >= 0x2066 && cp <= 0x2069);
const isControl = (cp: number) => cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
const isSurrogate = (cp: number) => cp >= 0xd800 && cp <= 0xdfff;

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `cp` cannot be printed (Chinese, English), or undefined when it can. */
const refusal = (cp: number, coverage: GlyphCoverage | undefined): [string, string] | undefined => {
  const at = hex(cp);
  if (isSurrogate(cp))
    return [`含有不成对的代理项 ${at}（文本编码损坏）`, `lone surrogate ${at} (broken text encoding)`];
  if (isBidiControl(cp))
    return [`含有双向文本控制符 ${at}，证照上不能使用`, `bidi control ${at} is not allowed on a licence`];
  if (isControl(cp)) return [`含有控制字符 ${at}`, `control character ${at}`];
  if (coverage && !coverage.has(cp)) {
    return [
      `含有证照字体无法显示的字符“${String.fromCodePoint(cp)}”（${at}），请改用规范汉字或联系窗口`,
      `no licence font has a glyph for ${at}`,
    ];
  }
  return undefined;
};

const escapeSegment = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** At most this many failures are listed: enough to act on, bounded for a hostile request. */
const MAX_FAILURES = 20;

/**
 * Every string in `value` (a JSON value; keys are not printed and are the schema's business) checked
 * character by character; one failure per distinct code point and field. `coverage` undefined: only the
 * characters no licence may carry at all (surrogates, controls, bidi controls) are refused.
 */
export function unprintableCharacters(
  value: unknown,
  coverage: GlyphCoverage | undefined,
  path = '',
): CharacterFailure[] {
  const failures: CharacterFailure[] = [];
  const visit = (node: unknown, at: string): void => {
    if (failures.length >= MAX_FAILURES) return;
    if (typeof node === 'string') {
      const seen = new Set<number>();
      // for…of walks code points, and yields a lone surrogate as itself.
      for (const char of node) {
        const cp = char.codePointAt(0) as number;
        if (seen.has(cp)) continue;
        seen.add(cp);
        const why = refusal(cp, coverage);
        if (why && failures.length < MAX_FAILURES) {
          failures.push({ path: at, codePoint: hex(cp), message: `${why[0]} / ${why[1]}` });
        }
      }
    } else if (Array.isArray(node)) {
      node.forEach((element, index) => {
        visit(element, `${at}/${index}`);
      });
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) visit(child, `${at}/${escapeSegment(key)}`);
    }
  };
  visit(value, path);
  return failures;
}

/** Throws 422 `UNSUPPORTED_CHARACTER` listing `failures` (each: path, code point, message), if any. */
export function refuseUnprintable(failures: readonly CharacterFailure[]): void {
  const first = failures[0];
  if (first === undefined) return;
  throw new DomainError(
    'UNPROCESSABLE',
    'UNSUPPORTED_CHARACTER',
    `${first.path} 含有证照不能印制的字符 ${first.codePoint}`,
    `${first.path} holds a character a licence cannot print: ${first.codePoint}`,
    { details: { failures } },
  );
}

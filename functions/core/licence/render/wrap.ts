/**
 * Line breaking for Chinese text with embedded Latin words and numbers (pdf-lib's `maxWidth` only breaks at
 * spaces). Rules, after GB/T 15834 and the usual 禁则 (kinsoku) of CJK typesetting:
 * - a line may break between any two CJK characters;
 * - closing punctuation never starts a line, opening punctuation never ends one;
 * - a Latin word or number is kept whole (and may break after its trailing spaces),
 *   unless it alone is wider than the line, where it is split by character as a last resort.
 */

/** Width of a string in points at the size being wrapped. */
export type MeasureText = (text: string) => number;

/** Punctuation that must not start a line (it belongs to the character before it). */
export const CLOSING_PUNCTUATION = new Set(
  '，。、；：？！）」』》〉】〕〗〙〛｝］〞’”…—～·%‰℃°,.;:?!)]}'.split(''),
);

/** Punctuation that must not end a line (it belongs to the character after it). */
export const OPENING_PUNCTUATION = new Set('（「『《〈【〔〖〘〚｛［〝‘“([{'.split(''));

/** Characters that, with letters and digits, form one unbreakable Latin word (`ZZ-2026/001`, `3.5`, `a@b.cn`). */
const LATIN_WORD = /^[\p{Script=Latin}\p{Nd}\-_/.@#&+'’]+ */u;
const SPACES = /^ +/;

/** Cuts text into atoms: Latin words (with trailing spaces), runs of spaces, or single characters. */
function atomise(text: string): string[] {
  const atoms: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    const match = LATIN_WORD.exec(rest) ?? SPACES.exec(rest);
    const atom = match ? match[0] : String.fromCodePoint(rest.codePointAt(0) as number);
    atoms.push(atom);
    rest = rest.slice(atom.length);
  }
  return atoms;
}

/** Glues atoms into units that may not be separated: closing marks join left, opening marks join right. */
function glue(atoms: string[]): string[] {
  const units: string[] = [];
  let pendingOpen = '';
  for (const atom of atoms) {
    const previous = units.length - 1;
    if (pendingOpen === '' && CLOSING_PUNCTUATION.has(atom) && previous >= 0) {
      units[previous] += atom;
    } else if (OPENING_PUNCTUATION.has(atom)) {
      pendingOpen += atom;
    } else {
      units.push(pendingOpen + atom);
      pendingOpen = '';
    }
  }
  if (pendingOpen !== '') units.push(pendingOpen);
  return units;
}

/** Splits a unit wider than the line into pieces that fit, character by character. */
function splitOversized(unit: string, maxWidth: number, measure: MeasureText): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const char of unit) {
    if (current !== '' && measure(current + char) > maxWidth) {
      pieces.push(current);
      current = '';
    }
    current += char;
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

/**
 * Breaks `text` into lines no wider than `maxWidth` (as long as every single character fits).
 * Joining the lines gives back `text` exactly; explicit newlines start a new line and are not kept.
 */
export function wrapText(text: string, maxWidth: number, measure: MeasureText): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let current = '';
    for (const unit of glue(atomise(paragraph))) {
      if (measure(current + unit) <= maxWidth) {
        current += unit;
        continue;
      }
      if (current !== '') lines.push(current);
      current = '';
      if (measure(unit) <= maxWidth) {
        current = unit;
        continue;
      }
      const pieces = splitOversized(unit, maxWidth, measure);
      current = pieces.pop() ?? '';
      lines.push(...pieces);
    }
    lines.push(current);
  }
  return lines;
}

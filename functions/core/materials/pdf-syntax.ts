/**
 * A small, bounded reader for PDF object syntax (ISO 32000-1 §7.2–7.3). It only builds what page counting
 * and encryption detection need: names, numbers, references, arrays and dictionaries; string contents are
 * skipped. Every token spends from a shared `Budget`, and nesting is capped, so hostile input costs bounded
 * time and stack.
 */

/** A PDF name object such as `/Type` (stored without the slash, `#xx` escapes decoded). */
export class PdfName {
  constructor(readonly name: string) {}
}

/** An indirect reference `num gen R`. */
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}

  /** Identity of the referenced object, usable as a map key. */
  get key(): string {
    return `${this.num} ${this.gen}`;
  }
}

/** A string object; its content is not needed for inspection, so it is not kept. */
export class PdfString {}

/** A dictionary; `streamStart` is set for a stream's dictionary (offset of the first data byte). */
export class PdfDict {
  streamStart: number | undefined;

  constructor(readonly entries: Map<string, PdfValue>) {}

  /** The value under `key` (without slash), or undefined. */
  get(key: string): PdfValue | undefined {
    return this.entries.get(key);
  }

  /** The name under `key`, or undefined when absent or not a name. */
  name(key: string): string | undefined {
    const value = this.entries.get(key);
    return value instanceof PdfName ? value.name : undefined;
  }
}

/** Any PDF object value this reader produces. */
export type PdfValue = null | boolean | number | PdfName | PdfString | PdfRef | PdfDict | PdfValue[];

/** The input is not valid PDF syntax where it had to be. */
export class PdfSyntaxError extends Error {
  override readonly name = 'PdfSyntaxError';
}

/** The inspection would cost more work than any reasonable document needs. */
export class PdfBudgetExceeded extends Error {
  override readonly name = 'PdfBudgetExceeded';
}

/** A work allowance shared by everything that reads one document. */
export class Budget {
  constructor(private remaining: number) {}

  /** Spends `units` of work; throws `PdfBudgetExceeded` when the allowance is used up. */
  spend(units = 1): void {
    this.remaining -= units;
    if (this.remaining < 0) throw new PdfBudgetExceeded('work budget exceeded');
  }
}

/** Deeper nesting than this is an attack on the parser's stack, not a document. */
const MAX_DEPTH = 64;

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));

/** True for PDF white-space characters (§7.2.2 Table 1). */
export const isWhitespace = (code: number): boolean => WHITESPACE.has(code);
const isRegular = (code: number): boolean =>
  !WHITESPACE.has(code) && !DELIMITERS.has(code) && !Number.isNaN(code);

/** Reads PDF objects from a latin1 string (one character per byte). */
export class PdfLexer {
  constructor(
    readonly src: string,
    private readonly budget: Budget,
  ) {}

  /** Position of the next token at or after `pos`: skips white space and comments. */
  skipWhitespace(pos: number): number {
    let p = pos;
    while (p < this.src.length) {
      const c = this.src.charCodeAt(p);
      if (WHITESPACE.has(c)) p += 1;
      else if (c === 0x25 /* % */) {
        while (p < this.src.length && this.src[p] !== '\n' && this.src[p] !== '\r') p += 1;
      } else break;
    }
    return p;
  }

  /** Parses one object value starting at or after `pos`; returns it and the position just after it. */
  parseValue(pos: number, depth = 0): [PdfValue, number] {
    if (depth > MAX_DEPTH) throw new PdfSyntaxError('nesting too deep');
    this.budget.spend();
    const p = this.skipWhitespace(pos);
    const c = this.src[p];
    if (c === undefined) throw new PdfSyntaxError('unexpected end of data');
    if (c === '/') return this.parseName(p);
    if (c === '(') return [new PdfString(), this.skipLiteralString(p)];
    if (c === '<') return this.src[p + 1] === '<' ? this.parseDict(p + 2, depth) : this.parseHexString(p);
    if (c === '[') return this.parseArray(p + 1, depth);
    if (/[0-9+\-.]/.test(c)) return this.parseNumberOrRef(p);
    const [word, end] = this.readRegular(p);
    if (word === 'true') return [true, end];
    if (word === 'false') return [false, end];
    if (word === 'null') return [null, end];
    throw new PdfSyntaxError(`unexpected token ${JSON.stringify(word || c)} at ${p}`);
  }

  /** The keyword (run of regular characters) at `pos`, and the position after it. */
  readRegular(pos: number): [string, number] {
    let end = pos;
    while (end < this.src.length && isRegular(this.src.charCodeAt(end))) end += 1;
    return [this.src.slice(pos, end), end];
  }

  private parseName(pos: number): [PdfName, number] {
    const [raw, end] = this.readRegular(pos + 1);
    const name = raw.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
    return [new PdfName(name), end];
  }

  private skipLiteralString(pos: number): number {
    let nesting = 0;
    let p = pos;
    while (p < this.src.length) {
      const c = this.src[p];
      if (c === '\\') p += 2;
      else {
        if (c === '(') nesting += 1;
        else if (c === ')') nesting -= 1;
        p += 1;
        if (nesting === 0) {
          this.budget.spend((p - pos) >> 10);
          return p;
        }
      }
    }
    throw new PdfSyntaxError('unterminated string');
  }

  private parseHexString(pos: number): [PdfString, number] {
    const end = this.src.indexOf('>', pos + 1);
    if (end < 0) throw new PdfSyntaxError('unterminated hex string');
    this.budget.spend((end - pos) >> 10);
    return [new PdfString(), end + 1];
  }

  private parseArray(pos: number, depth: number): [PdfValue[], number] {
    const items: PdfValue[] = [];
    let p = this.skipWhitespace(pos);
    while (this.src[p] !== ']') {
      const [value, end] = this.parseValue(p, depth + 1);
      items.push(value);
      p = this.skipWhitespace(end);
    }
    return [items, p + 1];
  }

  private parseDict(pos: number, depth: number): [PdfDict, number] {
    const entries = new Map<string, PdfValue>();
    let p = this.skipWhitespace(pos);
    while (!this.src.startsWith('>>', p)) {
      const [key, afterKey] = this.parseValue(p, depth + 1);
      if (!(key instanceof PdfName)) throw new PdfSyntaxError(`dictionary key expected at ${p}`);
      const [value, afterValue] = this.parseValue(afterKey, depth + 1);
      entries.set(key.name, value);
      p = this.skipWhitespace(afterValue);
    }
    return [new PdfDict(entries), p + 2];
  }

  private parseNumberOrRef(pos: number): [number | PdfRef, number] {
    const [first, end] = this.readNumber(pos);
    if (!Number.isInteger(first) || first < 0) return [first, end];
    // `num gen R`: look ahead two tokens; anything else leaves the integer alone.
    const genStart = this.skipWhitespace(end);
    if (!/[0-9]/.test(this.src[genStart] ?? '')) return [first, end];
    const [gen, genEnd] = this.readNumber(genStart);
    const rStart = this.skipWhitespace(genEnd);
    if (Number.isInteger(gen) && this.src[rStart] === 'R' && !isRegular(this.src.charCodeAt(rStart + 1))) {
      return [new PdfRef(first, gen), rStart + 1];
    }
    return [first, end];
  }

  private readNumber(pos: number): [number, number] {
    let end = pos;
    if (this.src[end] === '+' || this.src[end] === '-') end += 1;
    let digits = 0;
    let dots = 0;
    for (; end < this.src.length; end += 1) {
      const c = this.src.charCodeAt(end);
      if (c >= 0x30 && c <= 0x39) digits += 1;
      else if (c === 0x2e && dots === 0) dots += 1;
      else break;
    }
    const value = Number(this.src.slice(pos, end));
    if (digits === 0 || !Number.isFinite(value)) throw new PdfSyntaxError(`bad number at ${pos}`);
    return [value, end];
  }

  /**
   * Parses the body of an indirect object (the text after `N G obj`). A dictionary followed by `stream`
   * gets `streamStart`: §7.3.8.1 puts the data after CRLF or LF; a lone CR is tolerated, as viewers do.
   */
  parseIndirectBody(pos: number): PdfValue {
    const [value, end] = this.parseValue(pos);
    if (!(value instanceof PdfDict)) return value;
    const p = this.skipWhitespace(end);
    if (this.src.startsWith('stream', p)) {
      let data = p + 'stream'.length;
      if (this.src.startsWith('\r\n', data)) data += 2;
      else if (this.src[data] === '\n' || this.src[data] === '\r') data += 1;
      value.streamStart = data;
    }
    return value;
  }
}

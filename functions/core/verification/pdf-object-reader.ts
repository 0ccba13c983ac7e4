/**
 * A bounded reader for one PDF object (ISO 32000-1 §7.2–7.3), enough to read a signature dictionary:
 * names, numbers, references, strings (with their byte offsets, because the ByteRange gap must be exactly
 * the /Contents string), arrays and dictionaries. Every token spends from a budget and nesting is capped, so
 * hostile input costs bounded time and stack; strings are scanned linearly and capped in size.
 */

/** A name such as `/ByteRange`, stored without the slash and with `#xx` escapes decoded. */
export class PdfName {
  constructor(readonly name: string) {}
}

/** A number with its source text, so integers (`12`) and reals (`12.0`) can be told apart. */
export class PdfNumber {
  constructor(
    readonly value: number,
    readonly integer: boolean,
  ) {}
}

/** An indirect reference `num gen R`. */
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}

/** A literal `( )` or hex `< >` string; `start`/`end` span the delimiters (end is exclusive). */
export class PdfString {
  constructor(
    readonly bytes: Uint8Array | undefined,
    readonly hex: boolean,
    readonly start: number,
    readonly end: number,
    /** Hex strings only: nothing but hex digits, of one letter case, in even number. */
    readonly canonicalHex: boolean,
  ) {}
}

/** A dictionary; `keyOffsets` remembers where each key's `/` is, to match it with a raw scan. */
export class PdfDict {
  constructor(
    readonly entries: Map<string, PdfValue>,
    readonly keyOffsets: Map<string, number>,
  ) {}

  get(key: string): PdfValue | undefined {
    return this.entries.get(key);
  }
}

/** Any value this reader produces. */
export type PdfValue = null | boolean | PdfNumber | PdfName | PdfString | PdfRef | PdfDict | PdfValue[];

/** The bytes are not the PDF syntax the reader expected, or reading them would cost too much. */
export class PdfReadError extends Error {
  override readonly name = 'PdfReadError';
}

/** Limits of one read. */
export interface ReadLimits {
  /** Tokens that may be read in total. */
  tokens: number;
  /** Longest string (decoded bytes) that is kept; longer ones are returned with `bytes` undefined. */
  maxStringBytes: number;
}

const MAX_DEPTH = 32;
const MAX_TOKEN_CHARS = 128;
const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));

/** True for PDF white-space characters (§7.2.2 Table 1). */
export const isPdfWhitespace = (code: number | undefined): boolean =>
  code !== undefined && WHITESPACE.has(code);

/** True where a token ends: end of input, white space or a delimiter. */
export const isTokenEnd = (code: number | undefined): boolean =>
  code === undefined || WHITESPACE.has(code) || DELIMITERS.has(code);

const hexValue = (code: number): number => {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
};

/** Reads PDF values from `bytes` starting at a given offset. */
export class PdfObjectReader {
  private position: number;
  private tokens: number;

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    private readonly limits: ReadLimits,
  ) {
    this.position = start;
    this.tokens = limits.tokens;
  }

  /** The offset just after the last value read. */
  get offset(): number {
    return this.position;
  }

  /** Read one value (a trailing `num gen R` becomes a PdfRef). */
  readValue(depth = 0): PdfValue {
    if (depth > MAX_DEPTH) throw new PdfReadError('nesting too deep');
    this.skipWhitespaceAndComments();
    if (--this.tokens < 0) throw new PdfReadError('token budget exceeded');
    const code = this.bytes[this.position];
    if (code === undefined) throw new PdfReadError('unexpected end of file');
    if (code === 0x2f) return this.readName();
    if (code === 0x28) return this.readLiteralString();
    if (code === 0x5b) return this.readArray(depth);
    if (code === 0x3c) {
      return this.bytes[this.position + 1] === 0x3c ? this.readDictionary(depth) : this.readHexString();
    }
    const word = this.readWord();
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    const number = parseNumber(word);
    if (number === undefined) throw new PdfReadError(`unexpected token ${JSON.stringify(word)}`);
    return number.integer && number.value >= 0 ? (this.tryReference(number.value) ?? number) : number;
  }

  private skipWhitespaceAndComments(): void {
    const { bytes } = this;
    for (;;) {
      const code = bytes[this.position];
      if (isPdfWhitespace(code)) this.position++;
      else if (code === 0x25) {
        while (this.position < bytes.length && bytes[this.position] !== 0x0a && bytes[this.position] !== 0x0d)
          this.position++;
      } else return;
    }
  }

  /** A run of regular characters; never longer than MAX_TOKEN_CHARS (numbers and keywords are short). */
  private readWord(): string {
    const start = this.position;
    while (!isTokenEnd(this.bytes[this.position])) {
      this.position++;
      if (this.position - start > MAX_TOKEN_CHARS) throw new PdfReadError('token too long');
    }
    if (this.position === start) throw new PdfReadError('unexpected delimiter');
    return String.fromCharCode(...this.bytes.subarray(start, this.position));
  }

  private tryReference(num: number): PdfRef | undefined {
    const saved = this.position;
    try {
      this.skipWhitespaceAndComments();
      const gen = parseNumber(this.readWord());
      this.skipWhitespaceAndComments();
      if (gen?.integer && gen.value >= 0 && this.readWord() === 'R') return new PdfRef(num, gen.value);
    } catch {
      // not a reference: fall through and rewind
    }
    this.position = saved;
    return undefined;
  }

  private readName(): PdfName {
    this.position++; // the slash
    const word =
      this.position < this.bytes.length && !isTokenEnd(this.bytes[this.position]) ? this.readWord() : '';
    // §7.3.5: #xx in a name is the byte xx; a reader that skipped this could be shown a different key.
    let name = '';
    for (let index = 0; index < word.length; index++) {
      const high = hexValue(word.charCodeAt(index + 1));
      const low = hexValue(word.charCodeAt(index + 2));
      if (word[index] === '#' && high >= 0 && low >= 0) {
        name += String.fromCharCode(high * 16 + low);
        index += 2;
      } else name += word[index];
    }
    return new PdfName(name);
  }

  private readArray(depth: number): PdfValue[] {
    this.position++;
    const items: PdfValue[] = [];
    for (;;) {
      this.skipWhitespaceAndComments();
      const code = this.bytes[this.position];
      if (code === undefined) throw new PdfReadError('unterminated array');
      if (code === 0x5d) {
        this.position++;
        return items;
      }
      items.push(this.readValue(depth + 1));
    }
  }

  private readDictionary(depth: number): PdfDict {
    this.position += 2;
    const entries = new Map<string, PdfValue>();
    const keyOffsets = new Map<string, number>();
    for (;;) {
      this.skipWhitespaceAndComments();
      const code = this.bytes[this.position];
      if (code === 0x3e && this.bytes[this.position + 1] === 0x3e) {
        this.position += 2;
        return new PdfDict(entries, keyOffsets);
      }
      if (code !== 0x2f) throw new PdfReadError('dictionary key is not a name');
      const keyOffset = this.position;
      const key = this.readName().name;
      // Two values for one key: viewers disagree on which wins, so the dictionary is not trustworthy.
      if (entries.has(key)) throw new PdfReadError(`duplicate key /${key}`);
      entries.set(key, this.readValue(depth + 1));
      keyOffsets.set(key, keyOffset);
    }
  }

  private readHexString(): PdfString {
    const { bytes } = this;
    const start = this.position++;
    // Fast path for the usual canonical case (a signature's /Contents: thousands of digits of one case).
    const end = bytes.indexOf(0x3e, this.position);
    const digitCount = end - this.position;
    if (end >= 0 && digitCount % 2 === 0 && digitCount <= this.limits.maxStringBytes * 2) {
      const text = Buffer.from(bytes.buffer, bytes.byteOffset + this.position, digitCount).toString('latin1');
      if (/^(?:[0-9a-f]*|[0-9A-F]*)$/.test(text)) {
        this.position = end + 1;
        return new PdfString(new Uint8Array(Buffer.from(text, 'hex')), true, start, this.position, true);
      }
    }
    const digits: number[] = [];
    let canonical = true;
    let lower = false;
    let upper = false;
    let tooLong = false;
    for (;;) {
      const code = bytes[this.position++];
      if (code === undefined) throw new PdfReadError('unterminated hex string');
      if (code === 0x3e) break;
      const value = hexValue(code);
      if (value < 0) {
        if (!isPdfWhitespace(code)) throw new PdfReadError('invalid character in hex string');
        canonical = false;
        continue;
      }
      if (code >= 0x61) lower = true;
      else if (code >= 0x41) upper = true;
      if (digits.length >= this.limits.maxStringBytes * 2) tooLong = true;
      else digits.push(value);
    }
    if (digits.length % 2 === 1) canonical = false;
    const decoded = new Uint8Array(Math.ceil(digits.length / 2));
    for (let index = 0; index < digits.length; index++)
      decoded[index >> 1] = (decoded[index >> 1] ?? 0) | ((digits[index] ?? 0) << (index % 2 === 0 ? 4 : 0));
    return new PdfString(
      tooLong ? undefined : decoded,
      true,
      start,
      this.position,
      canonical && !(lower && upper),
    );
  }

  private readLiteralString(): PdfString {
    const { bytes } = this;
    const start = this.position++;
    const out: number[] = [];
    let nesting = 1;
    for (;;) {
      const code = bytes[this.position++];
      if (code === undefined) throw new PdfReadError('unterminated string');
      if (code === 0x29 && --nesting === 0) break;
      if (code === 0x28) nesting++;
      if (code === 0x5c) {
        this.readEscape(out);
        continue;
      }
      out.push(code);
      if (out.length > this.limits.maxStringBytes) throw new PdfReadError('string too long');
    }
    return new PdfString(Uint8Array.from(out), false, start, this.position, false);
  }

  /** §7.3.4.2 Table 3: the escape after a backslash. */
  private readEscape(out: number[]): void {
    const code = this.bytes[this.position++];
    const simple: Record<number, number> = { 110: 0x0a, 114: 0x0d, 116: 0x09, 98: 0x08, 102: 0x0c };
    if (code === undefined) throw new PdfReadError('unterminated string');
    if (simple[code] !== undefined) out.push(simple[code]);
    else if (code >= 0x30 && code <= 0x37) {
      let value = code - 0x30;
      for (let count = 0; count < 2; count++) {
        const next = this.bytes[this.position];
        if (next === undefined || next < 0x30 || next > 0x37) break;
        value = value * 8 + next - 0x30;
        this.position++;
      }
      out.push(value & 0xff);
    } else if (code === 0x0d) {
      if (this.bytes[this.position] === 0x0a) this.position++; // line continuation
    } else if (code !== 0x0a) out.push(code);
  }
}

/** A PDF number token (§7.3.3): optional sign, digits, at most one period. */
function parseNumber(word: string): PdfNumber | undefined {
  let digits = 0;
  let periods = 0;
  for (let index = 0; index < word.length; index++) {
    const char = word[index];
    if (char === '.') periods++;
    else if (char !== undefined && char >= '0' && char <= '9') digits++;
    else if (!(index === 0 && (char === '+' || char === '-'))) return undefined;
  }
  if (digits === 0 || periods > 1) return undefined;
  const value = Number(word);
  return Number.isFinite(value) ? new PdfNumber(value, periods === 0) : undefined;
}

/**
 * The signed byte range (ISO 32000-1 §12.8.1): it must be `[0 a b len−b]`, leaving out exactly the
 * /Contents hex string, so that every other byte of the file — including anything appended later — is under
 * the signature. Anything else is reported as a finding that says which bytes are not covered.
 */
import { type PdfDict, PdfNumber, PdfString } from './pdf-object-reader.js';
import { type Finding, finding } from './types.js';

/** `[offset1, length1, offset2, length2]`, as read (not yet known to be sane). */
export type ByteRangeNumbers = readonly [number, number, number, number];

const tampered = (code: string, zh: string, en: string): Finding => finding(code, 'TAMPERED', zh, en);

/** The /ByteRange value as four non-negative integers, or a finding saying why it is not. */
export function readByteRange(dictionary: PdfDict): ByteRangeNumbers | Finding {
  const value = dictionary.get('ByteRange');
  const numbers = Array.isArray(value) ? value : [];
  const integers = numbers.filter(
    (item): item is PdfNumber => item instanceof PdfNumber && item.integer && item.value >= 0,
  );
  if (numbers.length !== 4 || integers.length !== 4) {
    return tampered(
      'BYTE_RANGE_INVALID',
      '签章保护范围（ByteRange）不是四个非负整数，无法确定哪些内容受签章保护',
      'The signed byte range is not four non-negative integers, so it is unclear what the seal protects',
    );
  }
  return integers.map((item) => item.value) as unknown as ByteRangeNumbers;
}

/** Where the /Contents hex string is, or a finding if /Contents is not one. */
export function readContents(dictionary: PdfDict): PdfString | Finding {
  const contents = dictionary.get('Contents');
  if (contents instanceof PdfString && contents.hex) return contents;
  return tampered(
    'CONTENTS_INVALID',
    '签名值（Contents）不是十六进制字符串',
    'The signature value (/Contents) is not a hexadecimal string',
  );
}

/** Check `[0 a b c]` against the file length and the /Contents span; collects every problem. */
export function checkCoverage(
  length: number,
  ranges: ByteRangeNumbers,
  contents: { start: number; end: number },
): Finding[] {
  const [start1, length1, start2, length2] = ranges;
  const findings: Finding[] = [];
  if (start1 !== 0) {
    findings.push(
      tampered(
        'HEAD_NOT_COVERED',
        `文件开头的 ${start1} 个字节不在签章保护范围内`,
        `The first ${start1} bytes of the file are not covered by the seal`,
      ),
    );
  }
  const gapStart = start1 + length1;
  if (!(gapStart > 0 && gapStart < start2)) {
    findings.push(
      tampered(
        'BYTE_RANGE_OVERLAP',
        '签章保护范围的两段重叠、颠倒或为空',
        'The two parts of the signed byte range overlap, are reversed or empty',
      ),
    );
  }
  const end = start2 + length2;
  if (start2 > length || end > length) {
    findings.push(
      tampered(
        'BYTE_RANGE_BEYOND_FILE',
        `签章保护范围超出了文件末尾（文件只有 ${length} 个字节），文件可能被截断`,
        `The signed byte range reaches beyond the end of the file (${length} bytes); it may have been cut short`,
      ),
    );
  } else if (end < length) {
    findings.push(
      tampered(
        'TAIL_NOT_COVERED',
        `文件在盖章后被修改：末尾 ${length - end} 个字节不在签章保护范围内`,
        `Modified after sealing: the last ${length - end} bytes are not covered by the seal`,
      ),
    );
  }
  if (gapStart < start2 && (gapStart !== contents.start || start2 !== contents.end)) {
    findings.push(
      tampered(
        'GAP_NOT_CONTENTS',
        `签章保护范围留出的空隙（第 ${gapStart}–${start2} 字节）不只是签名值，其中的内容未受保护`,
        `The gap in the signed byte range (bytes ${gapStart}–${start2}) is not just the signature value; what it holds is not protected`,
      ),
    );
  }
  return findings;
}

/** The bytes a ByteRange covers, if both regions lie inside the file (views, no copy). */
export function signedRegions(pdf: Uint8Array, ranges: ByteRangeNumbers): Uint8Array[] | undefined {
  const [start1, length1, start2, length2] = ranges;
  if (start1 + length1 > pdf.length || start2 + length2 > pdf.length) return undefined;
  return [pdf.subarray(start1, start1 + length1), pdf.subarray(start2, start2 + length2)];
}

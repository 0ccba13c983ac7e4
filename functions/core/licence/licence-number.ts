/**
 * The human-readable licence number printed on the licence and read out over the phone:
 *
 *   <prefix>〔<year>〕第<serial>号      e.g. 湘交超〔2026〕第000123号
 *
 * Modelled on the document-number style of GB/T 9704 (the year in full inside hexagonal brackets 〔〕,
 * U+3014/U+3015, not round brackets). Unlike a document number the serial is zero-padded to six digits, so
 * numbers of one year sort and align in registers; a seventh digit is used if a year ever needs it. The
 * serial restarts every year per prefix, which is why the year is part of the number.
 */
import { DomainError } from '../errors.js';

/** The parts of a licence number. */
export interface LicenceNumberParts {
  /** Short issuing-office prefix, e.g. `湘交超` (certificate template `numberPrefix`). */
  prefix: string;
  /** Year of issue (Asia/Shanghai), four digits. */
  year: number;
  /** Running number within prefix and year, from 1. */
  serial: number;
}

/** Minimum digits of the serial; shorter serials are zero-padded. */
export const LICENCE_SERIAL_MIN_WIDTH = 6;

const invalid = (zh: string, en: string): DomainError =>
  new DomainError(
    'INVALID',
    'INVALID_LICENCE_NUMBER',
    `证照编号无效：${zh}`,
    `invalid licence number: ${en}`,
  );

// Digits and the bracket/marker characters would make the number ambiguous to read back.
const PREFIX_PATTERN = /^[^\s\d〔〕第号]+$/u;
const NUMBER_PATTERN = /^([^\s\d〔〕第号]+)〔(\d{4})〕第(\d{6,})号$/u;

/** Formats a licence number; throws DomainError `INVALID_LICENCE_NUMBER` for parts that cannot be printed. */
export const formatLicenceNumber = ({ prefix, year, serial }: LicenceNumberParts): string => {
  if (!PREFIX_PATTERN.test(prefix)) {
    throw invalid(
      '前缀不能为空，且不能含数字、空格或〔〕第号',
      'prefix must be non-empty without digits, spaces, 〔〕第号',
    );
  }
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw invalid('年份须为四位数', 'year must have four digits');
  }
  if (!Number.isSafeInteger(serial) || serial < 1) {
    throw invalid('流水号须为正整数', 'serial must be a positive integer');
  }
  return `${prefix}〔${year}〕第${String(serial).padStart(LICENCE_SERIAL_MIN_WIDTH, '0')}号`;
};

/** Reads a licence number back into its parts; throws DomainError `INVALID_LICENCE_NUMBER` if malformed. */
export const parseLicenceNumber = (s: string): LicenceNumberParts => {
  const match = NUMBER_PATTERN.exec(s);
  const [, prefix = '', year = '', serial = ''] = match ?? [];
  const parts = { prefix, year: Number(year), serial: Number(serial) };
  // Re-formatting rejects what the pattern lets through: serial 0, over-long zero padding, unsafe integers.
  if (match === null || !Number.isSafeInteger(parts.serial) || formatLicenceNumber(parts) !== s) {
    throw invalid('格式应为“前缀〔年份〕第000001号”', 'expected "<prefix>〔<year>〕第<serial>号"');
  }
  return parts;
};

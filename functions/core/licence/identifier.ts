/**
 * The licence identifier in the style of GB/T 36904-2018 (电子证照 标识规范):
 *
 *   1.2.156.3005.2.<licence-type code>.<issuer code>.<serial>.<version>.<check>
 *
 * `1.2.156.3005.2` is the OID arc for e-licences; the issuer code is the issuing authority's unified social
 * credit code (GB 32100, 18 characters); the serial is 7 digits and the version 3 digits, both zero-padded so
 * that the check character (ISO/IEC 7064 MOD 37,36 over type + issuer + serial + version) is computed over a
 * string with one reading only.
 */
import { DomainError } from '../errors.js';

/** The OID prefix every identifier starts with. */
export const IDENTIFIER_PREFIX = '1.2.156.3005.2';
/** Digits of the zero-padded serial. */
export const SERIAL_WIDTH = 7;
/** Digits of the zero-padded version. */
export const VERSION_WIDTH = 3;

/** The parts of an identifier. */
export interface IdentifierParts {
  typeCode: string;
  issuerCode: string;
  serial: number;
  version: number;
}

/** A parsed identifier: its parts and its (verified) check character. */
export interface ParsedIdentifier extends IdentifierParts {
  check: string;
}

const MOD_37_36_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const M = 36;

const invalid = (zh: string, en: string, reason: string): DomainError =>
  new DomainError(
    'INVALID',
    'INVALID_IDENTIFIER',
    `电子证照标识无效：${zh}`,
    `invalid licence identifier: ${en}`,
    {
      details: { reason },
    },
  );

/**
 * Runs the ISO/IEC 7064 hybrid system MOD 37,36 over `s` and returns the final remainder `P` (1..36).
 * P₁ = M; for each character: S = (P + value) mod M, with 0 read as M; P = 2·S mod (M+1).
 */
const mod3736Product = (s: string): number => {
  let p = M;
  for (const char of s) {
    const value = MOD_37_36_ALPHABET.indexOf(char);
    if (value < 0)
      throw invalid(`字符“${char}”不在 0-9A-Z 中`, `character "${char}" is not in 0-9A-Z`, 'ALPHABET');
    p = (((p + value) % M || M) * 2) % (M + 1);
  }
  return p;
};

/**
 * The ISO/IEC 7064 MOD 37,36 check character for `s` (characters 0-9A-Z): the character that makes the
 * running sum ≡ 1 (mod 36) when appended. Detects every single substitution and nearly all adjacent
 * transpositions (a hybrid system is not guaranteed to catch all of them).
 * Throws DomainError `INVALID_IDENTIFIER` for characters outside the alphabet (lower case included).
 */
export const checkCharacterMod3736 = (s: string): string =>
  MOD_37_36_ALPHABET[(M + 1 - mod3736Product(s)) % M] as string;

/** True when `s`, whose last character is its check character, passes ISO/IEC 7064 MOD 37,36. */
export const isValidMod3736 = (s: string): boolean => {
  if (s.length < 2 || !/^[0-9A-Z]+$/.test(s)) return false;
  return checkCharacterMod3736(s.slice(0, -1)) === s.slice(-1);
};

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/**
 * The GB 32100-2015 check character of a unified social credit code, from its first 17 characters:
 * C₁₈ = 31 − (Σ value(Cᵢ)·3^(i−1) mod 31) mod 31, written in the 31-character code alphabet (no I O S V Z).
 * Returns `undefined` if a character is outside that alphabet.
 */
export const checkCharacterGb32100 = (first17: string): string | undefined => {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = USCC_ALPHABET.indexOf(first17.charAt(i));
    if (value < 0) return undefined;
    sum += value * (USCC_WEIGHTS[i] as number);
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
};

/** True for an 18-character unified social credit code with a valid GB 32100 check character. */
export const isValidUnifiedSocialCreditCode = (code: string): boolean =>
  USCC_PATTERN.test(code) && checkCharacterGb32100(code.slice(0, 17)) === code.charAt(17);

/**
 * The GB 11714 check character of the 9-character organisation code embedded in a unified social credit
 * code (characters 9-17), from its first 8 characters: 11 − (Σ value·weight mod 11), 10 → X, 11 → 0.
 */
export const checkCharacterGb11714 = (first8: string): string | undefined => {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  if (!/^[0-9A-Z]{8}$/.test(first8)) return undefined;
  const sum = [...first8].reduce(
    (total, c, i) => total + MOD_37_36_ALPHABET.indexOf(c) * (weights[i] as number),
    0,
  );
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
};

const padded = (value: number, width: number, name: string): string => {
  if (!Number.isSafeInteger(value) || value < 0 || String(value).length > width) {
    throw invalid(
      `${name}须为0至${'9'.repeat(width)}的整数`,
      `${name} must be an integer 0..${'9'.repeat(width)}`,
      name,
    );
  }
  return String(value).padStart(width, '0');
};

/** Builds the identifier string; throws DomainError `INVALID_IDENTIFIER` for parts that do not fit. */
export const buildIdentifier = (parts: IdentifierParts): string => {
  if (!/^[0-9A-Z]+$/.test(parts.typeCode)) {
    throw invalid(
      '证照类型代码须为数字或大写字母',
      'type code must be digits or upper-case letters',
      'typeCode',
    );
  }
  if (!isValidUnifiedSocialCreditCode(parts.issuerCode)) {
    throw invalid('颁发机构代码不是有效的统一社会信用代码', 'issuer code is not a valid USCC', 'issuerCode');
  }
  const serial = padded(parts.serial, SERIAL_WIDTH, 'serial');
  const version = padded(parts.version, VERSION_WIDTH, 'version');
  const check = checkCharacterMod3736(`${parts.typeCode}${parts.issuerCode}${serial}${version}`);
  return [IDENTIFIER_PREFIX, parts.typeCode, parts.issuerCode, serial, version, check].join('.');
};

const IDENTIFIER_PATTERN = new RegExp(
  `^${IDENTIFIER_PREFIX.replaceAll('.', '\\.')}\\.([0-9A-Z]+)\\.([0-9A-Z]{18})\\.([0-9]{${SERIAL_WIDTH}})\\.([0-9]{${VERSION_WIDTH}})\\.([0-9A-Z])$`,
);

/**
 * Splits an identifier into its parts after checking its layout, the issuer code and the check character.
 * Throws DomainError `INVALID_IDENTIFIER` (kind INVALID) with `details.reason` saying which check failed.
 */
export const parseIdentifier = (s: string): ParsedIdentifier => {
  const match = IDENTIFIER_PATTERN.exec(s);
  if (match === null)
    throw invalid('格式不符合 GB/T 36904', 'does not follow the GB/T 36904 layout', 'FORMAT');
  const [, typeCode = '', issuerCode = '', serial = '', version = '', check = ''] = match;
  if (!isValidUnifiedSocialCreditCode(issuerCode)) {
    throw invalid('颁发机构代码校验失败', 'issuer code fails its GB 32100 check', 'ISSUER_CODE');
  }
  if (checkCharacterMod3736(`${typeCode}${issuerCode}${serial}${version}`) !== check) {
    throw invalid('校验位不正确', 'wrong check character', 'CHECK_CHARACTER');
  }
  return { typeCode, issuerCode, serial: Number(serial), version: Number(version), check };
};

/** True when `s` is a well-formed identifier with valid issuer code and check character. */
export const isValidIdentifier = (s: string): boolean => {
  try {
    parseIdentifier(s);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
};

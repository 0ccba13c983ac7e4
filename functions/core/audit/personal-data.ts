/**
 * Detection of unmasked personal data in audit entries. The audit trail is kept for years and copied
 * offline, so it must never hold an ID number or a mobile number in clear; masked forms
 * (`430***********1234`, `138****5678`) pass. Names cannot be recognised reliably and are the callers'
 * responsibility.
 */
import { PersonalDataInAuditError } from './errors.js';

// Letters and digits around a match mean it is part of a longer token (a SHA-256 hex digest, an id),
// not a number on its own; Chinese text around it does not protect it.
const ID_NUMBER = /(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])/g;
const MOBILE = /(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![0-9A-Za-z])/;

// GB 11643-1999: weighted sum of the first 17 digits mod 11 selects the check character.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/**
 * True if `candidate` is a mainland resident ID number: 18 characters, a plausible birth date
 * (digits 7–14) and a valid GB 11643 check character. Checking date and checksum keeps other 18-digit
 * numbers (serials, timestamps) from being rejected as personal data.
 */
export function isMainlandIdNumber(candidate: string): boolean {
  if (!/^[1-9]\d{16}[\dXx]$/.test(candidate)) return false;
  if (!isPlausibleBirthDate(candidate.slice(6, 14))) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(candidate[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK_CHARS[sum % 11] === candidate[17]?.toUpperCase();
}

function isPlausibleBirthDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1850 || year > 2199 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True if the text contains an unmasked mainland ID number or mobile number. */
export function containsPersonalData(text: string): boolean {
  for (const match of text.matchAll(ID_NUMBER)) if (isMainlandIdNumber(match[0])) return true;
  return MOBILE.test(text);
}

// Beyond this depth the value is not JSON we would log (canonicalJson rejects it); stop before the stack does.
const MAX_DEPTH = 64;

/**
 * The JSON paths (`$.details.mobile`, `$.details.notes[2]`) at which strings, numbers or object keys hold
 * unmasked personal data. A key that is itself personal data is reported as `<path>.<key>`, never echoed.
 */
export function findPersonalData(value: unknown, path = '$', depth = 0): string[] {
  if (typeof value === 'string') return containsPersonalData(value) ? [path] : [];
  if (typeof value === 'number') return containsPersonalData(String(value)) ? [path] : [];
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return [];
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => findPersonalData(item, `${path}[${i}]`, depth + 1));
  }
  return Object.entries(value).flatMap(([key, item]) => {
    if (containsPersonalData(key)) return [`${path}.<key>`];
    return findPersonalData(item, `${path}.${key}`, depth + 1);
  });
}

/**
 * Throw `PersonalDataInAuditError` (listing only the paths) if `value` holds an unmasked ID number or
 * mobile number anywhere. Called by services before they build details and again by the audit store
 * before it writes, as defence in depth.
 */
export function assertNoPersonalData(value: unknown): void {
  const paths = findPersonalData(value);
  if (paths.length > 0) throw new PersonalDataInAuditError(paths);
}

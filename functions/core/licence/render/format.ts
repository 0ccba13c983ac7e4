/**
 * How values are printed on a licence: dates in Beijing time, masked personal data, field values.
 */

/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991), so a fixed offset is exact. */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The calendar date in Asia/Shanghai, printed as on Chinese documents: `2026年3月26日`. */
export function formatChineseDate(instant: Date): string {
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
  return `${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日`;
}

/** The calendar date in Asia/Shanghai as ISO `2026-03-26` (for metadata). */
export function isoShanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Masks an ID number as API.md prescribes (`430***********1234`): first 3 and last 4 characters stay,
 * the rest become `*` one for one, so the length still tells an 18-digit ID from a 15-digit one.
 * Short identifiers keep only their last 2 characters, as there is too little to hide otherwise.
 */
export function maskIdNumber(idNumber: string): string {
  const chars = [...idNumber];
  if (chars.length >= 10) {
    return chars.map((c, i) => (i < 3 || i >= chars.length - 4 ? c : '*')).join('');
  }
  return chars.map((c, i) => (i >= chars.length - 2 ? c : '*')).join('');
}

/**
 * Masks a personal name as `张*三`: first and last character stay, everything between becomes one `*`;
 * a two-character name keeps its surname (`张*`). Works on code points, so 𠇔 counts as one character.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}*${chars.at(-1)}`;
}

/**
 * Prints one field value: strings as they are, numbers in plain notation, booleans as 是/否, arrays joined
 * with the Chinese enumeration comma, objects as their values separated by spaces; nothing → `—`.
 */
export function formatFieldValue(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return formatChineseDate(value);
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(formatFieldValue).join('、');
  if (typeof value === 'object') {
    return Object.values(value as Record<string, unknown>)
      .map(formatFieldValue)
      .join(' ');
  }
  return String(value);
}

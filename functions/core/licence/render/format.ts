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

export { maskIdNumber, maskName } from '../../masking.js';

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

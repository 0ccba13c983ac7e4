/**
 * PDF date strings (ISO 32000-1 §7.9.4): `D:YYYYMMDDHHmmSSOHH'mm'`, every part after the year optional.
 */

const FIELDS = [
  { length: 4, min: 0, max: 9999 },
  { length: 2, min: 1, max: 12 },
  { length: 2, min: 1, max: 31 },
  { length: 2, min: 0, max: 23 },
  { length: 2, min: 0, max: 59 },
  { length: 2, min: 0, max: 59 },
];
const DEFAULTS = [0, 1, 1, 0, 0, 0];

function digits(text: string, at: number, length: number): number | undefined {
  const part = text.slice(at, at + length);
  if (part.length !== length) return undefined;
  for (const char of part) if (char < '0' || char > '9') return undefined;
  return Number(part);
}

/** Minutes east of UTC for the suffix after the seconds (`Z`, `+08'00'`, `-05`, or nothing = UTC). */
function offsetMinutes(suffix: string): number | undefined {
  if (suffix === '' || suffix === 'Z' || suffix === "Z00'00'" || suffix === "Z00'00") return 0;
  const sign = suffix[0] === '+' ? 1 : suffix[0] === '-' ? -1 : 0;
  const hours = digits(suffix, 1, 2);
  if (sign === 0 || hours === undefined || hours > 23) return undefined;
  const rest = suffix.slice(3).replace(/^'/, '');
  const minutes = rest === '' ? 0 : digits(rest, 0, 2);
  if (minutes === undefined || minutes > 59 || !/^(\d\d'?)?$/.test(rest)) return undefined;
  return sign * (hours * 60 + minutes);
}

/** The instant a PDF date string denotes, or undefined if it is not one. */
export function parsePdfDate(text: string): Date | undefined {
  if (text.length > 40) return undefined;
  const body = text.startsWith('D:') ? text.slice(2) : text;
  const values = [...DEFAULTS];
  let at = 0;
  for (const [index, field] of FIELDS.entries()) {
    const value = digits(body, at, field.length);
    if (value === undefined) {
      if (index === 0) return undefined;
      break;
    }
    if (value < field.min || value > field.max) return undefined;
    values[index] = value;
    at += field.length;
  }
  const offset = offsetMinutes(body.slice(at));
  if (offset === undefined) return undefined;
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = values;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  // Reject 31 February and the like: Date.UTC would roll them over into the next month.
  if (new Date(local).getUTCDate() !== day) return undefined;
  return new Date(local - offset * 60_000);
}

/**
 * Masking of personal data (API.md): names `张*三`, ID numbers `430***********1234`, mobiles `138****5678`.
 * Applied on every way out: responses (except the issuing client's own case view), logs and public pages.
 */

/**
 * Mask a person's name as `张*三`: first and last character stay, everything between becomes one `*` (so the
 * mask does not reveal the name's length); a two-character name keeps its surname (`张*`). Code points, so
 * 𠇔 counts as one character.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}*${chars.at(-1)}`;
}

/** Mask an identity document number, keeping the first 3 and last 4 characters. */
export function maskIdNumber(id: string): string {
  const chars = [...id.trim()];
  if (chars.length <= 7) return '*'.repeat(chars.length);
  return `${chars.slice(0, 3).join('')}${'*'.repeat(chars.length - 7)}${chars.slice(-4).join('')}`;
}

/** Mask a mobile number, keeping the first 3 and last 4 digits. */
export function maskMobile(mobile: string): string {
  const digits = mobile.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** Patterns of personal data that must never appear in clear in logs. */
const idNumberPattern = /\b\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]\b/g;
const mobilePattern = /(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)/g;

/** Mask anything that looks like an ID number or mobile inside free text (defence in depth for logs). */
export function maskFreeText(text: string): string {
  return text.replace(idNumberPattern, (m) => maskIdNumber(m)).replace(mobilePattern, (m) => maskMobile(m));
}

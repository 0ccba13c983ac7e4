/**
 * PEM armour (RFC 7468) for certificates and certification requests.
 */
import { DomainError } from '../errors.js';

/** Wrap DER bytes as PEM with `label` (e.g. `CERTIFICATE`), base64 in 64-character lines. */
export function toPem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Every `label` block of `pem`, in order, as DER; DomainError if there is none or one is not base64. */
export function fromPem(label: string, pem: string): Uint8Array[] {
  const pattern = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  const blocks: Uint8Array[] = [];
  for (const match of pem.matchAll(pattern)) {
    const body = (match[1] ?? '').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length === 0) {
      throw new DomainError(
        'INVALID',
        'PEM_MALFORMED',
        'PEM 内容不是有效的 Base64',
        'PEM body is not base64',
      );
    }
    blocks.push(new Uint8Array(Buffer.from(body, 'base64')));
  }
  if (blocks.length === 0) {
    throw new DomainError(
      'INVALID',
      'PEM_MALFORMED',
      `未找到 ${label} PEM 块`,
      `No ${label} PEM block found`,
    );
  }
  return blocks;
}

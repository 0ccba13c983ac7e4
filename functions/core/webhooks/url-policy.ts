/**
 * Checking a webhook URL before it is stored: https only (plain http only to loopback, and only in the
 * local runtime), no credentials or fragment, and every address its host resolves to must be deliverable
 * (`address-policy.ts`). Delivery checks the addresses again when it connects (DNS may change in between).
 */
import { DomainError } from '../errors.js';
import { type AddressPolicy, classifyAddress, refusedAddress } from './address-policy.js';

/** Resolves a host name to all its addresses (A and AAAA); `[]` when it has none. */
export type ResolveHost = (hostname: string) => Promise<string[]>;

export const MAX_URL_LENGTH = 2048;

const invalid = (reason: string) =>
  new DomainError(
    'UNPROCESSABLE',
    'WEBHOOK_URL_INVALID',
    'Webhook 地址无效：须为不含用户名、密码和片段的 https 地址',
    'The webhook URL is invalid: an https URL without credentials or fragment is required',
    { details: { reason } },
  );

const forbidden = (reason: string) =>
  new DomainError(
    'UNPROCESSABLE',
    'WEBHOOK_URL_FORBIDDEN',
    'Webhook 地址指向内网、本机、链路本地或保留地址，不予接受',
    'The webhook URL points into private, loopback, link-local or reserved address space',
    { details: { reason } },
  );

const unresolvable = () =>
  new DomainError(
    'UNPROCESSABLE',
    'WEBHOOK_URL_UNRESOLVABLE',
    'Webhook 地址的主机名无法解析',
    'The webhook URL’s host name does not resolve',
    {},
  );

/** The URL parsed and held to the scheme and form rules; 422 `WEBHOOK_URL_INVALID` otherwise. */
export function parseWebhookUrl(raw: string, policy: AddressPolicy): URL {
  if (raw.length > MAX_URL_LENGTH) throw invalid('TOO_LONG');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid('NOT_A_URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowLoopback))
    throw invalid('NOT_HTTPS');
  if (url.username || url.password) throw invalid('CREDENTIALS');
  if (url.hash || raw.includes('#')) throw invalid('FRAGMENT');
  if (!url.hostname) throw invalid('NO_HOST');
  return url;
}

/** `[::1]` → `::1`: the WHATWG URL keeps IPv6 literals in brackets. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Resolve the URL's host and hold every address to the policy: 422 `WEBHOOK_URL_FORBIDDEN` (with the
 * address class, never the address) or `WEBHOOK_URL_UNRESOLVABLE`. Plain http needs every address to be
 * loopback (the local runtime's receivers).
 */
export async function checkWebhookUrl(
  raw: string,
  policy: AddressPolicy,
  resolve: ResolveHost,
): Promise<URL> {
  const url = parseWebhookUrl(raw, policy);
  const host = hostOf(url);
  const addresses = classifyAddress(host) ? [host] : await resolve(host).catch(() => []);
  if (addresses.length === 0) throw unresolvable();
  const refused = refusedAddress(addresses, policy);
  if (refused) throw forbidden(refused.reason);
  if (url.protocol === 'http:' && !addresses.every((a) => classifyAddress(a) === 'LOOPBACK'))
    throw invalid('NOT_HTTPS');
  return url;
}

/**
 * Webhook POSTs over node:http/https. The host is resolved by this adapter's own `lookup`, which refuses the
 * connection when any address the name resolves to is outside the address policy: the check and the connect
 * use the same answer, so DNS rebinding between registration and delivery (or between a check and the
 * connect) cannot reach the metadata service or the VPC. Redirects are not followed (a 3xx is a failed
 * attempt); the response body is discarded unread; the whole attempt is bounded by `timeoutMs`.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { type AddressPolicy, classifyAddress, refusedAddress } from '../core/webhooks/address-policy.js';
import type { TransportResult } from '../core/webhooks/model.js';
import { hostOf, parseWebhookUrl } from '../core/webhooks/url-policy.js';
import type { WebhookTransport } from '../ports/webhooks.js';

class ForbiddenAddressError extends Error {
  readonly code = 'FORBIDDEN_ADDRESS';
}

/** A `lookup` for http.request that resolves every address and fails on any the policy refuses. */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = refusedAddress(
        addresses.map((a) => a.address),
        policy,
      );
      if (refused || addresses.length === 0) {
        return callback(new ForbiddenAddressError(refused?.reason ?? 'NO_ADDRESS'), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses as [LookupAddress];
      return callback(null, first.address, first.family);
    });
  };
}

export class HttpWebhookTransport implements WebhookTransport {
  readonly #policy: AddressPolicy;

  constructor(options: { policy: AddressPolicy }) {
    this.#policy = options.policy;
  }

  post(
    url: string,
    headers: Record<string, string>,
    body: string,
    timeoutMs: number,
  ): Promise<TransportResult> {
    let target: URL;
    try {
      target = parseWebhookUrl(url, this.#policy);
    } catch {
      return Promise.resolve({ error: 'INVALID_URL' });
    }
    // An IP literal never reaches `lookup`: hold it to the policy here.
    const literal = classifyAddress(hostOf(target));
    if (literal && refusedAddress([hostOf(target)], this.#policy))
      return Promise.resolve({ error: 'FORBIDDEN_ADDRESS' });
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const payload = Buffer.from(body, 'utf8');
    return new Promise<TransportResult>((resolve) => {
      let settled = false;
      const finish = (result: TransportResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const req = send(target, {
        method: 'POST',
        headers: {
          ...headers,
          'content-length': String(payload.length),
          'user-agent': 'Zhengzhao-Webhooks/1',
        },
        lookup: guardedLookup(this.#policy),
        // No connection reuse: every attempt resolves (and is checked) afresh.
        agent: false,
      });
      const timer = setTimeout(() => {
        finish({ error: 'TIMEOUT' });
        req.destroy();
      }, timeoutMs);
      req.on('response', (res) => {
        finish({ status: res.statusCode ?? 0 });
        // The body is never read or stored.
        res.destroy();
      });
      req.on('error', (error: Error & { code?: string }) => {
        if (error instanceof ForbiddenAddressError) finish({ error: 'FORBIDDEN_ADDRESS' });
        else if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') finish({ error: 'UNRESOLVABLE' });
        else finish({ error: 'CONNECTION' });
      });
      req.end(payload);
    });
  }
}

/** Every address of a host name (A and AAAA), for the registration check; `[]` when none. */
export const resolveHost = (hostname: string): Promise<string[]> =>
  new Promise((resolve) => {
    dnsLookup(hostname, { all: true }, (error, addresses) => {
      resolve(error ? [] : addresses.map((a) => a.address));
    });
  });

/**
 * The RFC 3161 client against fake fetches that answer with real tokens (or fail): replies are checked
 * (nonce, imprint, status), transient failures are retried, and a TSA that keeps failing opens the breaker —
 * every failure a 503 TSA_UNAVAILABLE with Retry-After.
 */
import { createHash, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { HttpTimeStampAuthority } from '../../../functions/adapters/http-time-stamp-authority.js';
import { answerTimeStampRequest } from '../../../functions/core/timestamp/answer-request.js';
import { readTstInfo } from '../../../functions/core/timestamp/rfc3161.js';
import { createLongTermFixture, type LongTermFixture } from '../../support/long-term-fixture.js';

let fixture: LongTermFixture;
const random = { bytes: (n: number) => new Uint8Array(randomBytes(n)) };
const digest = new Uint8Array(createHash('sha256').update('signature value').digest());

beforeAll(async () => {
  fixture = await createLongTermFixture();
});

/** A fetch answering like a TSA, with `tamper` applied to the request first (e.g. another digest). */
function tsaFetch(
  tamper: (request: Uint8Array) => Uint8Array = (r) => r,
  calls: string[] = [],
): typeof fetch {
  return (async (_url: unknown, init?: RequestInit) => {
    calls.push('call');
    const request = tamper(new Uint8Array(init?.body as Buffer));
    const reply = await answerTimeStampRequest(request, {
      signer: fixture.tsaSigner,
      certificate: fixture.tsa,
      clock: { now: () => new Date() },
      random,
    });
    return new Response(Buffer.from(reply), { headers: { 'content-type': 'application/timestamp-reply' } });
  }) as typeof fetch;
}

const client = (fetchImpl: typeof fetch, extra = {}) =>
  new HttpTimeStampAuthority({
    url: 'https://tsa.example/',
    random,
    fetch: fetchImpl,
    backoffMs: 1,
    ...extra,
  });

describe('HttpTimeStampAuthority', () => {
  it('returns a token whose imprint is the digest', async () => {
    const token = await client(tsaFetch()).timestamp(digest);
    expect(Buffer.from(readTstInfo(token).digest).equals(Buffer.from(digest))).toBe(true);
  });

  it('refuses a reply whose nonce is not the one sent', async () => {
    // Flip a byte of the nonce (the request's last INTEGER before certReq): the TSA echoes the changed nonce.
    const changeNonce = (request: Uint8Array) => {
      const copy = Uint8Array.from(request);
      copy[copy.length - 4] = (copy[copy.length - 4] ?? 0) ^ 0x01;
      return copy;
    };
    await expect(client(tsaFetch(changeNonce)).timestamp(digest)).rejects.toMatchObject({
      code: 'TSA_UNAVAILABLE',
      details: { reason: 'NONCE_MISMATCH' },
    });
  });

  it('refuses a token over another digest', async () => {
    const otherDigest = (request: Uint8Array) => {
      const copy = Uint8Array.from(request);
      const at = Buffer.from(copy).indexOf(Buffer.from(digest));
      copy[at] = (copy[at] ?? 0) ^ 0xff;
      return copy;
    };
    await expect(client(tsaFetch(otherDigest)).timestamp(digest)).rejects.toMatchObject({
      details: { reason: 'IMPRINT_MISMATCH' },
    });
  });

  it('retries a 503 and succeeds when the TSA is back', async () => {
    let failures = 1;
    const ok = tsaFetch();
    const flaky = (async (url: unknown, init?: RequestInit) =>
      failures-- > 0 ? new Response('', { status: 503 }) : ok(url as string, init)) as typeof fetch;
    await expect(client(flaky).timestamp(digest)).resolves.toBeInstanceOf(Uint8Array);
  });

  it('opens the circuit after repeated failures and answers at once with Retry-After', async () => {
    const calls: string[] = [];
    const down = (async () => {
      calls.push('call');
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const tsa = client(down, { retries: 1, failureThreshold: 2, openMs: 30_000 });
    for (let i = 0; i < 2; i++)
      await expect(tsa.timestamp(digest)).rejects.toMatchObject({ details: { reason: 'CONNECTION' } });
    expect(calls).toHaveLength(4);
    await expect(tsa.timestamp(digest)).rejects.toMatchObject({
      code: 'TSA_UNAVAILABLE',
      retryAfterSeconds: 30,
      details: { reason: 'CIRCUIT_OPEN' },
    });
    expect(calls).toHaveLength(4);
  });

  it('times out a TSA that does not answer', async () => {
    const hang = ((_url: unknown, init?: RequestInit) =>
      new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      )) as typeof fetch;
    await expect(client(hang, { timeoutMs: 100, retries: 0 }).timestamp(digest)).rejects.toMatchObject({
      details: { reason: 'TIMEOUT' },
    });
  });
});

/**
 * The DSS's revocation data as HttpValidationData fetches it: one OCSP request per certificate that names a
 * responder (built for that certificate and its issuer), one GET per CRL distribution point, none for the root;
 * the answers kept until half their validity has passed. What to fetch for a set of certificates is worked out
 * once per set: these tests hold that a repeated set fetches nothing, a smaller set gets its own subset and an
 * answer past its half-life is fetched again.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { HttpValidationData } from '../../../functions/adapters/http-validation-data.js';
import { certIdOf, encodeOcspRequest } from '../../../functions/core/pki/ocsp.js';
import { createLongTermFixture, type LongTermFixture } from '../../support/long-term-fixture.js';

let fixture: LongTermFixture;
beforeAll(async () => {
  fixture = await createLongTermFixture();
});

/** A CA's revocation services answering from the fixture, recording each request. */
function caServices() {
  const requests: { method: string; url: string; body?: Buffer }[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const body = init?.body ? Buffer.from(init.body as Uint8Array) : undefined;
    requests.push({ method, url: String(input), ...(body ? { body } : {}) });
    const bytes = method === 'POST' ? fixture.ocsp : fixture.crl;
    return new Response(Buffer.from(bytes), { status: 200 });
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

describe('HttpValidationData', () => {
  it('asks each certificate’s responder about it and its CRL point once, and nothing again for the same set', async () => {
    // Prepare
    const services = caServices();
    const source = new HttpValidationData({ fetch: services.fetch });
    const set = [fixture.seal, fixture.root, fixture.tsa];
    // Act
    const first = await source.collect(set);
    const second = await source.collect(set);
    // Assess
    const posts = services.requests.filter((r) => r.method === 'POST');
    const gets = services.requests.filter((r) => r.method === 'GET');
    expect(posts).toHaveLength(2); // seal and TSA certificate; the root is not asked about
    expect(gets).toHaveLength(1); // both name the same CRL
    expect(posts.map((r) => r.body?.toString('hex')).sort()).toEqual(
      [fixture.seal, fixture.tsa]
        .map((der) => Buffer.from(encodeOcspRequest([certIdOf(der, fixture.root)])).toString('hex'))
        .sort(),
    );
    expect(first.ocspResponses).toHaveLength(2);
    expect(first.crls.map((c) => Buffer.from(c).equals(Buffer.from(fixture.crl)))).toEqual([true]);
    expect(second).toEqual(first);
    expect(services.requests).toHaveLength(3);
  });

  it('gives a smaller set its own answers from what it holds', async () => {
    const services = caServices();
    const source = new HttpValidationData({ fetch: services.fetch });
    await source.collect([fixture.seal, fixture.root, fixture.tsa]);
    const sealOnly = await source.collect([fixture.seal, fixture.root]);
    const rootOnly = await source.collect([fixture.root]);
    expect(sealOnly.ocspResponses).toHaveLength(1);
    expect(sealOnly.crls).toHaveLength(1);
    expect(rootOnly).toEqual({ ocspResponses: [], crls: [] });
    expect(services.requests).toHaveLength(3);
  });

  it('fetches an answer again once half its validity has passed', async () => {
    let now = Date.now();
    const services = caServices();
    const source = new HttpValidationData({ fetch: services.fetch, now: () => now });
    const set = [fixture.seal, fixture.root, fixture.tsa];
    await source.collect(set);
    now += 13 * 3_600_000; // the OCSP responses (valid one day) are past half; the CRL (seven days) is not
    await source.collect(set);
    expect(services.requests.filter((r) => r.method === 'POST')).toHaveLength(4);
    expect(services.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
    now += 4 * 86_400_000;
    await source.collect(set);
    expect(services.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
  });
});

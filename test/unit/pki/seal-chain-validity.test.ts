/**
 * A seal chain issued again for an earlier clock (the local runtime's NOW): it reaches back to the instant
 * asked for and keeps the old root's end, so licences sealed under either chain find a valid anchor.
 */
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bootstrapSealChain, chainValidity } from '../../../functions/core/pki/seal-chain.js';
import { counterRandom, createCryptoSigner, fixedClock } from './crypto-signer.js';

const rootSigner = createCryptoSigner();
const sealSigner = createCryptoSigner();
const issueAt = (now: string, extra: { validFrom?: Date; rootValidUntil?: Date } = {}) =>
  bootstrapSealChain({
    rootSigner,
    sealSigner,
    clock: fixedClock(now),
    random: counterRandom(),
    authorityName: '某市行政审批局',
    ...extra,
  });

describe('seal chain validity', () => {
  it('reports when a chain is valid as a whole: from its latest start to its earliest end', async () => {
    // Act
    const chain = await issueAt('2026-12-06T08:00:00.400Z');

    // Assess
    expect(chainValidity([chain.seal, chain.root])).toEqual({
      validFrom: new Date('2026-12-06T08:00:00.000Z'),
      validUntil: new Date('2031-12-06T08:00:00.000Z'),
      rootValidUntil: new Date('2046-12-06T08:00:00.000Z'),
    });
    expect(chainValidity([])).toBeUndefined();
    expect(chainValidity([new Uint8Array([0x30, 0x00])])).toBeUndefined();
  });

  it('reaches back to an earlier start and keeps a later root end when issued again', async () => {
    // Prepare: the stored chain began on 6 Dec 2026; the clock now reads 3 Mar 2025
    const old = chainValidity(Object.values(await issueAt('2026-12-06T08:00:00Z')).reverse());

    // Act
    const again = await issueAt('2025-03-03T02:00:00Z', {
      validFrom: old?.validFrom,
      rootValidUntil: old?.rootValidUntil,
    });

    // Assess
    const root = new X509Certificate(Buffer.from(again.root));
    const seal = new X509Certificate(Buffer.from(again.seal));
    expect(new Date(seal.validFrom).toISOString()).toBe('2025-03-03T02:00:00.000Z');
    expect(new Date(seal.validTo).toISOString()).toBe('2030-03-03T02:00:00.000Z');
    expect(new Date(root.validFrom).toISOString()).toBe('2025-03-03T02:00:00.000Z');
    expect(new Date(root.validTo).toISOString()).toBe('2046-12-06T08:00:00.000Z');
  });
});

/**
 * fast-check: random byte-level mutations of a sealed licence never make the verifier throw, and are never
 * VALID unless the mutated bytes are identical to the original. Half of the mutations aim at the /Contents
 * hex string, the only part not covered by the signature.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyPdfSignature } from '../../../functions/core/verification/index.js';
import { layoutOf } from './pdf-edits.js';
import { createSealingSetup, type SealingSetup, sealWithPadding } from './sealed-licence.js';

type Mutation =
  | { kind: 'set'; at: number; byte: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'append'; bytes: Uint8Array };

function apply(pdf: Uint8Array, mutation: Mutation): Uint8Array {
  const at = 'at' in mutation ? Math.min(mutation.at, pdf.length) : pdf.length;
  const buffer = Buffer.from(pdf);
  switch (mutation.kind) {
    case 'set':
    case 'flip': {
      const copy = Uint8Array.from(pdf);
      if (at < copy.length)
        copy[at] = mutation.kind === 'set' ? mutation.byte : (copy[at] ?? 0) ^ (1 << mutation.bit);
      return copy;
    }
    case 'insert':
      return new Uint8Array(Buffer.concat([buffer.subarray(0, at), mutation.bytes, buffer.subarray(at)]));
    case 'delete':
      return new Uint8Array(Buffer.concat([buffer.subarray(0, at), buffer.subarray(at + mutation.count)]));
    case 'truncate':
      return pdf.subarray(0, at);
    case 'append':
      return new Uint8Array(Buffer.concat([buffer, mutation.bytes]));
  }
}

describe('random mutations of a sealed licence', () => {
  let setup: SealingSetup;
  let pdf: Uint8Array;

  beforeAll(async () => {
    setup = await createSealingSetup({ modulusLength: 2048 });
    pdf = await sealWithPadding(setup, 16);
  });

  it('never throw and are never VALID unless the bytes are unchanged', () => {
    const { byteRange } = layoutOf(pdf);
    const anywhere = fc.nat({ max: pdf.length - 1 });
    const inContents = fc.integer({ min: byteRange[1], max: byteRange[2] - 1 });
    const at = fc.oneof(anywhere, inContents);
    const mutation: fc.Arbitrary<Mutation> = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), at, byte: fc.nat({ max: 255 }) }),
      fc.record({ kind: fc.constant('flip' as const), at, bit: fc.nat({ max: 7 }) }),
      fc.record({
        kind: fc.constant('insert' as const),
        at,
        bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
      }),
      fc.record({ kind: fc.constant('delete' as const), at, count: fc.integer({ min: 1, max: 8 }) }),
      fc.record({ kind: fc.constant('truncate' as const), at: anywhere }),
      fc.record({
        kind: fc.constant('append' as const),
        bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        // Prepare
        const mutated = mutations.reduce(apply, pdf);
        // Act
        const result = verifyPdfSignature(mutated, setup.trust);
        // Assess
        if (Buffer.compare(Buffer.from(mutated), Buffer.from(pdf)) !== 0)
          expect(result.status).not.toBe('VALID');
        else expect(result.status).toBe('VALID');
      }),
      { numRuns: 1500 },
    );
  });
});

/**
 * 10⁵ SMS link tokens (made by `sendLicenceLink`) and verification codes (`newVerificationCode`) from the
 * real CSPRNG: all unique, of the claimed length and alphabet (128 bits each), and with per-position
 * character frequencies consistent with uniform randomness (chi-square, bounded for a 10⁻⁹ false alarm).
 */
import { describe, expect, it } from 'vitest';
import { CryptoRandom } from '../../functions/adapters/system-clock.js';
import { newVerificationCode } from '../../functions/core/certificates/issuance-reservation.js';
import type { CertificateRecord } from '../../functions/core/certificates/model.js';
import { sendLicenceLink } from '../../functions/core/delivery/sms-links.js';

const N = 100_000;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Upper bound of χ²(df) exceeded with probability ~1e-9 (Wilson–Hilferty, z = 6). */
const chiSquareBound = (df: number) => df * (1 - 2 / (9 * df) + 6 * Math.sqrt(2 / (9 * df))) ** 3;

/** Largest per-position χ² excess over its bound; positive means "not uniform". */
function worstPosition(
  values: string[],
  alphabets: string[],
): { position: number; chi2: number; bound: number } {
  let worst = { position: -1, chi2: 0, bound: 1 };
  alphabets.forEach((alphabet, position) => {
    const counts = new Map<string, number>([...alphabet].map((c) => [c, 0]));
    for (const v of values) counts.set(v[position] ?? '?', (counts.get(v[position] ?? '?') ?? 0) + 1);
    const expected = values.length / alphabet.length;
    let chi2 = 0;
    for (const count of counts.values()) chi2 += (count - expected) ** 2 / expected;
    const bound = chiSquareBound(alphabet.length - 1);
    if (chi2 / bound > worst.chi2 / worst.bound) worst = { position, chi2, bound };
  });
  return worst;
}

/** The characters a trailing group of `bits` bits can take in base32 / base64 (low bits zero). */
const tail = (alphabet: string, bitsPerChar: number, bits: number) =>
  [...alphabet].filter((_c, i) => i % 2 ** (bitsPerChar - bits) === 0).join('');

const codeAlphabets = [...Array.from({ length: 25 }, () => CROCKFORD), tail(CROCKFORD, 5, 3)];
const tokenAlphabets = [...Array.from({ length: 21 }, () => BASE64URL), tail(BASE64URL, 6, 2)];

async function tokens(count: number): Promise<string[]> {
  const out: string[] = [];
  const record = {
    certificateId: 'CERT-X',
    clientId: 'c',
    typeName: '证',
    number: 'N',
    status: 'VALID',
  } as CertificateRecord;
  const deps = {
    links: { put: async () => undefined, get: async () => undefined },
    sms: {
      send: async (message: { link?: string }) => {
        out.push((message.link ?? '').split('/s/')[1] ?? '');
        return { messageId: 'm' };
      },
    },
    audit: { append: async () => [] } as never,
    clock: { now: () => new Date('2026-01-01T00:00:00Z') },
    random: new CryptoRandom(),
    publicBaseUrl: 'https://zz.test',
  };
  for (let i = 0; i < count; i++) await sendLicenceLink(deps, record, '13800138000', 'test');
  return out;
}

describe('token and verification code entropy', () => {
  it(`makes ${N} unique 26-character Crockford verification codes with uniform characters`, () => {
    // Act
    const random = new CryptoRandom();
    const codes = Array.from({ length: N }, () => newVerificationCode(random));

    // Assess
    expect(new Set(codes).size).toBe(N);
    for (const code of codes.slice(0, 1000)) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{25}[048CGMRW]$/);
    expect(codes.every((c) => c.length === 26)).toBe(true);
    const worst = worstPosition(codes, codeAlphabets);
    expect(worst.chi2, `position ${worst.position}`).toBeLessThan(worst.bound);
  });

  it(`makes ${N} unique 22-character base64url SMS tokens with uniform characters`, async () => {
    // Act
    const made = await tokens(N);

    // Assess
    expect(made).toHaveLength(N);
    expect(new Set(made).size).toBe(N);
    expect(made.every((t) => /^[A-Za-z0-9_-]{21}[AQgw]$/.test(t))).toBe(true);
    const worst = worstPosition(made, tokenAlphabets);
    expect(worst.chi2, `position ${worst.position}`).toBeLessThan(worst.bound);
  });

  it('rejects a slightly biased source with the same bound (the check has teeth)', () => {
    // Prepare: a generator whose first byte avoids one value in 16 of its draws.
    const random = new CryptoRandom();
    const biased = {
      bytes: (n: number) => {
        const b = random.bytes(n);
        if ((b[0] ?? 0) >> 3 === 0 && (b[1] ?? 0) < 128) b[0] = (b[0] ?? 0) | 0x80;
        return b;
      },
    };

    // Act
    const codes = Array.from({ length: N }, () => newVerificationCode(biased));

    // Assess
    const worst = worstPosition(codes, codeAlphabets);
    expect(worst.chi2).toBeGreaterThan(worst.bound);
  });
});

/**
 * The size of one token status list at its full 2^20 entries with a realistic share of licences not in force
 * (1 % revoked, 0.1 % suspended, at random positions): the compressed list (`lst` bytes before base64url)
 * and the signed JWT, and how long building one takes (encode + compress + sign with a P-256 key in process).
 * Also the worst case a list can reach (random 2-bit entries everywhere) — the upper bound of the JWT.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { derToRawSignature } from '../functions/adapters/kms-es256-signer.js';
import { STATUS_LIST_SIZE } from '../functions/core/status-lists/status-list.js';
import { buildStatusListToken } from '../functions/core/status-lists/status-list-token.js';
import type { JwsSigner, StatusListEntry } from '../functions/ports/status-lists.js';

export interface StatusListSize {
  entries: number;
  revokedPercent: number;
  suspendedPercent: number;
  rawBytes: number;
  compressedBytes: number;
  jwtBytes: number;
  buildMs: number;
  /** Every entry random (0–2): what no real list reaches, the bound of its size. */
  worstCaseJwtBytes: number;
}

/** A deterministic xorshift stream, so the figure is the same every run. */
function positions(count: number, size: number, seed: number, taken: Set<number>): number[] {
  let state = seed;
  const out: number[] = [];
  while (out.length < count) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const idx = (state >>> 0) % size;
    if (taken.has(idx)) continue;
    taken.add(idx);
    out.push(idx);
  }
  return out;
}

export async function measureStatusListSize(
  revoked = 0.01,
  suspended = 0.001,
  size = STATUS_LIST_SIZE,
): Promise<StatusListSize> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signer: JwsSigner = {
    algorithm: 'ES256',
    sign: async (input) => derToRawSignature(sign('sha256', input, privateKey)),
    publicKey: async () => new Uint8Array(),
  };
  const taken = new Set<number>();
  const entries: StatusListEntry[] = [
    ...positions(Math.round(size * revoked), size, 0x2545f491, taken).map((idx) => ({
      idx,
      value: 1 as const,
    })),
    ...positions(Math.round(size * suspended), size, 0x9e3779b9, taken).map((idx) => ({
      idx,
      value: 2 as const,
    })),
  ];
  const build = (list: StatusListEntry[]) =>
    buildStatusListToken({
      uri: 'https://zz.example.gov.cn/status-lists/0',
      size,
      entries: list,
      issuedAt: new Date('2026-12-06T12:00:00Z'),
      ttlSeconds: 300,
      validitySeconds: 86_400,
      signer,
      kid: 'k'.repeat(43),
    });
  await build(entries.slice(0, 10)); // warm-up
  const started = performance.now();
  const jwt = await build(entries);
  const buildMs = performance.now() - started;
  const lst = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()).status_list
    .lst as string;
  const everywhere = positions(size, size, 0x1234567, new Set()).map((idx, i) => ({
    idx,
    value: ((i % 3) + 0) as 0 | 1 | 2,
  }));
  const worst = await build(everywhere.filter((e) => e.value !== 0) as StatusListEntry[]);
  return {
    entries: size,
    revokedPercent: revoked * 100,
    suspendedPercent: suspended * 100,
    rawBytes: size / 4,
    compressedBytes: Buffer.from(lst, 'base64url').length,
    jwtBytes: Buffer.byteLength(jwt),
    buildMs: Math.round(buildMs),
    worstCaseJwtBytes: Buffer.byteLength(worst),
  };
}

/**
 * The QR encoder's mask choice (ISO/IEC 18004 §7.8.3: apply each of the eight masks, score the symbol by the
 * four penalty rules, keep the lowest, the first on a tie) computed over the matrix's bytes instead of through
 * `qrcode`'s per-module accessors, undoing each mask and calling a function per module: the same penalties,
 * hence the same mask and the same code, in a fraction of the time (it was ~90 % of making a licence's code).
 * `qrcode`'s encoder looks `getBestMask` up on its mask module at each call; `useFastMaskChoice` puts this one
 * there (page-model.ts does, where the codes are made).
 */
import maskPattern from 'qrcode/lib/core/mask-pattern.js';

/** `qrcode`'s BitMatrix: `size`² modules row by row, and which are function patterns (never masked). */
export interface QrBitMatrix {
  size: number;
  data: Uint8Array;
  reservedBit: Uint8Array;
}

/** Whether mask `pattern` flips the module at (`i` row, `j` column) (ISO/IEC 18004 Table 10). */
function flips(pattern: number, i: number, j: number): boolean {
  switch (pattern) {
    case 0:
      return (i + j) % 2 === 0;
    case 1:
      return i % 2 === 0;
    case 2:
      return j % 3 === 0;
    case 3:
      return (i + j) % 3 === 0;
    case 4:
      return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0;
    case 5:
      return ((i * j) % 2) + ((i * j) % 3) === 0;
    case 6:
      return (((i * j) % 2) + ((i * j) % 3)) % 2 === 0;
    default:
      return (((i * j) % 3) + ((i + j) % 2)) % 2 === 0;
  }
}

/** The eight masks of a symbol size as 0/1 bytes (row by row), made once per size. */
const masksBySize = new Map<number, Uint8Array[]>();
function masksOf(size: number): Uint8Array[] {
  let masks = masksBySize.get(size);
  if (!masks) {
    masks = Array.from({ length: 8 }, (_, pattern) => {
      const mask = new Uint8Array(size * size);
      for (let i = 0; i < size; i++)
        for (let j = 0; j < size; j++) mask[i * size + j] = flips(pattern, i, j) ? 1 : 0;
      return mask;
    });
    masksBySize.set(size, masks);
  }
  return masks;
}

/**
 * N1 (runs of five or more same-coloured modules, 3 + (length − 5) each: 3 when a run reaches five, 1 for each
 * module beyond) and N3 (the finder-like 1:1:3:1:1 pattern with four light modules on one side, 40 each) along
 * the rows of `m`; the columns are the rows of the transposed matrix. Written without branches on the modules'
 * colours, which are as good as random and would mispredict half the time.
 */
function lineRules(m: Uint8Array, size: number): number {
  let points = 0;
  for (let at = 0, end = size; at < m.length; at = end, end += size) {
    let last = m[at] as number;
    let run = 0;
    let bits = 0;
    for (let i = at; i < end; i++) {
      const module = m[i] as number;
      run = run * (1 ^ module ^ last) + 1;
      last = module;
      points += (run === 5 ? 3 : 0) + (run > 5 ? 1 : 0);
      bits = ((bits << 1) & 0x7ff) | module;
      if (bits === 0x5d0 || (bits === 0x05d && i - at >= 10)) points += 40;
    }
  }
  return points;
}

/** N2 (2×2 blocks of one colour, 3 each) and N4 (the dark share's distance from 50 %, 10 per 5 %). */
function areaRules(m: Uint8Array, size: number): number {
  let blocks = 0;
  let dark = 0;
  for (let i = 0; i < m.length; i++) dark += m[i] as number;
  for (let row = 0; row < size - 1; row++) {
    const at = row * size;
    for (let col = 0; col < size - 1; col++) {
      const sum =
        (m[at + col] as number) +
        (m[at + col + 1] as number) +
        (m[at + size + col] as number) +
        (m[at + size + col + 1] as number);
      blocks += (sum & 3) === 0 ? 1 : 0; // 0 or 4
    }
  }
  return blocks * 3 + Math.abs(Math.ceil((dark * 100) / m.length / 5) - 10) * 10;
}

/**
 * The mask `qrcode`'s `getBestMask(matrix, setupFormat)` chooses: for each pattern its format information is
 * written (`setupFormat`, into the function patterns, which the penalties see) and the masked symbol scored.
 */
export function bestMask(matrix: QrBitMatrix, setupFormat: (pattern: number) => void): number {
  const { size, data, reservedBit } = matrix;
  const masks = masksOf(size);
  const masked = new Uint8Array(data.length);
  const transposed = new Uint8Array(data.length);
  let best = 0;
  let lowest = Number.POSITIVE_INFINITY;
  for (let pattern = 0; pattern < 8; pattern++) {
    setupFormat(pattern);
    const mask = masks[pattern] as Uint8Array;
    for (let row = 0, i = 0; row < size; row++)
      for (let col = 0; col < size; col++, i++) {
        const module = (data[i] as number) ^ ((mask[i] as number) & ((reservedBit[i] as number) ^ 1));
        masked[i] = module;
        transposed[col * size + row] = module;
      }
    const penalty = lineRules(masked, size) + lineRules(transposed, size) + areaRules(masked, size);
    if (penalty < lowest) {
      lowest = penalty;
      best = pattern;
    }
  }
  return best;
}

/** `qrcode`'s own choice, kept for the tests that hold the two equal. */
export const libraryBestMask: typeof bestMask = maskPattern.getBestMask;

/** Make `qrcode`'s encoder choose its masks with `bestMask` (or, given it, another function). */
export function useFastMaskChoice(choose: typeof bestMask = bestMask): void {
  maskPattern.getBestMask = choose;
}

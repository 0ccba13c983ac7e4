/**
 * Stands in for `brotli/decompress.js` in the Lambda bundles (lib/bundling.ts aliases it): fontkit needs a
 * Brotli decoder only for WOFF2 fonts, and the pure-JS one ships a 475 KB dictionary that Node already has
 * natively. Same contract: compressed bytes in, decompressed bytes out.
 */
import { brotliDecompressSync } from 'node:zlib';

export default function decompress(buffer: Uint8Array): Uint8Array {
  return new Uint8Array(brotliDecompressSync(buffer));
}

/**
 * Stands in for `pako` in the Lambda bundles (lib/bundling.ts aliases it): pdf-lib and its helpers use pako
 * only to deflate streams and inflate their own font metrics, which Node's native zlib does faster and without
 * 46 KB of JavaScript. Same contract: zlib-format bytes in and out.
 */
import { deflateSync, inflateSync } from 'node:zlib';

export const deflate = (data: Uint8Array, options: { level?: number } = {}): Uint8Array =>
  new Uint8Array(deflateSync(data, options.level === undefined ? {} : { level: options.level }));

export const inflate = (data: Uint8Array): Uint8Array => new Uint8Array(inflateSync(data));

export default { deflate, inflate };

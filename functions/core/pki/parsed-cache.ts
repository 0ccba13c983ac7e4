/**
 * Memoises a parse of DER bytes by their content. The same few certificates and keys (our root, our seal
 * certificate and key) come with every verification and every seal; parsing them anew (`X509Certificate`,
 * `createPublicKey`, forge's DER reader) was a third of the time of a check. Bounded: when full it starts
 * over, so hostile inputs cannot grow it.
 */
export function memoizeByBytes<T>(parse: (der: Uint8Array) => T, capacity = 256): (der: Uint8Array) => T {
  const cache = new Map<string, T>();
  return (der) => {
    const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const parsed = parse(der);
    if (cache.size >= capacity) cache.clear();
    cache.set(key, parsed);
    return parsed;
  };
}

/** Run `fn` over `items` with at most `limit` in flight; results in input order; the first failure rejects. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * Resolves after the event loop's next turn. A request started just before a long synchronous stretch (a
 * licence's render) leaves only once that stretch ends — the SDK hands the bytes to the socket in ticks that
 * come after the current microtasks — so whoever starts a storage write and then renders yields here first,
 * and the write's round trip overlaps the render instead of following it.
 */
export const afterPendingIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A text function remembered per input: statements repeat the same merchant text on many rows, and
 * folding or normalising it once per distinct text instead of once per row is most of an import's
 * JavaScript time. Bounded so a million distinct texts cannot hold memory: the map starts over when full.
 */
export function memoizeText<T>(fn: (text: string) => T, max = 20_000): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    const hit = cache.get(text);
    if (hit !== undefined || cache.has(text)) return hit as T;
    const out = fn(text);
    if (cache.size >= max) cache.clear();
    cache.set(text, out);
    return out;
  };
}

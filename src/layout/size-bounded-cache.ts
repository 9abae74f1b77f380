/**
 * A map that forgets its least recently used entries once their sizes add up past `maxSize`.
 * Bounded by size rather than by count: a block's SVG is 6 KB for a year label and 75 KB for
 * a whole og card, so a count bound held 40 to 500 MB per worker depending on what was drawn.
 */
export class SizeBoundedCache<V> {
  private readonly entries = new Map<string, { value: V; size: number }>();
  private total = 0;

  constructor(readonly maxSize: number) {}

  /** The value, now the most recently used. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** The value without refreshing it. */
  peek(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** Keeps the value as the most recently used; the oldest go until the rest fit (the newest always stays). */
  set(key: string, value: V, size: number): void {
    this.delete(key);
    this.entries.set(key, { value, size });
    this.total += size;
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.maxSize || oldest === key) break;
      this.entries.delete(oldest);
      this.total -= entry.size;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.total -= entry.size;
  }

  /** The sizes of the entries kept, added up. */
  get size(): number {
    return this.total;
  }

  get count(): number {
    return this.entries.size;
  }
}

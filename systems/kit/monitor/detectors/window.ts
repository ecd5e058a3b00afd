/** Fixed-size FIFO of the most recent values; push returns the value it evicted, if any. */
export class SlidingWindow<T> {
  private readonly items: T[] = [];
  private start = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`window size must be a positive integer (got ${capacity})`);
  }

  get size(): number {
    return this.items.length;
  }

  get full(): boolean {
    return this.items.length === this.capacity;
  }

  push(value: T): T | undefined {
    if (this.items.length < this.capacity) {
      this.items.push(value);
      return undefined;
    }
    // Ring buffer: overwrite the oldest slot instead of shifting the array.
    const evicted = this.items[this.start];
    this.items[this.start] = value;
    this.start = (this.start + 1) % this.capacity;
    return evicted;
  }

  /** Oldest first. */
  values(): T[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }

  clear(): void {
    this.items.length = 0;
    this.start = 0;
  }
}

/** A sliding window of categories with running counts, shared by the categorical detectors. */
export class CategoryWindow {
  private readonly window: SlidingWindow<string>;
  readonly counts = new Map<string, number>();

  constructor(capacity: number) {
    this.window = new SlidingWindow<string>(capacity);
  }

  get size(): number {
    return this.window.size;
  }

  get full(): boolean {
    return this.window.full;
  }

  push(category: string): void {
    const evicted = this.window.push(category);
    this.counts.set(category, (this.counts.get(category) ?? 0) + 1);
    if (evicted !== undefined) {
      const left = (this.counts.get(evicted) ?? 0) - 1;
      if (left > 0) this.counts.set(evicted, left);
      else this.counts.delete(evicted);
    }
  }

  clear(): void {
    this.window.clear();
    this.counts.clear();
  }
}

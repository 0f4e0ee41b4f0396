// A Set of graph keys that holds a compact payload's index keys ("0", "1", … keys.ts) as one byte
// per index: the visibility's sets (filters.ts) hold every shown node and edge, 100k and 285k keys at
// 100k notes, and a JS Set spent ~95 ms (Node) hashing 285k edge keys into its table on every pass,
// before the first frame and on each filter change. Any other key (a bare export's, a watch-mode
// edge's) goes to an ordinary Set beside it. Iteration: index keys in index order, then the others
// in the order they were added (a Set iterates in insertion order: nothing here depends on it).

import { indexKey, keyIndex } from './keys.ts';

export class KeySet implements Set<string> {
  private on: Uint8Array;
  private count = 0;
  private readonly other = new Set<string>();

  /** `capacity`: the highest index expected, plus one (it grows past that when needed). */
  constructor(capacity = 0) {
    this.on = new Uint8Array(capacity);
  }

  get size(): number { return this.count + this.other.size; }

  has(key: string): boolean {
    const i = keyIndex(key);
    return i < 0 ? this.other.has(key) : i < this.on.length && this.on[i] === 1;
  }

  add(key: string): this {
    const i = keyIndex(key);
    if (i < 0) { this.other.add(key); return this; }
    if (i >= this.on.length) {
      const bigger = new Uint8Array(Math.max(i + 1, this.on.length * 2));
      bigger.set(this.on);
      this.on = bigger;
    }
    if (this.on[i] === 0) { this.on[i] = 1; this.count++; }
    return this;
  }

  delete(key: string): boolean {
    const i = keyIndex(key);
    if (i < 0) return this.other.delete(key);
    if (i >= this.on.length || this.on[i] === 0) return false;
    this.on[i] = 0;
    this.count--;
    return true;
  }

  clear(): void {
    this.on.fill(0);
    this.count = 0;
    this.other.clear();
  }

  // The whole byte array is read (1 ms per million): stopping after `size` keys would miss some when
  // the loop's body deletes keys already met, as `for (const k of set) set.delete(k)` does.
  *keys(): IterableIterator<string> {
    for (let i = 0; i < this.on.length; i++) if (this.on[i] === 1) yield indexKey(i);
    yield* this.other;
  }

  values(): IterableIterator<string> { return this.keys(); }

  *entries(): IterableIterator<[string, string]> {
    for (const k of this.keys()) yield [k, k];
  }

  [Symbol.iterator](): IterableIterator<string> { return this.keys(); }

  forEach(cb: (value: string, key: string, set: Set<string>) => void, thisArg?: unknown): void {
    for (const k of this.keys()) cb.call(thisArg, k, k, this);
  }

  get [Symbol.toStringTag](): string { return 'Set'; }
}

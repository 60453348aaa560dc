/**
 * A story centroid: term id → summed weight, kept in insertion order like the `Map` it replaces, because ties in
 * the leading terms (indexing, trimming, titles) are broken by that order. Lookups go to an open-addressing table
 * of term ids (an Int32Array, 4 bytes a slot, so the tables of the stories a post is compared with stay small in
 * the cache); a probe that misses — most of a post's ~200 lookups — reads one cache line, where `Map.get` chased
 * pointers through several. A centroid is also a few typed arrays instead of a map with hundreds of entries for
 * the garbage collector to trace. Term ids must be below 2^31 - 1.
 */
export class TermWeights {
  /** Term ids, insertion order */
  keys: Int32Array;
  size = 0;
  /** Table slot of each entry */
  private slots: Int32Array;
  /** Term id + 1 per slot (0: empty); at most half full */
  private table: Int32Array;
  /** Weight per slot: doubles, so sums round exactly as they did in the Map */
  private vals: Float64Array;
  private shift: number;

  constructor(capacity = 32) {
    let bits = 4;
    while (1 << (bits - 1) < capacity) bits++;
    this.keys = new Int32Array(1 << (bits - 1));
    this.slots = new Int32Array(1 << (bits - 1));
    this.table = new Int32Array(1 << bits);
    this.vals = new Float64Array(1 << bits);
    this.shift = 32 - bits;
  }

  /**
   * Weight of term k, 0 when absent. Exact for the sums it feeds: they start at +0 and add products of positive
   * weights, where adding +0 changes nothing — the same sums `(map.get(k) ?? 0) * w` gave.
   */
  get(k: number): number {
    const table = this.table;
    const mask = table.length - 1;
    const key = k + 1;
    for (let h = Math.imul(k, 0x9e3779b1) >>> this.shift; ; h = (h + 1) & mask) {
      const t = table[h]!;
      if (t === key) return this.vals[h]!;
      if (t === 0) return 0;
    }
  }

  /** Weight of the e-th entry in insertion order. */
  weightAt(e: number): number {
    return this.vals[this.slots[e]!]!;
  }

  /** Adds `w` to term `k` (a new term starts at 0 + w, as `(map.get(k) ?? 0) + w` did). */
  add(k: number, w: number): void {
    const table = this.table;
    const mask = table.length - 1;
    const key = k + 1;
    for (let h = Math.imul(k, 0x9e3779b1) >>> this.shift; ; h = (h + 1) & mask) {
      const t = table[h]!;
      if (t === key) {
        this.vals[h] = this.vals[h]! + w;
        return;
      }
      if (t === 0) break;
    }
    if (this.size === this.keys.length) this.grow();
    this.insertNew(k, 0 + w);
  }

  /**
   * Keeps the `n` heaviest entries, heaviest first, ties in insertion order (a stable sort by weight, then a
   * slice), and returns the sum of their squares in that order.
   */
  keepHeaviest(n: number): number {
    const m0 = this.size;
    // Scratch shared by all centroids: a big story trims every dozen posts or so, and fresh arrays each time
    // were megabytes of short-lived backing stores that pushed the collector into full collections.
    const { keys, vals, order } = scratch(m0);
    for (let i = 0; i < m0; i++) {
      keys[i] = this.keys[i]!;
      vals[i] = this.weightAt(i);
      order[i] = i;
    }
    order.subarray(0, m0).sort((a, b) => vals[b]! - vals[a]! || a - b);
    const m = Math.min(n, m0);
    this.table.fill(0);
    this.size = 0;
    let norm2 = 0;
    for (let i = 0; i < m; i++) {
      const w = vals[order[i]!]!;
      norm2 = norm2 + w * w;
      this.insertNew(keys[order[i]!]!, w);
    }
    return norm2;
  }

  /**
   * The `n` heaviest term ids into `out`, heaviest first, ties in insertion order: what a stable sort and slice
   * give, without sorting. Returns how many.
   */
  heaviest(n: number, out: Int32Array, outWeights: Float64Array): number {
    let count = 0;
    for (let e = 0; e < this.size; e++) {
      const w = this.weightAt(e);
      if (count === n && w <= outWeights[n - 1]!) continue;
      let i = count < n ? count : n - 1;
      // Shift lighter entries down; an equal weight stays ahead (it came first).
      while (i > 0 && outWeights[i - 1]! < w) {
        out[i] = out[i - 1]!;
        outWeights[i] = outWeights[i - 1]!;
        i--;
      }
      if (i < 0) continue;
      out[i] = this.keys[e]!;
      outWeights[i] = w;
      if (count < n) count++;
    }
    return count;
  }

  /** Appends a term known to be absent, with weight exactly `w`. */
  private insertNew(k: number, w: number): void {
    const table = this.table;
    const mask = table.length - 1;
    let h = Math.imul(k, 0x9e3779b1) >>> this.shift;
    while (table[h] !== 0) h = (h + 1) & mask;
    table[h] = k + 1;
    this.vals[h] = w;
    this.keys[this.size] = k;
    this.slots[this.size] = h;
    this.size++;
  }

  private grow(): void {
    const n = this.size;
    const { keys, vals } = scratch(n);
    for (let i = 0; i < n; i++) {
      keys[i] = this.keys[i]!;
      vals[i] = this.weightAt(i);
    }
    this.keys = new Int32Array(this.keys.length * 2);
    this.slots = new Int32Array(this.slots.length * 2);
    this.table = new Int32Array(this.table.length * 2);
    this.vals = new Float64Array(this.vals.length * 2);
    this.shift--;
    this.size = 0;
    for (let i = 0; i < n; i++) this.insertNew(keys[i]!, vals[i]!);
  }
}

let scratchKeys = new Int32Array(1024);
let scratchVals = new Float64Array(1024);
let scratchOrder = new Int32Array(1024);

function scratch(n: number): { keys: Int32Array; vals: Float64Array; order: Int32Array } {
  if (scratchKeys.length < n) {
    scratchKeys = new Int32Array(n);
    scratchVals = new Float64Array(n);
    scratchOrder = new Int32Array(n);
  }
  return { keys: scratchKeys, vals: scratchVals, order: scratchOrder };
}

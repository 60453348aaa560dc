import { hash32, mix32 } from "../analysis/text.js";

export interface DedupeOptions {
  /** How long (stream time) a post stays a reference for later copies. */
  windowMs: number;
  /** Most posts remembered; the oldest are forgotten first. */
  capacity: number;
  /** Estimated Jaccard similarity of word sets at which two posts count as near-duplicates */
  nearSimilarity: number;
  /** Texts shorter than this (normalised characters) are never duplicates across authors: "good morning" from ten people is ten people. */
  minExactLength: number;
  /** Near-duplicate detection needs this many words; shorter texts have too little signal. */
  minNearDuplicateWords: number;
}

export const defaultDedupeOptions: DedupeOptions = {
  windowMs: 24 * 3600_000,
  capacity: 200_000,
  nearSimilarity: 0.7,
  minExactLength: 20,
  minNearDuplicateWords: 6,
};

export interface DedupeVerdict {
  /** The id of the earlier post this one copies, or undefined when it is original. */
  duplicateOf?: string;
  kind?: "exact" | "near";
  contentHash: string;
}

/** MinHash signature: BANDS bands of ROWS rows. 6×4 finds pairs at Jaccard 0.8 with probability 0.96, 0.7 with 0.8, 0.3 with 0.05: few false candidates to compare, which is where the time goes. */
const BANDS = 6;
const ROWS = 4;
const HASHES = BANDS * ROWS;
const SEEDS = Array.from({ length: HASHES }, (_, i) => mix32(0x9e3779b9 + i * 0x85ebca6b));
/** Entries kept per LSH bucket: floods are recent, and a bounded list keeps lookups cheap. */
const BUCKET_CAP = 16;

interface Entry {
  id: string;
  ms: number;
  /** Where its signature lives in the slab, or -1 when it has none (short texts, copies) */
  slot: number;
  bandKeys: number[] | undefined;
  exactKey: string;
}

/**
 * Exact (normalised-text hash) and near-duplicate (MinHash-LSH over word sets) detection over a sliding
 * window of stream time. SimHash was the first choice, but on 10–20-word posts one changed word flips 8–10
 * of 64 bits while unrelated posts can differ by under 20, leaving no safe threshold; MinHash estimates the
 * word-set Jaccard directly (one word in fifteen changed ≈ 0.88).
 */
export class Deduplicator {
  private readonly options: DedupeOptions;
  private readonly exact = new Map<string, Entry>();
  private readonly bands: Map<number, Entry[]>[] = Array.from({ length: BANDS }, () => new Map());
  private readonly order: Entry[] = [];
  private orderHead = 0;
  /**
   * Signatures of the remembered posts, HASHES per slot, in one growing buffer: 200,000 small typed arrays each
   * with its own backing store made the garbage collector a tenth of ingest time.
   */
  private slab = new Uint32Array(1024 * HASHES);
  private slots = 0;
  private readonly freeSlots: number[] = [];
  private readonly scratch = new Uint32Array(HASHES);

  constructor(options: Partial<DedupeOptions> = {}) {
    this.options = { ...defaultDedupeOptions, ...options };
  }

  /**
   * Checks a post against the window and remembers it. `words` are its tokens from analysis/text's tokenize
   * (lower-cased, without urls, mentions and punctuation: exactly what copy-paste floods vary).
   */
  check(id: string, authorId: string, words: string[], ms: number): DedupeVerdict {
    const normalised = words.join(" ");
    const contentHash = hash32(normalised).toString(36) + hash32(normalised, 0x12345678).toString(36);
    this.expire(ms);
    // One author repeating themselves is a duplicate at any length; across authors only texts with substance are.
    const exactKey = normalised.length >= this.options.minExactLength ? contentHash : `${authorId}\u0000${contentHash}`;
    const prior = this.exact.get(exactKey);
    if (prior && prior.id !== id) return { duplicateOf: prior.id, kind: "exact", contentHash };
    const entry: Entry = { id, ms, slot: -1, bandKeys: undefined, exactKey };
    if (words.length >= this.options.minNearDuplicateWords) {
      const sig = minhashInto(words, this.scratch);
      entry.bandKeys = bandKeys(sig);
      const found = this.findNear(entry, sig);
      if (found) {
        // Copies are not indexed themselves: the original stands for the whole flood.
        entry.bandKeys = undefined;
        this.remember(entry);
        return { duplicateOf: found.id, kind: "near", contentHash };
      }
      entry.slot = this.allocateSlot();
      this.slab.set(sig, entry.slot * HASHES);
    }
    this.remember(entry);
    return { contentHash };
  }

  get size(): number {
    return this.order.length - this.orderHead;
  }

  private allocateSlot(): number {
    const free = this.freeSlots.pop();
    if (free !== undefined) return free;
    if ((this.slots + 1) * HASHES > this.slab.length) {
      const bigger = new Uint32Array(this.slab.length * 2);
      bigger.set(this.slab);
      this.slab = bigger;
    }
    return this.slots++;
  }

  private findNear(e: Entry, sig: Uint32Array): Entry | undefined {
    const need = Math.ceil(this.options.nearSimilarity * HASHES);
    const slab = this.slab;
    for (let b = 0; b < BANDS; b++) {
      const list = this.bands[b]!.get(e.bandKeys![b]!);
      if (!list) continue;
      for (let i = list.length - 1; i >= 0; i--) {
        const other = list[i]!;
        if (other.id === e.id || other.slot < 0) continue;
        // Stop at the first mismatch too many: most bucket neighbours share a few common words and nothing else.
        let misses = 0;
        const allowed = HASHES - need;
        const o = other.slot * HASHES;
        for (let h = 0; h < HASHES && misses <= allowed; h++) if (slab[o + h] !== sig[h]) misses++;
        if (misses <= allowed) return other;
      }
    }
    return undefined;
  }

  private remember(entry: Entry): void {
    if (!this.exact.has(entry.exactKey)) this.exact.set(entry.exactKey, entry);
    if (entry.bandKeys) {
      for (let b = 0; b < BANDS; b++) {
        const m = this.bands[b]!;
        const key = entry.bandKeys[b]!;
        const list = m.get(key);
        if (list) {
          list.push(entry);
          if (list.length > BUCKET_CAP) list.shift();
        } else m.set(key, [entry]);
      }
    }
    this.order.push(entry);
    if (this.size > this.options.capacity) this.evictOldest();
  }

  private expire(nowMs: number): void {
    const cutoff = nowMs - this.options.windowMs;
    while (this.orderHead < this.order.length && this.order[this.orderHead]!.ms < cutoff) this.evictOldest();
  }

  private evictOldest(): void {
    const e = this.order[this.orderHead++]!;
    if (this.exact.get(e.exactKey) === e) this.exact.delete(e.exactKey);
    if (e.slot >= 0) {
      this.freeSlots.push(e.slot);
      e.slot = -1;
    }
    if (e.bandKeys) {
      for (let b = 0; b < BANDS; b++) {
        const m = this.bands[b]!;
        const list = m.get(e.bandKeys[b]!);
        if (!list) continue;
        const i = list.indexOf(e);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) m.delete(e.bandKeys[b]!);
      }
    }
    // Compact the queue now and then instead of shifting on every eviction.
    if (this.orderHead > 4096 && this.orderHead * 2 > this.order.length) {
      this.order.splice(0, this.orderHead);
      this.orderHead = 0;
    }
  }
}

/** MinHash of a post's set of words: for each of HASHES hash functions, the smallest value over the words. */
export function minhash(words: string[]): Uint32Array {
  return minhashInto(words, new Uint32Array(HASHES));
}

function minhashInto(words: string[], sig: Uint32Array): Uint32Array {
  sig.fill(0xffffffff);
  const seen = new Set<string>();
  for (const w of words) {
    if (seen.has(w)) continue;
    seen.add(w);
    const h = hash32(w);
    for (let i = 0; i < HASHES; i++) {
      const v = mix32(h ^ SEEDS[i]!);
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

function bandKeys(sig: Uint32Array): number[] {
  const keys: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let k = b;
    for (let r = 0; r < ROWS; r++) k = mix32(Math.imul(k, 0x01000193) ^ sig[b * ROWS + r]!);
    keys.push(k);
  }
  return keys;
}

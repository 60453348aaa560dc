import { hash32, mix32 } from "../analysis/text.js";
import { grown } from "../../common/typed-arrays.js";

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

/**
 * Exact (normalised-text hash) and near-duplicate (MinHash-LSH over word sets) detection over a sliding
 * window of stream time. SimHash was the first choice, but on 10–20-word posts one changed word flips 8–10
 * of 64 bits while unrelated posts can differ by under 20, leaving no safe threshold; MinHash estimates the
 * word-set Jaccard directly (one word in fifteen changed ≈ 0.88).
 *
 * Remembered posts form a ring in arrival order (the window forgets oldest first), held in parallel arrays by
 * ring slot: 200,000 entry objects, each with its band keys and a small list per LSH bucket, made the garbage
 * collector trace over a million objects. Each band maps a bucket key to its newest entry, and entries link to
 * the previous entry of the same bucket, so a lookup walks newest first and stops at the first forgotten one.
 */
export class Deduplicator {
  private readonly options: DedupeOptions;
  /**
   * Exact key → sequence number of the first remembered post with it. A key is two 32-bit hashes: the map is keyed by
   * the first (a small integer, cheap to hash and compare, unlike 200,000 strings) and the slot holds the second; the
   * rare key whose first half is taken by another goes to `exactOverflow`.
   */
  private readonly exact = new Map<number, number>();
  private readonly exactOverflow = new Map<string, number>();
  /** Per band: bucket key (int32) → sequence number of the newest entry in it */
  private readonly bands: Map<number, number>[] = Array.from({ length: BANDS }, () => new Map());
  /** Sequence numbers: entry `seq` lives in slot `seq % capacity`; [tail, head) are remembered */
  private head = 0;
  private tail = 0;
  private readonly capacity: number;
  private size_ = 0;
  private ids: string[] = [];
  private exactKey1 = new Int32Array(0);
  private exactKey2 = new Int32Array(0);
  /** 1: the slot's exact key is in `exact`, 2: in `exactOverflow`, 0: neither (a later copy of a key already held) */
  private exactHeld = new Uint8Array(0);
  private ms = new Float64Array(0);
  /** 1 when the entry is indexed in the bands (an original with enough words) */
  private indexed = new Uint8Array(0);
  private bandKeyOf = new Int32Array(0);
  /** Per slot and band: the sequence number of the previous entry in the same bucket, -1 at the end */
  private previous = new Float64Array(0);
  private slab = new Uint32Array(0);
  private readonly scratch = new Uint32Array(HASHES);
  private readonly keysScratch = new Int32Array(BANDS);

  constructor(options: Partial<DedupeOptions> = {}) {
    this.options = { ...defaultDedupeOptions, ...options };
    this.capacity = Math.max(1, this.options.capacity);
  }

  /**
   * Checks a post against the window and remembers it. `words` are its tokens from analysis/text's tokenize
   * (lower-cased, without urls, mentions and punctuation: exactly what copy-paste floods vary).
   */
  check(id: string, authorId: string, words: string[], ms: number): DedupeVerdict {
    // FNV-1a over the words joined by single spaces (hash32 of `words.join(" ")`), without building that string.
    let h1 = 0x811c9dc5 | 0;
    let h2 = 0x12345678 | 0;
    let length = 0;
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (i > 0) {
        h1 = Math.imul(h1 ^ 32, 0x01000193);
        h2 = Math.imul(h2 ^ 32, 0x01000193);
        length++;
      }
      for (let c = 0; c < w.length; c++) {
        const code = w.charCodeAt(c);
        h1 = Math.imul(h1 ^ code, 0x01000193);
        h2 = Math.imul(h2 ^ code, 0x01000193);
      }
      length += w.length;
    }
    h1 = mix32(h1);
    h2 = mix32(h2);
    const contentHash = h1.toString(36) + h2.toString(36);
    this.expire(ms);
    // One author repeating themselves is a duplicate at any length; across authors only texts with substance are.
    let k1 = h1 | 0;
    let k2 = h2 | 0;
    if (length < this.options.minExactLength) {
      k1 = mix32(h1 ^ hash32(authorId)) | 0;
      k2 = mix32(h2 ^ hash32(authorId, 0x9747b28c)) | 0;
    }
    const prior = this.findExact(k1, k2);
    if (prior !== undefined) {
      const priorId = this.ids[prior % this.capacity]!;
      if (priorId !== id) return { duplicateOf: priorId, kind: "exact", contentHash };
    }
    if (words.length >= this.options.minNearDuplicateWords) {
      const sig = minhashInto(words, this.scratch);
      const keys = this.keysScratch;
      bandKeysInto(sig, keys);
      const found = this.findNear(id, sig, keys);
      // Copies are not indexed themselves: the original stands for the whole flood.
      this.remember(id, k1, k2, ms, found === undefined ? sig : undefined);
      if (found !== undefined) return { duplicateOf: found, kind: "near", contentHash };
      return { contentHash };
    }
    this.remember(id, k1, k2, ms, undefined);
    return { contentHash };
  }

  private findExact(k1: number, k2: number): number | undefined {
    const seq = this.exact.get(k1);
    if (seq === undefined) return undefined;
    if (this.exactKey2[seq % this.capacity] === k2) return seq;
    return this.exactOverflow.size > 0 ? this.exactOverflow.get(`${k1}:${k2}`) : undefined;
  }

  get size(): number {
    return this.size_;
  }

  private findNear(id: string, sig: Uint32Array, keys: Int32Array): string | undefined {
    const need = Math.ceil(this.options.nearSimilarity * HASHES);
    const allowed = HASHES - need;
    const slab = this.slab;
    const cap = this.capacity;
    for (let b = 0; b < BANDS; b++) {
      let seq = this.bands[b]!.get(keys[b]!);
      for (let hops = 0; seq !== undefined && seq >= this.tail && hops < BUCKET_CAP; hops++) {
        const slot = seq % cap;
        // Stop at the first mismatch too many: most bucket neighbours share a few common words and nothing else.
        // The signature is compared before the id: reading a neighbour's id string is a cache miss, and few match.
        let misses = 0;
        const o = slot * HASHES;
        for (let h = 0; h < HASHES && misses <= allowed; h++) if (slab[o + h] !== sig[h]) misses++;
        if (misses <= allowed && this.ids[slot] !== id) return this.ids[slot];
        const prev = this.previous[slot * BANDS + b]!;
        seq = prev < 0 ? undefined : prev;
      }
    }
    return undefined;
  }

  private remember(id: string, k1: number, k2: number, ms: number, sig: Uint32Array | undefined): void {
    if (this.size_ >= this.capacity) this.evictOldest();
    const seq = this.head++;
    const slot = seq % this.capacity;
    this.ensure(slot);
    this.size_++;
    this.ids[slot] = id;
    this.exactKey1[slot] = k1;
    this.exactKey2[slot] = k2;
    this.ms[slot] = ms;
    const holder = this.exact.get(k1);
    if (holder === undefined) {
      this.exact.set(k1, seq);
      this.exactHeld[slot] = 1;
    } else if (this.exactKey2[holder % this.capacity] !== k2 && !this.exactOverflow.has(`${k1}:${k2}`)) {
      this.exactOverflow.set(`${k1}:${k2}`, seq);
      this.exactHeld[slot] = 2;
    } else this.exactHeld[slot] = 0;
    if (sig) {
      this.indexed[slot] = 1;
      this.slab.set(sig, slot * HASHES);
      for (let b = 0; b < BANDS; b++) {
        const key = this.keysScratch[b]!;
        const m = this.bands[b]!;
        const newest = m.get(key);
        this.previous[slot * BANDS + b] = newest === undefined ? -1 : newest;
        this.bandKeyOf[slot * BANDS + b] = key;
        m.set(key, seq);
      }
    } else this.indexed[slot] = 0;
  }

  private expire(nowMs: number): void {
    const cutoff = nowMs - this.options.windowMs;
    while (this.size_ > 0 && this.ms[this.tail % this.capacity]! < cutoff) this.evictOldest();
  }

  private evictOldest(): void {
    const seq = this.tail++;
    const slot = seq % this.capacity;
    this.size_--;
    const held = this.exactHeld[slot];
    if (held === 1) this.exact.delete(this.exactKey1[slot]!);
    else if (held === 2) this.exactOverflow.delete(`${this.exactKey1[slot]}:${this.exactKey2[slot]}`);
    this.exactHeld[slot] = 0;
    if (this.indexed[slot]) {
      // Later entries of a bucket still point here; walks stop at any sequence number below the tail.
      for (let b = 0; b < BANDS; b++) {
        const key = this.bandKeyOf[slot * BANDS + b]!;
        if (this.bands[b]!.get(key) === seq) this.bands[b]!.delete(key);
      }
      this.indexed[slot] = 0;
    }
    this.ids[slot] = "";
  }

  /** Grows the per-slot arrays to hold `slot` (up to the capacity: the ring never needs more). */
  private ensure(slot: number): void {
    if (slot < this.ms.length) return;
    const n = Math.min(this.capacity, Math.max(1024, this.ms.length * 2, slot + 1));
    this.ms = grown(this.ms, n);
    this.indexed = grown(this.indexed, n);
    this.exactHeld = grown(this.exactHeld, n);
    this.exactKey1 = grown(this.exactKey1, n);
    this.exactKey2 = grown(this.exactKey2, n);
    this.bandKeyOf = grown(this.bandKeyOf, n * BANDS);
    this.previous = grown(this.previous, n * BANDS);
    this.slab = grown(this.slab, n * HASHES);
  }
}

/** MinHash of a post's set of words: for each of HASHES hash functions, the smallest value over the words. */
export function minhash(words: string[]): Uint32Array {
  return minhashInto(words, new Uint32Array(HASHES));
}

function minhashInto(words: string[], sig: Uint32Array): Uint32Array {
  sig.fill(0xffffffff);
  // A repeated word changes no minimum, so the set needs no deduplication first.
  for (const w of words) {
    const h = hash32(w);
    for (let i = 0; i < HASHES; i++) {
      const v = mix32(h ^ SEEDS[i]!);
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

function bandKeysInto(sig: Uint32Array, keys: Int32Array): void {
  for (let b = 0; b < BANDS; b++) {
    let k = b;
    for (let r = 0; r < ROWS; r++) k = mix32(Math.imul(k, 0x01000193) ^ sig[b * ROWS + r]!);
    // As int32, so Map keys stay small integers rather than boxed numbers.
    keys[b] = k | 0;
  }
}

import { grown } from "../../common/typed-arrays.js";

/**
 * Trending topics (hashtags, terms, phrases, links) in stream time.
 *
 * Each topic keeps a ring of per-bucket counts of *unique authors* (an author counts once per topic per
 * bucket, and an author posting faster than the cap counts not at all), so one account or a copy-paste
 * flood cannot make a topic trend. A topic's score over a window W combines:
 *   - Mastodon's `(observed − expected)² / expected`, observed being the window's unique-author count with
 *     exponential decay (half-life W/2, so fresh activity weighs more) and expected the same topic's mean rate
 *     over the K windows before it, and
 *   - the square of a velocity z-score of the last bucket against that same baseline (also chi-square-like).
 * Everything is driven by post timestamps, so a replay at 100× forms the same trends as the live stream.
 */

export type TopicKind = "hashtag" | "term" | "phrase" | "link";

export interface TrendOptions {
  bucketMs: number;
  /** Windows queries may ask for (ms); the largest sets how much history each topic keeps. */
  windowsMs: number[];
  /** How many windows before the current one form a topic's baseline */
  baselineWindows: number;
  /** Fewer unique authors than this in the window never trends */
  minAuthors: number;
  /** Floor of the expected count, so a topic never seen before does not divide by zero */
  minExpected: number;
  maxHashtagsPerPost: number;
  maxTermsPerPost: number;
  maxPhrasesPerPost: number;
  maxLinksPerPost: number;
  /** An author's posts beyond this many per bucket add nothing to any topic */
  maxPostsPerAuthorPerBucket: number;
  /** Topics held in memory; past it the least active are forgotten */
  maxTopics: number;
  samplesPerTopic: number;
  /** Half-life of the per-topic sentiment average (stream ms) */
  sentimentHalfLifeMs: number;
  /** Half-life of the sentiment baseline used to detect swings */
  sentimentBaselineHalfLifeMs: number;
}

export const defaultTrendOptions: TrendOptions = {
  bucketMs: 60_000,
  windowsMs: [5 * 60_000, 15 * 60_000, 60 * 60_000],
  baselineWindows: 4,
  minAuthors: 3,
  minExpected: 0.5,
  maxHashtagsPerPost: 4,
  maxTermsPerPost: 10,
  maxPhrasesPerPost: 4,
  maxLinksPerPost: 2,
  maxPostsPerAuthorPerBucket: 3,
  maxTopics: 150_000,
  samplesPerTopic: 4,
  sentimentHalfLifeMs: 15 * 60_000,
  sentimentBaselineHalfLifeMs: 4 * 3600_000,
};

/** What the tracker needs from one post (already tokenised by the pipeline). */
export interface TrendInput {
  postId: string;
  authorId: string;
  ms: number;
  lang: string;
  hashtags: string[];
  terms: string[];
  phrases: string[];
  links: string[];
  sentiment: number | null;
}

export interface TrendTopic {
  key: string;
  kind: TopicKind;
  /** What to show: "#tag", "term", "a phrase", "host/path" */
  label: string;
  score: number;
  /** Unique authors in the window (undecayed) */
  observed: number;
  /** What the topic's own baseline predicts for a window of this length */
  expected: number;
  /** Velocity z-score of the latest bucket against the baseline */
  velocity: number;
  /** Unique authors per bucket across the window, oldest first */
  series: { t: string; count: number }[];
  sentiment: { average: number | null; scored: number };
  samplePostIds: string[];
  firstSeen: string;
}

export interface TopicStats {
  observed: number;
  expected: number;
  velocity: number;
  score: number;
  sentiment: number | null;
  sentimentBaseline: number | null;
  scored: number;
}

const KINDS: TopicKind[] = ["hashtag", "term", "phrase", "link"];
const KIND_HASHTAG = 0;
const KIND_TERM = 1;
const KIND_PHRASE = 2;
const KIND_LINK = 3;
const LINK_PREFIX = "link:";

const GLOBAL = "*";
/** Bucket gaps whose sentiment decay factors are cached */
const DECAY_CACHE = 2048;

/**
 * Every topic's state lives in parallel typed arrays indexed by a topic number, not in an object per topic: the
 * tracker holds 100,000+ topics, and objects (each with its own ring buffer and sample array) made every bump a
 * chain of cache misses and every garbage collection a walk over them. Most topics are seen once (a new phrase, a
 * rare word): they cost one row here and one map entry, nothing the collector has to trace.
 */
class TopicTable {
  capacity = 0;
  private next = 0;
  private readonly free: number[] = [];
  kind = new Uint8Array(0);
  keys: string[] = [];
  lastBucket = new Float64Array(0);
  /** Count in `lastBucket` while the topic has no ring (topics seen once never get one) */
  single = new Uint16Array(0);
  /** Which ring of `rings` the topic uses, -1 when none */
  ring = new Int32Array(0);
  firstMs = new Float64Array(0);
  /** Authors already counted in `authorsBucket`: the first one inline, a set only once a second arrives */
  firstAuthor: (string | undefined)[] = [];
  authors: (Set<string> | undefined)[] = [];
  authorsBucket = new Float64Array(0);
  sentBucket = new Float64Array(0);
  sentSum = new Float64Array(0);
  sentN = new Float64Array(0);
  sentSlowSum = new Float64Array(0);
  sentSlowN = new Float64Array(0);
  /** `samplesPerTopic` post ids per topic, a ring starting at `sampleHead` */
  samples: (string | undefined)[] = [];
  sampleHead = new Uint8Array(0);
  sampleCount = new Uint8Array(0);
  /** Per-bucket unique-author counts, `ringLength` per ring */
  rings = new Uint16Array(0);
  private ringCapacity = 0;
  private ringNext = 0;
  private readonly freeRings: number[] = [];

  constructor(
    readonly ringLength: number,
    readonly samplesPerTopic: number,
  ) {
    this.grow(1024);
  }

  allocate(kind: number, key: string, bucket: number, ms: number): number {
    let id = this.free.pop();
    if (id === undefined) {
      if (this.next >= this.capacity) this.grow(this.capacity * 2);
      id = this.next++;
    }
    this.kind[id] = kind;
    this.keys[id] = key;
    this.lastBucket[id] = bucket;
    this.single[id] = 0;
    this.ring[id] = -1;
    this.firstMs[id] = ms;
    this.firstAuthor[id] = undefined;
    this.authors[id] = undefined;
    this.authorsBucket[id] = bucket;
    this.sentBucket[id] = bucket;
    this.sentSum[id] = 0;
    this.sentN[id] = 0;
    this.sentSlowSum[id] = 0;
    this.sentSlowN[id] = 0;
    this.sampleHead[id] = 0;
    this.sampleCount[id] = 0;
    return id;
  }

  release(id: number): void {
    const r = this.ring[id]!;
    if (r >= 0) this.freeRings.push(r);
    this.ring[id] = -1;
    this.keys[id] = "";
    this.firstAuthor[id] = undefined;
    this.authors[id] = undefined;
    const S = this.samplesPerTopic;
    for (let i = 0; i < S; i++) this.samples[id * S + i] = undefined;
    this.free.push(id);
  }

  /** A zeroed ring for a topic seen in a second bucket. */
  allocateRing(): number {
    let r = this.freeRings.pop();
    if (r === undefined) {
      if (this.ringNext >= this.ringCapacity) {
        const cap = Math.max(256, this.ringCapacity * 2);
        this.rings = grown(this.rings, cap * this.ringLength);
        this.ringCapacity = cap;
      }
      r = this.ringNext++;
    } else this.rings.fill(0, r * this.ringLength, (r + 1) * this.ringLength);
    return r;
  }

  addSample(id: number, postId: string): void {
    const S = this.samplesPerTopic;
    if (S <= 0) return;
    const n = this.sampleCount[id]!;
    const head = this.sampleHead[id]!;
    if (n < S) {
      this.samples[id * S + ((head + n) % S)] = postId;
      this.sampleCount[id] = n + 1;
    } else {
      this.samples[id * S + head] = postId;
      this.sampleHead[id] = (head + 1) % S;
    }
  }

  /** Sample post ids, newest first. */
  samplesOf(id: number): string[] {
    const S = this.samplesPerTopic;
    const out: string[] = [];
    const n = this.sampleCount[id]!;
    const head = this.sampleHead[id]!;
    for (let i = n - 1; i >= 0; i--) out.push(this.samples[id * S + ((head + i) % S)]!);
    return out;
  }

  private grow(cap: number): void {
    this.kind = grown(this.kind, cap);
    this.single = grown(this.single, cap);
    this.ring = grown(this.ring, cap);
    this.sampleHead = grown(this.sampleHead, cap);
    this.sampleCount = grown(this.sampleCount, cap);
    this.lastBucket = grown(this.lastBucket, cap);
    this.firstMs = grown(this.firstMs, cap);
    this.authorsBucket = grown(this.authorsBucket, cap);
    this.sentBucket = grown(this.sentBucket, cap);
    this.sentSum = grown(this.sentSum, cap);
    this.sentN = grown(this.sentN, cap);
    this.sentSlowSum = grown(this.sentSlowSum, cap);
    this.sentSlowN = grown(this.sentSlowN, cap);
    this.capacity = cap;
  }
}

/** Languages as trend partitions: "pt-BR" and "pt_br" are "pt"; cached because every post asks. */
const langKeys = new Map<string, string>();
function partitionOfLang(lang: string): string {
  let k = langKeys.get(lang);
  if (k === undefined) {
    k = (lang || "und").toLowerCase().split(/[-_]/)[0]!;
    if (langKeys.size < 10_000) langKeys.set(lang, k);
  }
  return k;
}

export class TrendTracker {
  readonly options: TrendOptions;
  private readonly ringLength: number;
  private readonly table: TopicTable;
  /** partition ("*" or a language) → topic key → topic number */
  private readonly partitions = new Map<string, Map<string, number>>();
  private topicCount = 0;
  private clockMs = -Infinity;
  private startBucket = Infinity;
  private authorBucket = -Infinity;
  private authorPosts = new Map<string, number>();
  private lastPruneBucket = -Infinity;
  private readonly weights = new Map<number, Float64Array>();
  private readonly decayCache: [Float64Array, Float64Array] = [new Float64Array(DECAY_CACHE), new Float64Array(DECAY_CACHE)];
  /** Keys already bumped for the post being observed (a post counts once per topic) */
  private readonly seenInPost: string[] = [];

  constructor(options: Partial<TrendOptions> = {}) {
    this.options = { ...defaultTrendOptions, ...options };
    const maxWindow = Math.max(...this.options.windowsMs);
    this.ringLength = Math.ceil((maxWindow * (this.options.baselineWindows + 1)) / this.options.bucketMs) + 2;
    this.table = new TopicTable(this.ringLength, Math.min(255, this.options.samplesPerTopic));
  }

  get size(): number {
    return this.topicCount;
  }

  get nowMs(): number {
    return this.clockMs;
  }

  /** Moves stream time forward without a post (quiet periods still age trends). */
  advance(ms: number): void {
    if (ms > this.clockMs) this.clockMs = ms;
    const b = this.bucketOf(this.clockMs);
    if (b < this.startBucket) this.startBucket = b;
    if (b - this.lastPruneBucket >= 15) {
      this.lastPruneBucket = b;
      this.prune(b);
    }
  }

  observe(input: TrendInput): void {
    this.advance(input.ms);
    const b = this.bucketOf(input.ms);
    if (b <= this.bucketOf(this.clockMs) - this.ringLength) return;
    if (b !== this.authorBucket) {
      if (b < this.authorBucket) {
        // A late post: rate caps were for another bucket; count it without one rather than reset the current counts.
      } else {
        this.authorBucket = b;
        this.authorPosts = new Map();
      }
    }
    if (b === this.authorBucket) {
      const n = (this.authorPosts.get(input.authorId) ?? 0) + 1;
      this.authorPosts.set(input.authorId, n);
      if (n > this.options.maxPostsPerAuthorPerBucket) return;
    }
    const o = this.options;
    const globalPart = this.partition(GLOBAL);
    const langPart = this.partition(partitionOfLang(input.lang));
    // Hashtag keys start with '#', link keys with "link:", phrases hold a space and terms none, so a key from one
    // kind never equals one from another except a term that is also the post's hashtag (skipped below).
    const seen = this.seenInPost;
    seen.length = 0;
    let n = 0;
    for (const raw of input.hashtags) {
      const tag = raw.toLowerCase().replace(/^#/, "");
      if (!tag) continue;
      const key = "#" + tag;
      if (seen.includes(key)) continue;
      if (n++ >= o.maxHashtagsPerPost) break;
      seen.push(key);
      this.bump(globalPart, KIND_HASHTAG, key, b, input);
      this.bump(langPart, KIND_HASHTAG, key, b, input);
    }
    const tagCount = seen.length;
    n = 0;
    for (const t of input.terms) {
      if (seen.includes(t) || isTag(seen, tagCount, t)) continue;
      if (n++ >= o.maxTermsPerPost) break;
      seen.push(t);
      this.bump(globalPart, KIND_TERM, t, b, input);
      this.bump(langPart, KIND_TERM, t, b, input);
    }
    n = 0;
    for (const p of input.phrases) {
      if (seen.includes(p)) continue;
      if (n++ >= o.maxPhrasesPerPost) break;
      seen.push(p);
      // Per-language trends track hashtags and terms only: phrases and links double the work for little gain.
      this.bump(globalPart, KIND_PHRASE, p, b, input);
    }
    n = 0;
    for (const l of input.links) {
      if (n++ >= o.maxLinksPerPost) break;
      const key = LINK_PREFIX + l;
      if (seen.includes(key)) continue;
      seen.push(key);
      this.bump(globalPart, KIND_LINK, key, b, input);
    }
  }

  /** Ranked trending topics over a window ending at the stream clock. */
  top(windowMs: number, opts: { lang?: string; limit?: number; kinds?: TopicKind[] } = {}): TrendTopic[] {
    const limit = opts.limit ?? 20;
    const part = this.partitions.get(opts.lang ? opts.lang.toLowerCase() : GLOBAL);
    if (!part || !Number.isFinite(this.clockMs)) return [];
    const scored: { id: number; stats: TopicStats }[] = [];
    const kinds = opts.kinds ? new Set(opts.kinds.map((k) => KINDS.indexOf(k))) : undefined;
    const b = this.bucketOf(this.clockMs);
    const n = this.windowBuckets(windowMs);
    const t = this.table;
    for (const id of part.values()) {
      if (t.lastBucket[id]! <= b - n) continue;
      if (kinds && !kinds.has(t.kind[id]!)) continue;
      const stats = this.statsOf(id, windowMs);
      if (stats.observed < this.options.minAuthors || stats.score <= 0) continue;
      scored.push({ id, stats });
    }
    scored.sort((x, y) => y.stats.score - x.stats.score || y.stats.observed - x.stats.observed);
    const out: TrendTopic[] = [];
    const shownWords = new Set<string>();
    for (const { id, stats } of scored) {
      if (out.length >= limit) break;
      const kind = t.kind[id]!;
      // "#quake", "quake" and "quake coast" are one story: show the strongest form once.
      const words = kind === KIND_LINK ? [t.keys[id]!] : labelOf(kind, t.keys[id]!).replace(/^#/, "").split(" ");
      if (kind !== KIND_LINK && words.every((w) => shownWords.has(w))) continue;
      for (const w of words) shownWords.add(w);
      out.push(this.describe(id, stats, windowMs));
    }
    return out;
  }

  /** Statistics of one topic (by key: "#tag", "term", "a phrase", "link:host/path") over a window. */
  topic(key: string, windowMs: number, lang?: string): TopicStats | undefined {
    const id = this.partitions.get(lang ? lang.toLowerCase() : GLOBAL)?.get(key);
    return id !== undefined ? this.statsOf(id, windowMs) : undefined;
  }

  describeTopic(key: string, windowMs: number, lang?: string): TrendTopic | undefined {
    const id = this.partitions.get(lang ? lang.toLowerCase() : GLOBAL)?.get(key);
    return id !== undefined ? this.describe(id, this.statsOf(id, windowMs), windowMs) : undefined;
  }

  private describe(id: number, stats: TopicStats, windowMs: number): TrendTopic {
    const t = this.table;
    const b = this.bucketOf(this.clockMs);
    const n = this.windowBuckets(windowMs);
    const series: { t: string; count: number }[] = [];
    for (let i = n - 1; i >= 0; i--) series.push({ t: new Date((b - i) * this.options.bucketMs).toISOString(), count: this.countAt(id, b - i) });
    const kind = t.kind[id]!;
    return {
      key: t.keys[id]!,
      kind: KINDS[kind]!,
      label: labelOf(kind, t.keys[id]!),
      score: round(stats.score),
      observed: stats.observed,
      expected: round(stats.expected),
      velocity: round(stats.velocity),
      series,
      sentiment: { average: stats.sentiment === null ? null : round(stats.sentiment), scored: Math.round(stats.scored) },
      samplePostIds: t.samplesOf(id),
      firstSeen: new Date(t.firstMs[id]!).toISOString(),
    };
  }

  private statsOf(id: number, windowMs: number): TopicStats {
    const o = this.options;
    const t = this.table;
    const b = this.bucketOf(this.clockMs);
    const n = this.windowBuckets(windowMs);
    const w = this.weightsFor(n);
    let observed = 0;
    let weighted = 0;
    for (let i = 0; i < n; i++) {
      const c = this.countAt(id, b - i);
      observed += c;
      weighted += c * w[i]!;
    }
    const weightSum = w[n]!;
    const baseEnd = b - n;
    const baseStart = Math.max(this.startBucket, b - n * (o.baselineWindows + 1) + 1);
    let m = 0;
    let sum = 0;
    let sumSq = 0;
    for (let x = baseStart; x <= baseEnd; x++) {
      const c = this.countAt(id, x);
      m++;
      sum += c;
      sumSq += c * c;
    }
    const mean = m > 0 ? sum / m : 0;
    const variance = m > 1 ? Math.max(0, sumSq / m - mean * mean) : 0;
    const expected = Math.max(o.minExpected, mean * weightSum);
    const chi = weighted > expected ? ((weighted - expected) * (weighted - expected)) / expected : 0;
    const frac = (this.clockMs - b * o.bucketMs) / o.bucketMs;
    // Rate per bucket over the trailing 1 + frac buckets: unbiased however far into the current bucket we are.
    const recent = (this.countAt(id, b) + this.countAt(id, b - 1)) / (1 + frac);
    const velocity = (recent - mean) / Math.max(Math.sqrt(variance), Math.sqrt(Math.max(mean, 1)));
    const sentN = t.sentN[id]!;
    // Both sums decay alike, so their ratio is the decayed average; only the weight needs ageing to now.
    const scored = sentN * Math.pow(0.5, Math.max(0, this.clockMs - t.sentBucket[id]! * o.bucketMs) / o.sentimentHalfLifeMs);
    return {
      observed,
      expected: mean * n,
      velocity,
      score: observed >= o.minAuthors ? chi + Math.max(0, velocity) ** 2 : 0,
      sentiment: sentN > 0 ? t.sentSum[id]! / sentN : null,
      sentimentBaseline: t.sentSlowN[id]! > 0 ? t.sentSlowSum[id]! / t.sentSlowN[id]! : null,
      scored,
    };
  }

  private partition(name: string): Map<string, number> {
    let part = this.partitions.get(name);
    if (!part) {
      part = new Map();
      this.partitions.set(name, part);
    }
    return part;
  }

  private bump(part: Map<string, number>, kind: number, key: string, b: number, input: TrendInput): void {
    const t = this.table;
    let id = part.get(key);
    if (id === undefined) {
      id = t.allocate(kind, key, b, input.ms);
      part.set(key, id);
      this.topicCount++;
      if (this.topicCount > this.options.maxTopics) {
        this.evict();
        // Evicted at once (everything else was newer): nothing to count it in.
        if (part.get(key) !== id) return;
      }
    }
    if (b >= t.authorsBucket[id]!) {
      if (b > t.authorsBucket[id]!) {
        t.firstAuthor[id] = undefined;
        t.authors[id] = undefined;
        t.authorsBucket[id] = b;
      }
      const first = t.firstAuthor[id];
      if (first === undefined) t.firstAuthor[id] = input.authorId;
      else if (first === input.authorId) return;
      else {
        let authors = t.authors[id];
        if (authors === undefined) t.authors[id] = authors = new Set();
        if (authors.has(input.authorId)) return;
        authors.add(input.authorId);
      }
    }
    this.increment(id, b);
    if (input.sentiment !== null) {
      if (b > t.sentBucket[id]!) {
        // Decay once per bucket rather than per post: same averages at bucket resolution, far fewer pow() calls.
        const gap = b - t.sentBucket[id]!;
        const fast = this.decay(gap, 0);
        const slow = this.decay(gap, 1);
        t.sentSum[id]! *= fast;
        t.sentN[id]! *= fast;
        t.sentSlowSum[id]! *= slow;
        t.sentSlowN[id]! *= slow;
        t.sentBucket[id] = b;
      }
      t.sentSum[id]! += input.sentiment;
      t.sentN[id]! += 1;
      t.sentSlowSum[id]! += input.sentiment;
      t.sentSlowN[id]! += 1;
    }
    t.addSample(id, input.postId);
  }

  /** 0.5^(gap buckets / half-life) for the fast (0) or slow (1) sentiment average; cached for gaps up to a day or so. */
  private decay(gap: number, which: 0 | 1): number {
    const o = this.options;
    const half = which === 0 ? o.sentimentHalfLifeMs : o.sentimentBaselineHalfLifeMs;
    if (gap >= DECAY_CACHE) return Math.pow(0.5, (gap * o.bucketMs) / half);
    const cache = this.decayCache[which];
    let v = cache[gap]!;
    if (v === 0) v = cache[gap] = Math.pow(0.5, (gap * o.bucketMs) / half);
    return v;
  }

  private increment(id: number, b: number): void {
    const L = this.ringLength;
    const t = this.table;
    const last = t.lastBucket[id]!;
    let r = t.ring[id]!;
    if (r < 0) {
      if (b === last && t.single[id] === 0) {
        t.single[id] = 1;
        return;
      }
      r = t.allocateRing();
      t.ring[id] = r;
      if (t.single[id]! > 0 && last > b - L) t.rings[r * L + (last % L)] = t.single[id]!;
      t.single[id] = 0;
    }
    const base = r * L;
    const rings = t.rings;
    if (b > last) {
      // Zero the buckets skipped since the last sighting: a range or two of the ring, or all of it after a long gap.
      if (b - last >= L) rings.fill(0, base, base + L);
      else {
        const from = (last + 1) % L;
        const to = b % L;
        if (from <= to) rings.fill(0, base + from, base + to + 1);
        else {
          rings.fill(0, base + from, base + L);
          rings.fill(0, base, base + to + 1);
        }
      }
      t.lastBucket[id] = b;
    } else if (b <= last - L) return;
    const i = base + (b % L);
    if (rings[i]! < 65535) rings[i]!++;
  }

  private countAt(id: number, b: number): number {
    const t = this.table;
    const last = t.lastBucket[id]!;
    if (b > last || b <= last - this.ringLength) return 0;
    const r = t.ring[id]!;
    if (r < 0) return b === last ? t.single[id]! : 0;
    return t.rings[r * this.ringLength + (b % this.ringLength)]!;
  }

  private windowBuckets(windowMs: number): number {
    return Math.max(1, Math.round(windowMs / this.options.bucketMs));
  }

  /** Decay weights for the n buckets of a window (newest first), their sum at index n. */
  private weightsFor(n: number): Float64Array {
    let w = this.weights.get(n);
    if (!w) {
      w = new Float64Array(n + 1);
      const half = Math.max(1, n / 2);
      for (let i = 0; i < n; i++) {
        w[i] = Math.pow(0.5, i / half);
        w[n]! += w[i]!;
      }
      this.weights.set(n, w);
    }
    return w;
  }

  private bucketOf(ms: number): number {
    return Math.floor(ms / this.options.bucketMs);
  }

  private forget(part: Map<string, number>, key: string, id: number): void {
    part.delete(key);
    this.table.release(id);
    this.topicCount--;
  }

  /** Drops topics whose whole history has left the ring, and lone sightings older than the largest window. */
  private prune(b: number): void {
    const maxWindow = this.windowBuckets(Math.max(...this.options.windowsMs));
    const t = this.table;
    for (const part of this.partitions.values()) {
      for (const [key, id] of part) {
        const last = t.lastBucket[id]!;
        if (last <= b - this.ringLength || (t.ring[id]! < 0 && last <= b - maxWindow)) this.forget(part, key, id);
      }
    }
  }

  /** Over the cap: forget lone sightings first, oldest first, then the least recently active topics. */
  private evict(): void {
    const target = Math.floor(this.options.maxTopics * 0.9);
    const b = this.bucketOf(this.clockMs);
    const t = this.table;
    for (const pass of [0, 1]) {
      const all: [Map<string, number>, string, number, number][] = [];
      for (const part of this.partitions.values()) for (const [key, id] of part) if (pass === 1 || t.ring[id]! < 0) all.push([part, key, id, t.lastBucket[id]!]);
      all.sort((x, y) => x[3] - y[3]);
      for (const [part, key, id, last] of all) {
        if (this.topicCount <= target) return;
        if (pass === 1 && last >= b) break;
        this.forget(part, key, id);
      }
    }
  }
}

function labelOf(kind: number, key: string): string {
  return kind === KIND_LINK ? key.slice(LINK_PREFIX.length) : key;
}

/** Whether term `t` is one of the post's hashtags (`seen[0..tagCount)` holds them as "#tag"). */
function isTag(seen: string[], tagCount: number, t: string): boolean {
  for (let i = 0; i < tagCount; i++) {
    const k = seen[i]!;
    if (k.length === t.length + 1 && k.endsWith(t)) return true;
  }
  return false;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

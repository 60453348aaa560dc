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

class Topic {
  ring: Uint16Array | null = null;
  /** Count in `lastBucket` while the ring is not allocated (topics seen once never get one) */
  single = 0;
  lastBucket: number;
  firstMs: number;
  /** Authors already counted in `authorsBucket`: the first one inline, a set only once a second arrives */
  firstAuthor: string | undefined;
  authors: Set<string> | undefined;
  authorsBucket: number;
  sentBucket: number;
  sentSum = 0;
  sentN = 0;
  sentSlowSum = 0;
  sentSlowN = 0;
  samples: string[] = [];

  constructor(
    readonly key: string,
    readonly kind: TopicKind,
    readonly label: string,
    bucket: number,
    ms: number,
  ) {
    this.lastBucket = bucket;
    this.authorsBucket = bucket;
    this.sentBucket = bucket;
    this.firstMs = ms;
  }
}

const GLOBAL = "*";

export class TrendTracker {
  readonly options: TrendOptions;
  private readonly ringLength: number;
  /** partition ("*" or a language) → topic key → topic */
  private readonly partitions = new Map<string, Map<string, Topic>>();
  private topicCount = 0;
  private clockMs = -Infinity;
  private startBucket = Infinity;
  private authorBucket = -Infinity;
  private authorPosts = new Map<string, number>();
  private lastPruneBucket = -Infinity;
  private readonly weights = new Map<number, Float64Array>();

  constructor(options: Partial<TrendOptions> = {}) {
    this.options = { ...defaultTrendOptions, ...options };
    const maxWindow = Math.max(...this.options.windowsMs);
    this.ringLength = Math.ceil((maxWindow * (this.options.baselineWindows + 1)) / this.options.bucketMs) + 2;
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
    const lang = (input.lang || "und").toLowerCase().split(/[-_]/)[0]!;
    const seen = new Set<string>();
    const globalPart = this.partition(GLOBAL);
    const langPart = this.partition(lang);
    const touch = (kind: TopicKind, key: string, label: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      this.bump(globalPart, kind, key, label, b, input);
      // Per-language trends track hashtags and terms only: phrases and links double the work for little gain.
      if (kind === "hashtag" || kind === "term") this.bump(langPart, kind, key, label, b, input);
    };
    let n = 0;
    const tags = new Set<string>();
    for (const raw of input.hashtags) {
      const tag = raw.toLowerCase().replace(/^#/, "");
      if (!tag || tags.has(tag)) continue;
      if (n++ >= o.maxHashtagsPerPost) break;
      tags.add(tag);
      touch("hashtag", "#" + tag, "#" + tag);
    }
    n = 0;
    for (const t of input.terms) {
      if (tags.has(t) || seen.has(t)) continue;
      if (n++ >= o.maxTermsPerPost) break;
      touch("term", t, t);
    }
    n = 0;
    for (const p of input.phrases) {
      if (seen.has(p)) continue;
      if (n++ >= o.maxPhrasesPerPost) break;
      touch("phrase", p, p);
    }
    n = 0;
    for (const l of input.links) {
      if (n++ >= o.maxLinksPerPost) break;
      touch("link", "link:" + l, l);
    }
  }

  /** Ranked trending topics over a window ending at the stream clock. */
  top(windowMs: number, opts: { lang?: string; limit?: number; kinds?: TopicKind[] } = {}): TrendTopic[] {
    const limit = opts.limit ?? 20;
    const part = this.partitions.get(opts.lang ? opts.lang.toLowerCase() : GLOBAL);
    if (!part || !Number.isFinite(this.clockMs)) return [];
    const scored: { topic: Topic; stats: TopicStats }[] = [];
    const kinds = opts.kinds ? new Set(opts.kinds) : undefined;
    const b = this.bucketOf(this.clockMs);
    const n = this.windowBuckets(windowMs);
    for (const topic of part.values()) {
      if (topic.lastBucket <= b - n) continue;
      if (kinds && !kinds.has(topic.kind)) continue;
      const stats = this.statsOf(topic, windowMs);
      if (stats.observed < this.options.minAuthors || stats.score <= 0) continue;
      scored.push({ topic, stats });
    }
    scored.sort((x, y) => y.stats.score - x.stats.score || y.stats.observed - x.stats.observed);
    const out: TrendTopic[] = [];
    const shownWords = new Set<string>();
    for (const { topic, stats } of scored) {
      if (out.length >= limit) break;
      // "#quake", "quake" and "quake coast" are one story: show the strongest form once.
      const words = topic.kind === "link" ? [topic.key] : topic.label.replace(/^#/, "").split(" ");
      if (topic.kind !== "link" && words.every((w) => shownWords.has(w))) continue;
      for (const w of words) shownWords.add(w);
      out.push(this.describe(topic, stats, windowMs));
    }
    return out;
  }

  /** Statistics of one topic (by key: "#tag", "term", "a phrase", "link:host/path") over a window. */
  topic(key: string, windowMs: number, lang?: string): TopicStats | undefined {
    const topic = this.partitions.get(lang ? lang.toLowerCase() : GLOBAL)?.get(key);
    return topic ? this.statsOf(topic, windowMs) : undefined;
  }

  describeTopic(key: string, windowMs: number, lang?: string): TrendTopic | undefined {
    const topic = this.partitions.get(lang ? lang.toLowerCase() : GLOBAL)?.get(key);
    return topic ? this.describe(topic, this.statsOf(topic, windowMs), windowMs) : undefined;
  }

  private describe(topic: Topic, stats: TopicStats, windowMs: number): TrendTopic {
    const b = this.bucketOf(this.clockMs);
    const n = this.windowBuckets(windowMs);
    const series: { t: string; count: number }[] = [];
    for (let i = n - 1; i >= 0; i--) series.push({ t: new Date((b - i) * this.options.bucketMs).toISOString(), count: this.countAt(topic, b - i) });
    return {
      key: topic.key,
      kind: topic.kind,
      label: topic.label,
      score: round(stats.score),
      observed: stats.observed,
      expected: round(stats.expected),
      velocity: round(stats.velocity),
      series,
      sentiment: { average: stats.sentiment === null ? null : round(stats.sentiment), scored: Math.round(stats.scored) },
      samplePostIds: [...topic.samples].reverse(),
      firstSeen: new Date(topic.firstMs).toISOString(),
    };
  }

  private statsOf(topic: Topic, windowMs: number): TopicStats {
    const o = this.options;
    const b = this.bucketOf(this.clockMs);
    const n = this.windowBuckets(windowMs);
    const w = this.weightsFor(n);
    let observed = 0;
    let weighted = 0;
    for (let i = 0; i < n; i++) {
      const c = this.countAt(topic, b - i);
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
      const c = this.countAt(topic, x);
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
    const recent = (this.countAt(topic, b) + this.countAt(topic, b - 1)) / (1 + frac);
    const velocity = (recent - mean) / Math.max(Math.sqrt(variance), Math.sqrt(Math.max(mean, 1)));
    // Both sums decay alike, so their ratio is the decayed average; only the weight needs ageing to now.
    const scored = topic.sentN * Math.pow(0.5, Math.max(0, this.clockMs - topic.sentBucket * o.bucketMs) / o.sentimentHalfLifeMs);
    return {
      observed,
      expected: mean * n,
      velocity,
      score: observed >= o.minAuthors ? chi + Math.max(0, velocity) ** 2 : 0,
      sentiment: topic.sentN > 0 ? topic.sentSum / topic.sentN : null,
      sentimentBaseline: topic.sentSlowN > 0 ? topic.sentSlowSum / topic.sentSlowN : null,
      scored,
    };
  }

  private partition(name: string): Map<string, Topic> {
    let part = this.partitions.get(name);
    if (!part) {
      part = new Map();
      this.partitions.set(name, part);
    }
    return part;
  }

  private bump(part: Map<string, Topic>, kind: TopicKind, key: string, label: string, b: number, input: TrendInput): void {
    let t = part.get(key);
    if (!t) {
      t = new Topic(key, kind, label, b, input.ms);
      part.set(key, t);
      this.topicCount++;
      if (this.topicCount > this.options.maxTopics) this.evict();
    }
    if (b >= t.authorsBucket) {
      if (b > t.authorsBucket) {
        t.firstAuthor = undefined;
        t.authors = undefined;
        t.authorsBucket = b;
      }
      if (t.firstAuthor === undefined) t.firstAuthor = input.authorId;
      else if (t.firstAuthor === input.authorId) return;
      else {
        t.authors ??= new Set();
        if (t.authors.has(input.authorId)) return;
        t.authors.add(input.authorId);
      }
    }
    this.increment(t, b);
    if (input.sentiment !== null) {
      if (b > t.sentBucket) {
        // Decay once per bucket rather than per post: same averages at bucket resolution, far fewer pow() calls.
        const o = this.options;
        const dt = (b - t.sentBucket) * o.bucketMs;
        const fast = Math.pow(0.5, dt / o.sentimentHalfLifeMs);
        const slow = Math.pow(0.5, dt / o.sentimentBaselineHalfLifeMs);
        t.sentSum *= fast;
        t.sentN *= fast;
        t.sentSlowSum *= slow;
        t.sentSlowN *= slow;
        t.sentBucket = b;
      }
      t.sentSum += input.sentiment;
      t.sentN += 1;
      t.sentSlowSum += input.sentiment;
      t.sentSlowN += 1;
    }
    t.samples.push(input.postId);
    if (t.samples.length > this.options.samplesPerTopic) t.samples.shift();
  }

  private increment(t: Topic, b: number): void {
    const L = this.ringLength;
    if (!t.ring) {
      if (b === t.lastBucket && t.single === 0) {
        t.single = 1;
        return;
      }
      t.ring = new Uint16Array(L);
      if (t.single > 0 && t.lastBucket > b - L) t.ring[t.lastBucket % L] = t.single;
      t.single = 0;
    }
    if (b > t.lastBucket) {
      for (let x = t.lastBucket + 1; x <= b && x <= t.lastBucket + L; x++) t.ring[x % L] = 0;
      t.lastBucket = b;
    } else if (b <= t.lastBucket - L) return;
    const i = b % L;
    if (t.ring[i]! < 65535) t.ring[i]!++;
  }

  private countAt(t: Topic, b: number): number {
    if (b > t.lastBucket || b <= t.lastBucket - this.ringLength) return 0;
    if (!t.ring) return b === t.lastBucket ? t.single : 0;
    return t.ring[b % this.ringLength]!;
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

  /** Drops topics whose whole history has left the ring, and lone sightings older than the largest window. */
  private prune(b: number): void {
    const maxWindow = this.windowBuckets(Math.max(...this.options.windowsMs));
    for (const part of this.partitions.values()) {
      for (const [key, t] of part) {
        if (t.lastBucket <= b - this.ringLength || (!t.ring && t.lastBucket <= b - maxWindow)) {
          part.delete(key);
          this.topicCount--;
        }
      }
    }
  }

  /** Over the cap: forget lone sightings first, oldest first, then the least recently active topics. */
  private evict(): void {
    const target = Math.floor(this.options.maxTopics * 0.9);
    const b = this.bucketOf(this.clockMs);
    for (const pass of [0, 1]) {
      const all: [Map<string, Topic>, string, number][] = [];
      for (const part of this.partitions.values())
        for (const [key, t] of part) if (pass === 1 || !t.ring) all.push([part, key, t.lastBucket]);
      all.sort((x, y) => x[2] - y[2]);
      for (const [part, key, last] of all) {
        if (this.topicCount <= target) return;
        if (pass === 1 && last >= b) break;
        part.delete(key);
        this.topicCount--;
      }
    }
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

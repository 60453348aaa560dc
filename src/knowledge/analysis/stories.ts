import { hash32 } from "./text.js";
import { sentimentLabel, type SentimentLabel } from "./sentiment.js";

/**
 * Online, single-pass clustering of posts into stories (first-story detection).
 *
 * Every post becomes a tf-idf vector over its terms and hashtags. Candidate clusters come from an inverted
 * index from a term to the recent clusters whose centroids rank that term highly, looked up with the post's
 * most specific (highest-idf) terms. The post joins the candidate with the highest centroid cosine when it
 * clears `similarity`; otherwise it starts a new cluster — a first story. Random-hyperplane LSH was tried first:
 * for 10-word posts it needs hundreds of tables to find neighbours at cosine 0.3–0.5, while this index finds
 * them exactly at the same cost per post.
 *
 * A cluster stays a cheap "seed" until a second post joins; seeds expire after `seedTtlMs` of stream time,
 * stories after `storyTtlMs` without posts, so memory follows the stream's recent past, not its length.
 */

export interface StoryOptions {
  /** Cosine between a post and a centroid needed to join */
  similarity: number;
  /** A story is listed once it has this many posts from `minAuthors` different authors */
  minPosts: number;
  minAuthors: number;
  maxTermsPerVector: number;
  /** Post terms used to look candidates up */
  lookupTerms: number;
  /** Centroid terms a story is indexed under */
  indexedTerms: number;
  /** Most recent clusters remembered per term */
  clustersPerTerm: number;
  seedTtlMs: number;
  storyTtlMs: number;
  timelineBucketMs: number;
  /** Member summaries kept per story for key posts and perspectives */
  membersKept: number;
  /** Half-life of a story's "heat", which orders the list */
  heatHalfLifeMs: number;
}

export const defaultStoryOptions: StoryOptions = {
  similarity: 0.3,
  minPosts: 5,
  minAuthors: 3,
  maxTermsPerVector: 16,
  lookupTerms: 3,
  indexedTerms: 12,
  clustersPerTerm: 32,
  seedTtlMs: 30 * 60_000,
  storyTtlMs: 12 * 3600_000,
  timelineBucketMs: 60_000,
  membersKept: 200,
  heatHalfLifeMs: 30 * 60_000,
};

/** Clusters compared per post at most: bounds the cost when a post has only common words. */
const MAX_CANDIDATES = 12;
/** Terms a one-post cluster is indexed under */
const SEED_INDEXED_TERMS = 4;

export interface StoryInput {
  postId: string;
  authorId: string;
  ms: number;
  terms: string[];
  hashtags: string[];
  sentiment: number | null;
  engagement: number;
}

interface Member {
  id: string;
  ms: number;
  sentiment: number | null;
  engagement: number;
  /** Term ids (see StoryTracker.termIds), heaviest first */
  keys: number[];
  weights: Float32Array;
}

interface TimelinePoint {
  n: number;
  sentSum: number;
  sentN: number;
}

export interface StorySummary {
  id: string;
  title: string;
  topTerms: string[];
  hashtags: string[];
  firstSeen: string;
  lastSeen: string;
  posts: number;
  /** Copies (exact or near-duplicates) of the story's posts: reach, not new voices */
  copies: number;
  authors: number;
  heat: number;
  sentiment: { average: number | null; positive: number; negative: number; neutral: number; unscored: number };
  keyPosts: { earliest: string; mostEngaged: string; mostRepresentative: string };
}

export interface Perspective {
  stance: SentimentLabel | "unscored";
  posts: number;
  share: number;
  averageSentiment: number | null;
  /** Terms this side uses more than the story as a whole */
  distinctiveTerms: string[];
  representativePostIds: string[];
}

export interface StoryDetail extends StorySummary {
  timeline: { t: string; posts: number; sentiment: number | null }[];
  perspectives: Perspective[];
}

class Cluster {
  size = 1;
  copies = 0;
  authors = new Set<string>();
  /** term id → summed weight; integer keys: this map is probed ~200 times per post, string keys cost a compare each */
  centroid = new Map<number, number>();
  norm2 = 0;
  indexed: number[] = [];
  hashtags = new Map<string, number>();
  timeline = new Map<number, TimelinePoint>();
  members: Member[] = [];
  earliest: Member;
  mostEngaged: Member;
  lastMs: number;
  firstMs: number;
  heat = 0;
  heatMs = 0;
  counts = { positive: 0, negative: 0, neutral: 0, unscored: 0 };
  sentSum = 0;
  sentN = 0;

  constructor(
    readonly id: string,
    first: Member,
  ) {
    this.earliest = first;
    this.mostEngaged = first;
    this.firstMs = first.ms;
    this.lastMs = first.ms;
  }
}

export class StoryTracker {
  readonly options: StoryOptions;
  private docs = 0;
  /** Terms and hashtags ("#tag") as small integers; ids of forgotten terms are reused (see halveDf) */
  private readonly termIds = new Map<string, number>();
  private readonly termNames: string[] = [];
  private readonly freeIds: number[] = [];
  /** Document frequency by term id */
  private df: number[] = [];
  private readonly clusters = new Map<string, Cluster>();
  private readonly index = new Map<number, Cluster[]>();
  private clockMs = -Infinity;
  private lastSweepMs = -Infinity;

  constructor(options: Partial<StoryOptions> = {}) {
    this.options = { ...defaultStoryOptions, ...options };
  }

  get clusterCount(): number {
    return this.clusters.size;
  }

  /** Assigns a post to a story (new or existing) and returns the story id. */
  add(input: StoryInput): string {
    const o = this.options;
    if (input.ms > this.clockMs) this.clockMs = input.ms;
    if (this.clockMs - this.lastSweepMs > 60_000) this.sweep();
    const { keys, weights } = this.vectorize(input);
    const member: Member = { id: input.postId, ms: input.ms, sentiment: input.sentiment, engagement: input.engagement, keys, weights };
    let best: Cluster | undefined;
    let bestSim = 0;
    if (keys.length > 0) {
      const seen = new Set<Cluster>();
      // keys are sorted by weight, so the first ones are the post's most specific terms; each list is scanned
      // newest first, and big stories stay in the lists (see reindex), so the cap rarely hides the right one.
      const lookups = Math.min(o.lookupTerms, keys.length);
      for (let k = 0; k < lookups && seen.size < MAX_CANDIDATES; k++) {
        const list = this.index.get(keys[k]!);
        if (!list) continue;
        for (let j = list.length - 1; j >= 0 && seen.size < MAX_CANDIDATES; j--) {
          const c = list[j]!;
          if (seen.has(c)) continue;
          seen.add(c);
          const sim = cosine(keys, weights, c);
          if (sim > bestSim) {
            bestSim = sim;
            best = c;
          }
        }
      }
    }
    if (!best || bestSim < o.similarity) {
      const id = "st_" + hash32(input.postId).toString(36) + hash32(input.postId, 0x5bd1e995).toString(36);
      best = new Cluster(id, member);
      this.clusters.set(id, best);
      this.join(best, member, input, 1);
      return id;
    }
    this.join(best, member, input, bestSim);
    return best.id;
  }

  /** Stories with enough posts and authors, hottest first. */
  list(opts: { limit?: number; sinceMs?: number } = {}): StorySummary[] {
    const out: Cluster[] = [];
    for (const c of this.clusters.values()) {
      if (!this.isStory(c)) continue;
      if (opts.sinceMs !== undefined && c.lastMs < opts.sinceMs) continue;
      out.push(c);
    }
    out.sort((a, b) => this.heatOf(b) - this.heatOf(a));
    return out.slice(0, opts.limit ?? 20).map((c) => this.summary(c));
  }

  get(id: string): StoryDetail | undefined {
    const c = this.clusters.get(id);
    if (!c) return undefined;
    return this.detail(c);
  }

  /** Counts a copy of one of the story's posts; copies never move the centroid or the volume curve. */
  addCopy(id: string): void {
    const c = this.clusters.get(id);
    if (c) c.copies++;
  }

  private isStory(c: Cluster): boolean {
    return c.size >= this.options.minPosts && c.authors.size >= this.options.minAuthors;
  }

  private heatOf(c: Cluster): number {
    return c.heat * Math.pow(0.5, Math.max(0, this.clockMs - c.heatMs) / this.options.heatHalfLifeMs);
  }

  private termId(name: string): number {
    let id = this.termIds.get(name);
    if (id === undefined) {
      id = this.freeIds.pop() ?? this.termNames.length;
      this.termIds.set(name, id);
      this.termNames[id] = name;
      this.df[id] = 0;
    }
    return id;
  }

  private isHashtag(id: number): boolean {
    return this.termNames[id]!.charCodeAt(0) === 35;
  }

  private vectorize(input: StoryInput): { keys: number[]; weights: Float32Array } {
    const tf = new Map<number, number>();
    for (const t of input.terms) {
      const id = this.termId(t);
      tf.set(id, (tf.get(id) ?? 0) + 1);
    }
    for (const h of input.hashtags) {
      const id = this.termId("#" + h.toLowerCase().replace(/^#/, ""));
      tf.set(id, (tf.get(id) ?? 0) + 1);
    }
    this.docs++;
    for (const k of tf.keys()) this.df[k]!++;
    // Halve document frequencies now and then: idf follows the recent stream and the vocabulary stays bounded.
    if (this.docs >= 400_000) this.halveDf(tf.keys());
    const entries: [number, number][] = [];
    for (const [k, n] of tf) {
      const idf = Math.log((this.docs + 1) / ((this.df[k] ?? 0) + 1)) + 1;
      entries.push([k, (1 + Math.log(n)) * idf * (this.isHashtag(k) ? 1.5 : 1)]);
    }
    entries.sort((a, b) => b[1] - a[1]);
    entries.length = Math.min(entries.length, this.options.maxTermsPerVector);
    let norm = 0;
    for (const [, w] of entries) norm += w * w;
    norm = Math.sqrt(norm) || 1;
    const weights = new Float32Array(entries.length);
    const keys = entries.map(([k, w], i) => {
      weights[i] = w / norm;
      return k;
    });
    return { keys, weights };
  }

  /** `inUse`: the ids of the post being added, which no cluster holds yet. */
  private halveDf(inUse: Iterable<number>): void {
    this.docs = Math.floor(this.docs / 2);
    // A term whose frequency halves to nothing is forgotten, unless a live cluster (or this post) still refers to it.
    const referenced = new Set<number>(inUse);
    for (const c of this.clusters.values()) {
      for (const k of c.centroid.keys()) referenced.add(k);
      for (const k of c.indexed) referenced.add(k);
      for (const m of c.members) for (const k of m.keys) referenced.add(k);
    }
    for (const [name, id] of this.termIds) {
      const h = Math.floor(this.df[id]! / 2);
      this.df[id] = h;
      if (h === 0 && !referenced.has(id)) {
        this.termIds.delete(name);
        this.freeIds.push(id);
      }
    }
  }

  private join(c: Cluster, m: Member, input: StoryInput, _sim: number): void {
    const o = this.options;
    if (c.members.length > 0 || c.size > 1) c.size++;
    c.authors.add(input.authorId);
    let dot = 0;
    for (let i = 0; i < m.keys.length; i++) dot += (c.centroid.get(m.keys[i]!) ?? 0) * m.weights[i]!;
    let vv = 0;
    for (let i = 0; i < m.keys.length; i++) {
      const k = m.keys[i]!;
      c.centroid.set(k, (c.centroid.get(k) ?? 0) + m.weights[i]!);
      vv += m.weights[i]! * m.weights[i]!;
    }
    c.norm2 += 2 * dot + vv;
    if (c.centroid.size > 400) this.trimCentroid(c);
    for (const h of input.hashtags) {
      const k = h.toLowerCase().replace(/^#/, "");
      c.hashtags.set(k, (c.hashtags.get(k) ?? 0) + 1);
    }
    const bucket = Math.floor(m.ms / o.timelineBucketMs);
    const point = c.timeline.get(bucket) ?? { n: 0, sentSum: 0, sentN: 0 };
    point.n++;
    if (m.sentiment !== null) {
      point.sentSum += m.sentiment;
      point.sentN++;
      c.sentSum += m.sentiment;
      c.sentN++;
      c.counts[sentimentLabel(m.sentiment)]++;
    } else c.counts.unscored++;
    c.timeline.set(bucket, point);
    if (m.ms < c.earliest.ms) c.earliest = m;
    if (m.engagement > c.mostEngaged.engagement) c.mostEngaged = m;
    if (m.ms > c.lastMs) c.lastMs = m.ms;
    if (m.ms < c.firstMs) c.firstMs = m.ms;
    c.heat = this.heatOf(c) + 1;
    c.heatMs = Math.max(c.heatMs, this.clockMs);
    c.members.push(m);
    if (c.members.length > o.membersKept) {
      // Keep the first posts (how it started) and the most recent ones (where it is now).
      c.members.splice(Math.floor(o.membersKept / 5), 1);
    }
    // Re-index when the centroid's leading terms may have moved: every post while small, then every 8th.
    if (c.size <= 8 || c.size % 8 === 0) this.reindex(c);
  }

  private trimCentroid(c: Cluster): void {
    const kept = [...c.centroid].sort((a, b) => b[1] - a[1]).slice(0, 200);
    c.centroid = new Map(kept);
    c.norm2 = kept.reduce((s, [, w]) => s + w * w, 0);
  }

  private reindex(c: Cluster): void {
    // A lone post is findable by its few most specific terms; a growing story by its whole leading vocabulary.
    const n = c.size === 1 ? SEED_INDEXED_TERMS : this.options.indexedTerms;
    const top = heaviest(c.centroid, n);
    const next = new Set(top);
    for (const k of c.indexed) if (!next.has(k)) this.unindex(k, c);
    const before = new Set(c.indexed);
    for (const k of top) {
      if (before.has(k)) continue;
      let list = this.index.get(k);
      if (!list) {
        list = [];
        this.index.set(k, list);
      }
      list.push(c);
      if (list.length > this.options.clustersPerTerm) {
        // Drop the least developed cluster under this term, not just the oldest: big stories must stay findable.
        let worst = 0;
        for (let i = 1; i < list.length; i++) if (list[i]!.size < list[worst]!.size || (list[i]!.size === list[worst]!.size && list[i]!.lastMs < list[worst]!.lastMs)) worst = i;
        const [dropped] = list.splice(worst, 1);
        if (dropped) dropped.indexed = dropped.indexed.filter((x) => x !== k);
      }
    }
    c.indexed = top.filter((k) => this.index.get(k)?.includes(c));
  }

  private unindex(k: number, c: Cluster): void {
    const list = this.index.get(k);
    if (!list) return;
    const i = list.indexOf(c);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.index.delete(k);
  }

  private sweep(): void {
    this.lastSweepMs = this.clockMs;
    for (const [id, c] of this.clusters) {
      const ttl = c.size >= 2 ? this.options.storyTtlMs : this.options.seedTtlMs;
      if (c.lastMs < this.clockMs - ttl) {
        for (const k of c.indexed) this.unindex(k, c);
        this.clusters.delete(id);
      }
    }
  }

  private topTerms(c: Cluster, n: number): string[] {
    return [...c.centroid]
      .filter(([k]) => !this.isHashtag(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k]) => this.termNames[k]!);
  }

  private summary(c: Cluster): StorySummary {
    const hashtags = [...c.hashtags].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([h]) => "#" + h);
    const terms = this.topTerms(c, 5);
    const titleParts = [...(hashtags[0] ? [hashtags[0]] : []), ...terms.filter((t) => "#" + t !== hashtags[0]).slice(0, 3)];
    let representative = c.earliest;
    let bestSim = -1;
    for (const m of c.members) {
      const sim = cosine(m.keys, m.weights, c);
      if (sim > bestSim) {
        bestSim = sim;
        representative = m;
      }
    }
    return {
      id: c.id,
      title: titleParts.join(" · "),
      topTerms: terms,
      hashtags,
      firstSeen: new Date(c.firstMs).toISOString(),
      lastSeen: new Date(c.lastMs).toISOString(),
      posts: c.size,
      copies: c.copies,
      authors: c.authors.size,
      heat: Math.round(this.heatOf(c) * 100) / 100,
      sentiment: { average: c.sentN ? round(c.sentSum / c.sentN) : null, ...c.counts },
      keyPosts: { earliest: c.earliest.id, mostEngaged: c.mostEngaged.id, mostRepresentative: representative.id },
    };
  }

  private detail(c: Cluster): StoryDetail {
    const timeline = [...c.timeline]
      .sort((a, b) => a[0] - b[0])
      .map(([b, p]) => ({ t: new Date(b * this.options.timelineBucketMs).toISOString(), posts: p.n, sentiment: p.sentN ? round(p.sentSum / p.sentN) : null }));
    return { ...this.summary(c), timeline, perspectives: this.perspectives(c) };
  }

  /**
   * The story's posts grouped by sentiment, each side with what distinguishes its vocabulary and the posts that
   * say it most clearly (strong sentiment, close to the side's own centroid).
   */
  private perspectives(c: Cluster): Perspective[] {
    const groups = new Map<Perspective["stance"], Member[]>();
    for (const m of c.members) {
      const stance = m.sentiment === null ? "unscored" : sentimentLabel(m.sentiment);
      const g = groups.get(stance) ?? [];
      g.push(m);
      groups.set(stance, g);
    }
    const storyFreq = termFrequencies(c.members);
    const name = (k: number) => this.termNames[k]!;
    const out: Perspective[] = [];
    for (const stance of ["positive", "negative", "neutral", "unscored"] as const) {
      const members = groups.get(stance);
      const total = c.counts[stance];
      if (!members || members.length === 0 || total === 0) continue;
      const freq = termFrequencies(members);
      const distinctive = [...freq]
        .filter(([k, n]) => n >= 2 && !this.isHashtag(k))
        .map(([k, n]) => [name(k), n / members.length / ((storyFreq.get(k) ?? n) / c.members.length)] as const)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 5)
        .map(([k]) => k);
      const centroid = new Map<number, number>();
      for (const m of members) for (let i = 0; i < m.keys.length; i++) centroid.set(m.keys[i]!, (centroid.get(m.keys[i]!) ?? 0) + m.weights[i]!);
      let norm = 0;
      for (const w of centroid.values()) norm += w * w;
      norm = Math.sqrt(norm) || 1;
      const ranked = members
        .map((m) => {
          let dot = 0;
          for (let i = 0; i < m.keys.length; i++) dot += (centroid.get(m.keys[i]!) ?? 0) * m.weights[i]!;
          return { m, s: (dot / norm) * (0.5 + Math.abs(m.sentiment ?? 0)) };
        })
        .sort((a, b) => b.s - a.s);
      const sentiments = members.filter((m) => m.sentiment !== null).map((m) => m.sentiment!);
      out.push({
        stance,
        posts: total,
        share: round(total / c.size),
        averageSentiment: sentiments.length ? round(sentiments.reduce((a, b) => a + b, 0) / sentiments.length) : null,
        distinctiveTerms: distinctive,
        representativePostIds: ranked.slice(0, 3).map((r) => r.m.id),
      });
    }
    return out;
  }
}

function cosine(keys: number[], weights: Float32Array, c: Cluster): number {
  if (c.norm2 <= 0) return 0;
  let dot = 0;
  if (c.size === 1 && c.members.length === 1) {
    // Most candidates are one-post seeds, whose centroid is that post's vector: comparing two short id arrays
    // beats probing a hash map per term (same sum, same order, so the same result).
    const m = c.members[0]!;
    const mk = m.keys;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      for (let j = 0; j < mk.length; j++)
        if (mk[j] === k) {
          dot += m.weights[j]! * weights[i]!;
          break;
        }
    }
    return dot / Math.sqrt(c.norm2);
  }
  for (let i = 0; i < keys.length; i++) {
    const w = c.centroid.get(keys[i]!);
    if (w !== undefined) dot += w * weights[i]!;
  }
  return dot / Math.sqrt(c.norm2);
}

/**
 * The n heaviest keys of a centroid, heaviest first, ties in insertion order: what a stable sort and slice give,
 * without sorting (and allocating) the whole centroid for every post that joins a small story.
 */
function heaviest(centroid: Map<number, number>, n: number): number[] {
  const keys: number[] = [];
  const weights: number[] = [];
  for (const [k, w] of centroid) {
    if (keys.length === n && w <= weights[n - 1]!) continue;
    let i = keys.length < n ? keys.length : n - 1;
    // Shift lighter entries down; an equal weight stays ahead (it came first).
    while (i > 0 && weights[i - 1]! < w) {
      if (i < n) {
        keys[i] = keys[i - 1]!;
        weights[i] = weights[i - 1]!;
      }
      i--;
    }
    keys[i] = k;
    weights[i] = w;
  }
  return keys;
}

function termFrequencies(members: Member[]): Map<number, number> {
  const f = new Map<number, number>();
  for (const m of members) for (const k of m.keys) f.set(k, (f.get(k) ?? 0) + 1);
  return f;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

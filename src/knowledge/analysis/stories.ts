import { grown } from "../../common/typed-arrays.js";
import { hash32 } from "./text.js";
import { sentimentLabel, type SentimentLabel } from "./sentiment.js";
import { MemberStore } from "./story-members.js";
import { SeedSlab } from "./story-seeds.js";
import { TermWeights } from "./story-term-weights.js";

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
 *
 * The hot path is built to allocate little and keep little for the garbage collector to trace: seeds are rows in
 * a SeedSlab and kept members rows in a MemberStore (typed-array columns), centroids are TermWeights tables, the
 * per-post vector and candidate list are reusable scratch, and expiry visits a time-bucketed queue instead of
 * every story. All of it reproduces the object-based version exactly — same clusters, ids and output — which is
 * why sums keep their order and ties their insertion order throughout.
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

/** A kept member as perspectives() reads it (a view into the MemberStore) */
interface Member {
  id: string;
  ms: number;
  sentiment: number | null;
  engagement: number;
  /** Term ids (see StoryTracker.termIds), heaviest first */
  keys: Int32Array;
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

/** A story of two or more posts (or a seed, materialised to be read). One-post stories are seeds in the SeedSlab. */
class Cluster {
  size = 1;
  copies = 0;
  authors = new Set<string>();
  centroid: TermWeights;
  norm2 = 0;
  indexed: number[] = [];
  hashtags = new Map<string, number>();
  timeline = new Map<number, TimelinePoint>();
  /** MemberStore slots of the members kept, in order */
  members: number[] = [];
  earliestId: string;
  earliestMs: number;
  mostEngagedId: string;
  mostEngagement: number;
  lastMs: number;
  firstMs: number;
  heat = 0;
  heatMs = 0;
  counts = { positive: 0, negative: 0, neutral: 0, unscored: 0 };
  sentSum = 0;
  sentN = 0;

  /** The first post's id, time and engagement; absorb() then adds the post itself. */
  constructor(
    readonly id: string,
    postId: string,
    ms: number,
    engagement: number,
    centroidCapacity: number,
  ) {
    this.centroid = new TermWeights(centroidCapacity);
    this.earliestId = postId;
    this.earliestMs = ms;
    this.mostEngagedId = postId;
    this.mostEngagement = engagement;
    this.firstMs = ms;
    this.lastMs = ms;
  }
}

/** What the inverted index and the expiry queue hold: a seed's slot number, or a cluster. */
type Handle = number | Cluster;

/** Granularity of the expiry queue: the sweep interval. */
const EXPIRY_BUCKET_MS = 60_000;

export class StoryTracker {
  readonly options: StoryOptions;
  private docs = 0;
  /** Terms and hashtags ("#tag") as small integers; ids of forgotten terms are reused (see halveDf) */
  private readonly termIds = new Map<string, number>();
  private readonly termNames: string[] = [];
  private readonly freeIds: number[] = [];
  /** Document frequency by term id */
  private df: number[] = [];
  /** Story id → seed slot or cluster; insertion order is creation order, which breaks ties in list() */
  private readonly byId = new Map<string, Handle>();
  private readonly seeds: SeedSlab;
  private readonly members: MemberStore;
  /** Term id → recent seeds and clusters indexed under it (an array: term ids are small and dense) */
  private readonly index: (Handle[] | undefined)[] = [];
  /**
   * Expiry time bucket → seeds (slot, generation pairs) and clusters that may expire by then. Each live seed and
   * cluster has an entry at or before its expiry, so a sweep visits only what may be due instead of every story.
   */
  private readonly seedExpiry = new Map<number, number[]>();
  private readonly clusterExpiry = new Map<number, Cluster[]>();
  private clockMs = -Infinity;
  private lastSweepMs = -Infinity;

  // Per-post scratch, reused so that add() allocates little more than the story id of a post that becomes a seed.
  private tfIds = new Int32Array(64);
  private tfCounts = new Int32Array(64);
  /** Term id → position in tfIds, valid where tfStamp[id] === stamp */
  private tfPos = new Int32Array(1024);
  private tfStamp = new Int32Array(1024);
  private stamp = 0;
  private readonly vecKeys: Int32Array;
  private readonly vecWeights: Float32Array;
  private readonly selWeights: Float64Array;
  private tags: string[] = [];
  private tagCount = 0;
  private readonly candidates: Handle[] = [];
  private topKeys = new Int32Array(16);
  private topWeights = new Float64Array(16);

  constructor(options: Partial<StoryOptions> = {}) {
    this.options = { ...defaultStoryOptions, ...options };
    const m = Math.max(0, Math.floor(this.options.maxTermsPerVector));
    this.vecKeys = new Int32Array(m);
    this.vecWeights = new Float32Array(m);
    this.selWeights = new Float64Array(m);
    this.seeds = new SeedSlab(m);
    this.members = new MemberStore(m);
  }

  get clusterCount(): number {
    return this.byId.size;
  }

  /** Assigns a post to a story (new or existing) and returns the story id. */
  add(input: StoryInput): string {
    const o = this.options;
    if (input.ms > this.clockMs) this.clockMs = input.ms;
    if (this.clockMs - this.lastSweepMs > 60_000) this.sweep();
    const n = this.vectorize(input);
    const keys = this.vecKeys;
    const weights = this.vecWeights;
    let best: Handle | undefined;
    let bestSim = 0;
    if (n > 0) {
      const seen = this.candidates;
      let seenCount = 0;
      // keys are sorted by weight, so the first ones are the post's most specific terms; each list is scanned
      // newest first, and big stories stay in the lists (see reindex), so the cap rarely hides the right one.
      const lookups = Math.min(o.lookupTerms, n);
      for (let k = 0; k < lookups && seenCount < MAX_CANDIDATES; k++) {
        const list = this.index[keys[k]!];
        if (!list) continue;
        next: for (let j = list.length - 1; j >= 0 && seenCount < MAX_CANDIDATES; j--) {
          const c = list[j]!;
          for (let s = 0; s < seenCount; s++) if (seen[s] === c) continue next;
          seen[seenCount++] = c;
          const sim = typeof c === "number" ? this.seedCosine(c, n) : cosine(keys, weights, 0, n, c);
          if (sim > bestSim) {
            bestSim = sim;
            best = c;
          }
        }
      }
      // Don't let the scratch keep expired clusters alive.
      for (let s = 0; s < seenCount; s++) seen[s] = 0;
    }
    if (best === undefined || bestSim < o.similarity) return this.plantSeed(input, n);
    const c = typeof best === "number" ? this.promote(best) : best;
    this.absorb(c, keys, weights, 0, n, input.postId, input.ms, input.sentiment, input.engagement, input.authorId, this.tags, this.tagCount);
    c.heat = this.heatOf(c) + 1;
    c.heatMs = Math.max(c.heatMs, this.clockMs);
    // Re-index when the centroid's leading terms may have moved: every post while small, then every 8th.
    if (c.size <= 8 || c.size % 8 === 0) this.reindex(c);
    return c.id;
  }

  /** Stories with enough posts and authors, hottest first. */
  list(opts: { limit?: number; sinceMs?: number } = {}): StorySummary[] {
    const out: Cluster[] = [];
    const temporary: Cluster[] = [];
    const seedsAreStories = 1 >= this.options.minPosts && 1 >= this.options.minAuthors;
    for (const h of this.byId.values()) {
      let c: Cluster;
      if (typeof h === "number") {
        if (!seedsAreStories) continue;
        if (opts.sinceMs !== undefined && this.seeds.ms[h]! < opts.sinceMs) continue;
        c = this.materialize(h);
        temporary.push(c);
      } else c = h;
      if (!this.isStory(c)) continue;
      if (opts.sinceMs !== undefined && c.lastMs < opts.sinceMs) continue;
      out.push(c);
    }
    out.sort((a, b) => this.heatOf(b) - this.heatOf(a));
    const summaries = out.slice(0, opts.limit ?? 20).map((c) => this.summary(c));
    for (const c of temporary) this.releaseMembers(c);
    return summaries;
  }

  get(id: string): StoryDetail | undefined {
    const h = this.byId.get(id);
    if (h === undefined) return undefined;
    if (typeof h !== "number") return this.detail(h);
    const c = this.materialize(h);
    const detail = this.detail(c);
    this.releaseMembers(c);
    return detail;
  }

  /** Counts a copy of one of the story's posts; copies never move the centroid or the volume curve. */
  addCopy(id: string): void {
    const h = this.byId.get(id);
    if (h === undefined) return;
    if (typeof h === "number") this.seeds.copies[h]!++;
    else h.copies++;
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
      if (id >= this.tfStamp.length) {
        // Mid-post too: the terms counted so far keep their stamps and positions.
        this.tfStamp = grown(this.tfStamp, this.tfStamp.length * 2);
        this.tfPos = grown(this.tfPos, this.tfStamp.length);
      }
    }
    return id;
  }

  private isHashtag(id: number): boolean {
    return this.termNames[id]!.charCodeAt(0) === 35;
  }

  private countTerm(id: number, distinct: number): number {
    if (this.tfStamp[id] === this.stamp) {
      this.tfCounts[this.tfPos[id]!]!++;
      return distinct;
    }
    if (distinct === this.tfIds.length) {
      this.tfIds = grown(this.tfIds, distinct * 2);
      this.tfCounts = grown(this.tfCounts, distinct * 2);
    }
    this.tfStamp[id] = this.stamp;
    this.tfPos[id] = distinct;
    this.tfIds[distinct] = id;
    this.tfCounts[distinct] = 1;
    return distinct + 1;
  }

  /**
   * The post's tf-idf vector into vecKeys / vecWeights, heaviest first (ties in order of first occurrence), and
   * its normalised hashtags into tags; returns the vector's length.
   */
  private vectorize(input: StoryInput): number {
    if (this.stamp === 0x7fffffff) {
      this.stamp = 0;
      this.tfStamp.fill(0);
    }
    this.stamp++;
    let distinct = 0;
    for (const t of input.terms) distinct = this.countTerm(this.termId(t), distinct);
    this.tagCount = 0;
    for (const h of input.hashtags) {
      const tag = h.toLowerCase().replace(/^#/, "");
      this.tags[this.tagCount++] = tag;
      distinct = this.countTerm(this.termId("#" + tag), distinct);
    }
    this.docs++;
    const tfIds = this.tfIds;
    for (let i = 0; i < distinct; i++) this.df[tfIds[i]!]!++;
    // Halve document frequencies now and then: idf follows the recent stream and the vocabulary stays bounded.
    if (this.docs >= 400_000) this.halveDf(tfIds.subarray(0, distinct));
    // The m heaviest terms by insertion into a short sorted list: the same order as a stable sort of all of
    // them by weight (an equal weight stays behind the one that came first), without sorting or allocating.
    const m = this.vecKeys.length;
    const keys = this.vecKeys;
    const sel = this.selWeights;
    let n = 0;
    for (let e = 0; e < distinct && m > 0; e++) {
      const k = tfIds[e]!;
      const idf = Math.log((this.docs + 1) / ((this.df[k] ?? 0) + 1)) + 1;
      const w = (1 + Math.log(this.tfCounts[e]!)) * idf * (this.isHashtag(k) ? 1.5 : 1);
      if (n === m && w <= sel[m - 1]!) continue;
      let i = n < m ? n : m - 1;
      while (i > 0 && sel[i - 1]! < w) {
        keys[i] = keys[i - 1]!;
        sel[i] = sel[i - 1]!;
        i--;
      }
      keys[i] = k;
      sel[i] = w;
      if (n < m) n++;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += sel[i]! * sel[i]!;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < n; i++) this.vecWeights[i] = sel[i]! / norm;
    return n;
  }

  /** `inUse`: the ids of the post being added, which no cluster holds yet. */
  private halveDf(inUse: Iterable<number>): void {
    this.docs = Math.floor(this.docs / 2);
    // A term whose frequency halves to nothing is forgotten, unless a live cluster (or this post) still refers to it.
    const referenced = new Set<number>(inUse);
    const s = this.seeds;
    for (let slot = 0; slot < s.highWater; slot++) {
      if (!s.live[slot]) continue;
      for (let j = 0, base = slot * s.stride; j < s.count[slot]!; j++) referenced.add(s.keys[base + j]!);
    }
    for (const c of this.byId.values()) {
      if (typeof c === "number") continue;
      for (let i = 0; i < c.centroid.size; i++) referenced.add(c.centroid.keys[i]!);
      for (const k of c.indexed) referenced.add(k);
      const m = this.members;
      for (const slot of c.members) for (let j = 0, base = slot * m.stride; j < m.count[slot]!; j++) referenced.add(m.keys[base + j]!);
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

  /**
   * A post that joined no story becomes a seed: what its one-post cluster would hold, in the slab, indexed under
   * its few most specific terms.
   */
  private plantSeed(input: StoryInput, n: number): string {
    const o = this.options;
    const id = "st_" + hash32(input.postId).toString(36) + hash32(input.postId, 0x5bd1e995).toString(36);
    const s = this.seeds;
    const slot = s.alloc();
    const base = slot * s.stride;
    let vv = 0;
    for (let i = 0; i < n; i++) {
      s.keys[base + i] = this.vecKeys[i]!;
      s.weights[base + i] = this.vecWeights[i]!;
      vv += this.vecWeights[i]! * this.vecWeights[i]!;
    }
    s.count[slot] = n;
    // A new cluster's centroid norm: 0 + (2 · 0 + vv).
    s.norm2[slot] = 0 + (2 * 0 + vv);
    s.ms[slot] = input.ms;
    s.hasSentiment[slot] = input.sentiment === null ? 0 : 1;
    s.sentiment[slot] = input.sentiment ?? 0;
    s.engagement[slot] = input.engagement;
    s.copies[slot] = 0;
    // Heat as add() computes it for a fresh cluster (heat 0 at time 0); materialize() restores it from here.
    s.heat[slot] = 0 * Math.pow(0.5, Math.max(0, this.clockMs - 0) / o.heatHalfLifeMs) + 1;
    s.heatMs[slot] = Math.max(0, this.clockMs);
    s.ids[slot] = id;
    s.postIds[slot] = input.postId;
    s.authorIds[slot] = input.authorId;
    s.hashtags[slot] = this.tagCount > 0 ? this.tags.slice(0, this.tagCount) : null;
    this.byId.set(id, slot);
    // A lone post is findable by its few most specific terms. Its weights are sorted, so those are its first
    // SEED_INDEXED_TERMS keys (what selecting the heaviest of its centroid gave).
    let bits = 0;
    const t = Math.min(SEED_INDEXED_TERMS, n);
    for (let j = 0; j < t; j++) {
      const k = s.keys[base + j]!;
      const dropped = this.pushIndexed(k, slot);
      if (dropped !== slot) bits |= 1 << j;
      if (dropped !== undefined && dropped !== slot) this.forgetIndexed(dropped, k);
    }
    s.indexedBits[slot] = bits;
    this.queueSeed(slot);
    return id;
  }

  /** The seed as the one-post cluster it stands for: the state its first post gave it, heat and index entries included. */
  private materialize(slot: number): Cluster {
    const s = this.seeds;
    const base = slot * s.stride;
    const n = s.count[slot]!;
    const c = new Cluster(s.ids[slot]!, s.postIds[slot]!, s.ms[slot]!, s.engagement[slot]!, Math.max(32, 2 * n));
    const tags = s.hashtags[slot];
    const sentiment = s.hasSentiment[slot] ? s.sentiment[slot]! : null;
    this.absorb(c, s.keys, s.weights, base, n, s.postIds[slot]!, s.ms[slot]!, sentiment, s.engagement[slot]!, s.authorIds[slot]!, tags ?? [], tags?.length ?? 0);
    c.copies = s.copies[slot]!;
    // Heat as of the seed's own time, not now.
    c.heat = s.heat[slot]!;
    c.heatMs = s.heatMs[slot]!;
    const bits = s.indexedBits[slot]!;
    for (let j = 0; j < Math.min(SEED_INDEXED_TERMS, n); j++) if (bits & (1 << j)) c.indexed.push(s.keys[base + j]!);
    return c;
  }

  /** A second post joins a seed: it becomes a cluster, in the seed's place in the index lists and in byId. */
  private promote(slot: number): Cluster {
    const s = this.seeds;
    const c = this.materialize(slot);
    for (const k of c.indexed) {
      const list = this.index[k]!;
      list[list.indexOf(slot)] = c;
    }
    if (this.byId.get(c.id) === slot) this.byId.set(c.id, c);
    s.release(slot);
    this.queueCluster(c);
    return c;
  }

  private seedCosine(slot: number, n: number): number {
    const s = this.seeds;
    const norm2 = s.norm2[slot]!;
    if (norm2 <= 0) return 0;
    // Two short id arrays: scanning beats hashing (same sum, same order as probing the one-post centroid).
    const keys = this.vecKeys;
    const weights = this.vecWeights;
    const sk = s.keys;
    const sw = s.weights;
    const base = slot * s.stride;
    const end = base + s.count[slot]!;
    let dot = 0;
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      for (let j = base; j < end; j++)
        if (sk[j] === k) {
          dot += sw[j]! * weights[i]!;
          break;
        }
    }
    return dot / Math.sqrt(norm2);
  }

  /**
   * Adds a post (its vector: keys / weights [off, off + n)) to a cluster: everything joining does except heat and
   * re-indexing, which depend on when it happens (see add and materialize).
   */
  private absorb(
    c: Cluster,
    keys: Int32Array,
    weights: Float32Array,
    off: number,
    n: number,
    postId: string,
    ms: number,
    sentiment: number | null,
    engagement: number,
    authorId: string,
    tags: readonly string[],
    tagCount: number,
  ): void {
    const o = this.options;
    if (c.members.length > 0 || c.size > 1) c.size++;
    c.authors.add(authorId);
    const centroid = c.centroid;
    const end = off + n;
    let dot = 0;
    for (let i = off; i < end; i++) dot += centroid.get(keys[i]!) * weights[i]!;
    let vv = 0;
    for (let i = off; i < end; i++) {
      centroid.add(keys[i]!, weights[i]!);
      vv += weights[i]! * weights[i]!;
    }
    c.norm2 += 2 * dot + vv;
    if (centroid.size > 400) c.norm2 = centroid.keepHeaviest(200);
    for (let i = 0; i < tagCount; i++) {
      const k = tags[i]!;
      c.hashtags.set(k, (c.hashtags.get(k) ?? 0) + 1);
    }
    const bucket = Math.floor(ms / o.timelineBucketMs);
    let point = c.timeline.get(bucket);
    if (point === undefined) {
      point = { n: 0, sentSum: 0, sentN: 0 };
      c.timeline.set(bucket, point);
    }
    point.n++;
    if (sentiment !== null) {
      point.sentSum += sentiment;
      point.sentN++;
      c.sentSum += sentiment;
      c.sentN++;
      c.counts[sentimentLabel(sentiment)]++;
    } else c.counts.unscored++;
    if (ms < c.earliestMs) {
      c.earliestMs = ms;
      c.earliestId = postId;
    }
    if (engagement > c.mostEngagement) {
      c.mostEngagement = engagement;
      c.mostEngagedId = postId;
    }
    if (ms > c.lastMs) c.lastMs = ms;
    if (ms < c.firstMs) c.firstMs = ms;
    const store = this.members;
    const slot = store.alloc(postId, ms, sentiment, engagement);
    for (let i = off, j = slot * store.stride; i < end; i++, j++) {
      store.keys[j] = keys[i]!;
      store.weights[j] = weights[i]!;
    }
    store.count[slot] = n;
    c.members.push(slot);
    if (c.members.length > o.membersKept) {
      // Keep the first posts (how it started) and the most recent ones (where it is now).
      const [gone] = c.members.splice(Math.floor(o.membersKept / 5), 1);
      if (gone !== undefined) store.release(gone);
    }
  }

  /** A growing story is findable by its whole leading vocabulary. */
  private reindex(c: Cluster): void {
    // (A cluster can only still have one post when membersKept < 1 stops absorb() from counting: see materialize.)
    const n = Math.max(0, c.size === 1 ? SEED_INDEXED_TERMS : this.options.indexedTerms);
    if (this.topKeys.length < n) {
      this.topKeys = new Int32Array(n);
      this.topWeights = new Float64Array(n);
    }
    const top = this.topKeys;
    const t = c.centroid.heaviest(n, top, this.topWeights);
    const before = c.indexed;
    for (const k of before) if (!includes(top, t, k)) this.unindex(k, c);
    // c is in exactly the lists of the terms in c.indexed (every drop from a list updates the dropped one's
    // indexed terms), so the lists it stays in need no search.
    const indexed: number[] = [];
    for (let i = 0; i < t; i++) {
      const k = top[i]!;
      if (before.includes(k)) {
        indexed.push(k);
        continue;
      }
      const dropped = this.pushIndexed(k, c);
      if (dropped === c) continue;
      indexed.push(k);
      if (dropped !== undefined) this.forgetIndexed(dropped, k);
    }
    c.indexed = indexed;
  }

  /**
   * Lists `h` under term k; returns the entry dropped to keep the list to clustersPerTerm (possibly h), if any.
   * The least developed cluster under the term goes, not just the oldest: big stories must stay findable.
   */
  private pushIndexed(k: number, h: Handle): Handle | undefined {
    let list = this.index[k];
    if (!list) {
      list = [];
      this.index[k] = list;
    }
    list.push(h);
    if (list.length <= this.options.clustersPerTerm) return undefined;
    const s = this.seeds;
    let worst = 0;
    let worstSize = sizeOf(list[0]!);
    let worstMs = lastMsOf(list[0]!, s);
    for (let i = 1; i < list.length; i++) {
      const e = list[i]!;
      const size = sizeOf(e);
      if (size > worstSize) continue;
      const ms = lastMsOf(e, s);
      if (size < worstSize || ms < worstMs) {
        worst = i;
        worstSize = size;
        worstMs = ms;
      }
    }
    return list.splice(worst, 1)[0];
  }

  /** `h` was dropped from the list of term k. */
  private forgetIndexed(h: Handle, k: number): void {
    if (typeof h !== "number") {
      const i = h.indexed.indexOf(k);
      if (i >= 0) h.indexed.splice(i, 1);
      return;
    }
    const s = this.seeds;
    const base = h * s.stride;
    const t = Math.min(SEED_INDEXED_TERMS, s.count[h]!);
    for (let j = 0; j < t; j++) if (s.keys[base + j] === k) s.indexedBits[h]! &= ~(1 << j);
  }

  private unindex(k: number, h: Handle): void {
    const list = this.index[k];
    if (!list) return;
    const i = list.indexOf(h);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.index[k] = undefined;
  }

  private queueSeed(slot: number): void {
    const b = expiryBucket(this.seeds.ms[slot]! + this.options.seedTtlMs);
    let q = this.seedExpiry.get(b);
    if (!q) {
      q = [];
      this.seedExpiry.set(b, q);
    }
    q.push(slot, this.seeds.generation[slot]!);
  }

  private queueCluster(c: Cluster, notBefore = -Infinity): void {
    const o = this.options;
    // A cluster still counted as one post (see reindex) could expire as a seed or, once it grows, as a story.
    const ttl = c.size >= 2 ? o.storyTtlMs : Math.min(o.seedTtlMs, o.storyTtlMs);
    const b = Math.max(expiryBucket(c.lastMs + ttl), notBefore);
    let q = this.clusterExpiry.get(b);
    if (!q) {
      q = [];
      this.clusterExpiry.set(b, q);
    }
    q.push(c);
  }

  /**
   * Forgets seeds not joined within seedTtlMs and stories without posts for storyTtlMs — exactly those a scan of
   * every story would, but visiting only the expiry buckets that are due.
   */
  private sweep(): void {
    this.lastSweepMs = this.clockMs;
    const now = Math.floor(this.clockMs / EXPIRY_BUCKET_MS);
    const o = this.options;
    const s = this.seeds;
    for (const b of dueBuckets(this.seedExpiry, now)) {
      const q = this.seedExpiry.get(b)!;
      this.seedExpiry.delete(b);
      for (let i = 0; i < q.length; i += 2) {
        const slot = q[i]!;
        // A slot released (promoted or expired) and perhaps reused since: that seed has its own entry.
        if (!s.live[slot] || s.generation[slot] !== q[i + 1]) continue;
        if (s.ms[slot]! < this.clockMs - o.seedTtlMs) this.dropSeed(slot);
        else this.requeueSeed(slot, now + 1);
      }
    }
    for (const b of dueBuckets(this.clusterExpiry, now)) {
      const q = this.clusterExpiry.get(b)!;
      this.clusterExpiry.delete(b);
      for (const c of q) {
        const ttl = c.size >= 2 ? o.storyTtlMs : o.seedTtlMs;
        if (c.lastMs < this.clockMs - ttl) {
          for (const k of c.indexed) this.unindex(k, c);
          if (this.byId.get(c.id) === c) this.byId.delete(c.id);
          this.releaseMembers(c);
        } else this.queueCluster(c, now + 1);
      }
    }
  }

  private releaseMembers(c: Cluster): void {
    for (const slot of c.members) this.members.release(slot);
    c.members = [];
  }

  private requeueSeed(slot: number, notBefore: number): void {
    const b = Math.max(expiryBucket(this.seeds.ms[slot]! + this.options.seedTtlMs), notBefore);
    let q = this.seedExpiry.get(b);
    if (!q) {
      q = [];
      this.seedExpiry.set(b, q);
    }
    q.push(slot, this.seeds.generation[slot]!);
  }

  private dropSeed(slot: number): void {
    const s = this.seeds;
    const base = slot * s.stride;
    const bits = s.indexedBits[slot]!;
    for (let j = 0; j < SEED_INDEXED_TERMS; j++) if (bits & (1 << j)) this.unindex(s.keys[base + j]!, slot);
    const id = s.ids[slot]!;
    if (this.byId.get(id) === slot) this.byId.delete(id);
    s.release(slot);
  }

  private topTerms(c: Cluster, n: number): string[] {
    const entries: [number, number][] = [];
    for (let i = 0; i < c.centroid.size; i++) entries.push([c.centroid.keys[i]!, c.centroid.weightAt(i)]);
    return entries
      .filter(([k]) => !this.isHashtag(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k]) => this.termNames[k]!);
  }

  private summary(c: Cluster): StorySummary {
    const hashtags = [...c.hashtags].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([h]) => "#" + h);
    const terms = this.topTerms(c, 5);
    const titleParts = [...(hashtags[0] ? [hashtags[0]] : []), ...terms.filter((t) => "#" + t !== hashtags[0]).slice(0, 3)];
    let representative = c.earliestId;
    let bestSim = -1;
    const m = this.members;
    for (const slot of c.members) {
      const sim = cosine(m.keys, m.weights, slot * m.stride, m.count[slot]!, c);
      if (sim > bestSim) {
        bestSim = sim;
        representative = m.ids[slot]!;
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
      keyPosts: { earliest: c.earliestId, mostEngaged: c.mostEngagedId, mostRepresentative: representative },
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
    const all = memberViews(this.members, c.members);
    const groups = new Map<Perspective["stance"], Member[]>();
    for (const m of all) {
      const stance = m.sentiment === null ? "unscored" : sentimentLabel(m.sentiment);
      const g = groups.get(stance) ?? [];
      g.push(m);
      groups.set(stance, g);
    }
    const storyFreq = termFrequencies(all);
    const name = (k: number) => this.termNames[k]!;
    const out: Perspective[] = [];
    for (const stance of ["positive", "negative", "neutral", "unscored"] as const) {
      const members = groups.get(stance);
      const total = c.counts[stance];
      if (!members || members.length === 0 || total === 0) continue;
      const freq = termFrequencies(members);
      const distinctive = [...freq]
        .filter(([k, n]) => n >= 2 && !this.isHashtag(k))
        .map(([k, n]) => [name(k), n / members.length / ((storyFreq.get(k) ?? n) / all.length)] as const)
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

function sizeOf(h: Handle): number {
  return typeof h === "number" ? 1 : h.size;
}

function lastMsOf(h: Handle, seeds: SeedSlab): number {
  return typeof h === "number" ? seeds.ms[h]! : h.lastMs;
}

function includes(keys: Int32Array, n: number, k: number): boolean {
  for (let i = 0; i < n; i++) if (keys[i] === k) return true;
  return false;
}

/** Cosine between a vector (keys / weights [off, off + n)) and a cluster's centroid. */
function cosine(keys: Int32Array, weights: Float32Array, off: number, n: number, c: Cluster): number {
  if (c.norm2 <= 0) return 0;
  const centroid = c.centroid;
  let dot = 0;
  for (let i = off, end = off + n; i < end; i++) dot += centroid.get(keys[i]!) * weights[i]!;
  return dot / Math.sqrt(c.norm2);
}

/**
 * The queue bucket for something expiring at `ms`: one early, so that rounding in `lastMs + ttl` against
 * `clock - ttl` can never leave an expired story unvisited (a visit that finds it alive just requeues it).
 */
function expiryBucket(ms: number): number {
  return Math.floor(ms / EXPIRY_BUCKET_MS) - 1;
}

function dueBuckets(queue: Map<number, unknown>, now: number): number[] {
  const due: number[] = [];
  for (const b of queue.keys()) if (b <= now) due.push(b);
  return due;
}

function memberViews(m: MemberStore, slots: number[]): Member[] {
  const out: Member[] = [];
  for (const slot of slots) {
    const base = slot * m.stride;
    const end = base + m.count[slot]!;
    out.push({ id: m.ids[slot]!, ms: m.ms[slot]!, sentiment: m.sentimentOf(slot), engagement: m.engagement[slot]!, keys: m.keys.subarray(base, end), weights: m.weights.subarray(base, end) });
  }
  return out;
}

function termFrequencies(members: Member[]): Map<number, number> {
  const f = new Map<number, number>();
  for (const m of members) for (const k of m.keys) f.set(k, (f.get(k) ?? 0) + 1);
  return f;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

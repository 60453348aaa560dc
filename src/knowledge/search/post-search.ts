import type { SourceKind } from "../post.js";
import type { FtsCandidate, PostFilter, PostStore, StoredPost } from "../store/post-store.js";
import { stopwordsFor } from "../analysis/text.js";

export interface PostSearchQuery {
  q?: string;
  sinceMs?: number;
  untilMs?: number;
  sources?: SourceKind[];
  langs?: string[];
  authors?: string[];
  excludedAuthors?: string[];
  limit?: number;
  /** "all": every word must match (falls back to "any" when that finds too little); "any": ranked by how many match */
  match?: "all" | "any";
}

export interface PostHit {
  id: string;
  url: string;
  text: string;
  author: { id: string; handle?: string; displayName?: string };
  source: SourceKind;
  lang: string;
  createdAt: string;
  hashtags: string[];
  sentiment: number | null;
  storyId: string | null;
  /** Final rank score: BM25 relevance with the recency boost applied */
  score: number;
  /** BM25 relevance alone (higher is better); 0 when listing without a query, or for a post only vector search found */
  relevance: number;
  /** Hybrid ranking only: cosine similarity of the post's embedding to the query's (absent when the post has no vector) */
  similarity?: number;
}

/** "hybrid": BM25 and vector candidates fused; "bm25": BM25 alone (no embedding model, no vectors yet, or the query embedding failed). */
export type SearchRanking = "bm25" | "hybrid";

export interface PostSearchResult {
  hits: PostHit[];
  ranking: SearchRanking;
  /** Why a hybrid search fell back to BM25, when it did */
  note?: string;
}

/** A post found by vector search, as the vector index returns it. */
export interface SemanticCandidate {
  pk: number;
  id: string;
  createdMs: number;
  duplicateOf: string | null;
  similarity: number;
}

/** Vector search as PostSearch needs it (the embedder plus the vector index; see knowledge/index.ts). */
export interface SemanticSearcher {
  /** True when vectors exist and the model can embed a query */
  available(): boolean;
  embedQuery(text: string, signal?: AbortSignal): Promise<Float32Array>;
  /** Nearest posts passing the filter, most similar first */
  nearest(vector: Float32Array, filter: PostFilter, k: number): SemanticCandidate[];
}

export interface HybridOptions {
  /** Reciprocal Rank Fusion: a list contributes weight / (rrfK + rank), rank from 1 */
  bm25Weight: number;
  vectorWeight: number;
  rrfK: number;
  /** Nearest neighbours fetched per query */
  vectorCandidates: number;
  /** Vector hits below this cosine are ignored */
  minSimilarity: number;
  /** Longer than this to embed the query: answer with BM25 alone */
  queryTimeoutMs: number;
}

export const defaultHybridOptions: HybridOptions = {
  bm25Weight: 1,
  vectorWeight: 1,
  rrfK: 60,
  vectorCandidates: 50,
  minSimilarity: 0,
  queryTimeoutMs: 2000,
};

export interface PostSearchOptions {
  /** A post this old (stream time) gets half the recency boost of a brand-new one */
  recencyHalfLifeMs: number;
  /** How much a brand-new post's relevance is multiplied by, on top of 1 */
  recencyWeight: number;
  /** Newest matches scored per query; bounds latency on common words over millions of posts */
  candidates: number;
  /** The stream's "now" (newest post time); wall time when absent */
  clock?: () => number | undefined;
  /** Vector search for `searchHybrid`; without it (no embedding model) searchHybrid is exactly `search` */
  semantic?: SemanticSearcher;
  hybrid?: Partial<HybridOptions>;
}

export const defaultPostSearchOptions: PostSearchOptions = {
  recencyHalfLifeMs: 24 * 3600_000,
  recencyWeight: 1,
  candidates: 200,
};

/**
 * Search over stored posts: FTS5 BM25 × recency, exact copies collapsed, every hit with its url. With an embedding
 * model (`semantic`), `searchHybrid` fuses BM25's candidates with the nearest posts by embedding (Reciprocal Rank
 * Fusion), so a post that says the same thing in other words is found too.
 */
export class PostSearch {
  readonly options: PostSearchOptions;
  readonly hybridOptions: HybridOptions;

  constructor(
    private readonly store: PostStore,
    options: Partial<PostSearchOptions> = {},
  ) {
    this.options = { ...defaultPostSearchOptions, ...options };
    this.hybridOptions = { ...defaultHybridOptions, ...options.hybrid };
  }

  /** BM25 ranking (synchronous; what searchHybrid answers whenever vectors cannot be used). */
  search(query: PostSearchQuery): PostHit[] {
    return this.rank(query, undefined);
  }

  /** Hybrid ranking when vectors and the model are there, else exactly `search`; says which ranking it used. */
  async searchHybrid(query: PostSearchQuery, opts: { signal?: AbortSignal } = {}): Promise<PostSearchResult> {
    const q = query.q?.trim();
    const semantic = this.options.semantic;
    if (!q || !semantic || !buildFtsQuery(q, "any") || !semantic.available()) return { hits: this.search(query), ranking: "bm25" };
    let near: SemanticCandidate[];
    try {
      const ms = this.hybridOptions.queryTimeoutMs;
      // The model is told to stop at the timeout too, so an abandoned query does not keep computing.
      const timeout = AbortSignal.timeout(ms);
      const vector = await withTimeout(semantic.embedQuery(q, opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout), ms);
      near = semantic
        .nearest(vector, this.filterOf(query), this.hybridOptions.vectorCandidates)
        .filter((c) => c.similarity >= this.hybridOptions.minSimilarity);
    } catch (err) {
      opts.signal?.throwIfAborted();
      // Search must answer whatever the model does (down, slow, switched to another dimension mid-flight).
      return { hits: this.search(query), ranking: "bm25", note: `vector search was not possible (${(err as Error).message})` };
    }
    return { hits: this.rank(query, near), ranking: "hybrid" };
  }

  private filterOf(query: PostSearchQuery): PostFilter {
    return {
      sinceMs: query.sinceMs,
      untilMs: query.untilMs,
      sources: query.sources,
      langs: query.langs,
      authors: query.authors,
      excludedAuthors: query.excludedAuthors,
    };
  }

  private rank(query: PostSearchQuery, near: SemanticCandidate[] | undefined): PostHit[] {
    const limit = Math.max(1, Math.min(query.limit ?? 20, 200));
    const filter = this.filterOf(query);
    const now = this.options.clock?.() ?? Date.now();
    const q = query.q?.trim();
    if (!q) return this.store.recent(filter, limit).map((p) => toHit(p, 0, 0));
    const mode = query.match ?? "all";
    const all = buildFtsQuery(q, "all");
    const any = buildFtsQuery(q, "any");
    if (!all || !any) return [];
    let candidates: FtsCandidate[] = this.store.searchFts(mode === "all" ? all : any, filter, this.options.candidates);
    if (mode === "all" && candidates.length < limit && any !== all) {
      const have = new Set(candidates.map((c) => c.pk));
      // Partial matches rank below every full match, so a post missing a word never outranks one that has them all.
      const floor = candidates.length ? Math.min(...candidates.map((c) => -c.bm25)) : Infinity;
      for (const c of this.store.searchFts(any, filter, this.options.candidates)) {
        if (!have.has(c.pk)) candidates.push({ ...c, bm25: -Math.min(-c.bm25, floor * 0.5) });
      }
    }
    const recencyOf = (createdMs: number) => Math.pow(0.5, Math.max(0, now - createdMs) / this.options.recencyHalfLifeMs);
    let scored: Scored[];
    if (!near) {
      scored = candidates.map((c) => {
        const relevance = -c.bm25;
        return { c, relevance, score: relevance * (1 + this.options.recencyWeight * recencyOf(c.createdMs)) };
      });
    } else {
      scored = this.fuse(candidates, near, recencyOf);
    }
    scored.sort((a, b) => b.score - a.score || b.relevance - a.relevance);
    const kept: Scored[] = [];
    const originals = new Set<string>();
    for (const s of scored) {
      // A copy-paste flood is one result: the first copy stands for all.
      const original = s.c.duplicateOf ?? s.c.id;
      if (originals.has(original)) continue;
      originals.add(original);
      kept.push(s);
      if (kept.length >= limit) break;
    }
    const posts = new Map(this.store.getByPk(kept.map((k) => k.c.pk)).map((p) => [p.id, p]));
    const out: PostHit[] = [];
    for (const k of kept) {
      const p = posts.get(k.c.id);
      if (p) out.push(toHit(p, k.score, k.relevance, k.similarity));
    }
    return out;
  }

  /**
   * Reciprocal Rank Fusion of the BM25 list (by relevance) and the vector list (by similarity): each contributes
   * weight / (rrfK + rank). Ranks, not raw scores, because BM25 and cosine live on unrelated scales; a post in both
   * lists gets both shares. Copies count as their original (only originals have vectors, while BM25 may rank a fresh
   * copy first), each list ranking an original once, at its best. The recency boost then applies as in BM25 ranking.
   */
  private fuse(candidates: FtsCandidate[], near: SemanticCandidate[], recencyOf: (ms: number) => number): Scored[] {
    const h = this.hybridOptions;
    const byOriginal = new Map<string, Scored & { fused: number }>();
    const lexical = [...candidates].sort((a, b) => a.bm25 - b.bm25 || b.pk - a.pk);
    let rank = 0;
    for (const c of lexical) {
      const key = c.duplicateOf ?? c.id;
      if (byOriginal.has(key)) continue;
      byOriginal.set(key, { c, relevance: -c.bm25, score: 0, fused: h.bm25Weight / (h.rrfK + ++rank) });
    }
    rank = 0;
    for (const n of near) {
      const key = n.duplicateOf ?? n.id;
      const share = h.vectorWeight / (h.rrfK + ++rank);
      const e = byOriginal.get(key);
      if (e) {
        e.fused += share;
        e.similarity = n.similarity;
      } else {
        byOriginal.set(key, {
          c: { pk: n.pk, id: n.id, createdMs: n.createdMs, duplicateOf: n.duplicateOf, bm25: 0 },
          relevance: 0,
          similarity: n.similarity,
          score: 0,
          fused: share,
        });
      }
    }
    const out: Scored[] = [];
    for (const e of byOriginal.values()) {
      e.score = e.fused * (1 + this.options.recencyWeight * recencyOf(e.c.createdMs));
      out.push(e);
    }
    return out;
  }
}

interface Scored {
  c: FtsCandidate;
  relevance: number;
  score: number;
  similarity?: number;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(t);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

function toHit(p: StoredPost, score: number, relevance: number, similarity?: number): PostHit {
  const hit: PostHit = {
    id: p.id,
    url: p.url,
    text: p.text,
    author: p.author,
    source: p.source,
    lang: p.lang,
    createdAt: p.createdAt,
    hashtags: p.hashtags,
    sentiment: p.sentiment,
    storyId: p.storyId,
    score: Number(score.toPrecision(4)),
    relevance: Number(relevance.toPrecision(4)),
  };
  if (similarity !== undefined) hit.similarity = Number(similarity.toPrecision(4));
  return hit;
}

/**
 * Turns what a person typed into a safe FTS5 expression: every word is quoted (so FTS5 operators and
 * punctuation in the input are just text), "quoted phrases" stay phrases, '#tag' searches the tag,
 * and stopwords are dropped unless nothing else is left.
 */
export function buildFtsQuery(input: string, mode: "all" | "any"): string | undefined {
  const parts: string[] = [];
  const phraseRe = /"([^"]+)"/g;
  for (const m of input.matchAll(phraseRe)) {
    const words = m[1]!.match(/[\p{L}\p{N}]+/gu);
    if (words && words.length) parts.push(`"${words.join(" ")}"`);
  }
  const rest = input.replace(phraseRe, " ");
  const words = (rest.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w, i, a) => a.indexOf(w) === i);
  const stop = stopwordsFor("en");
  const content = words.filter((w) => !stop.has(w) && !QUESTION_WORDS.has(w));
  // Stopwords are searched only when they are all there is ("the who").
  for (const w of content.length || parts.length ? content : words) parts.push(`"${w}"`);
  if (parts.length === 0) return undefined;
  return parts.slice(0, 16).join(mode === "all" ? " " : " OR ");
}

/** Words that frame a question rather than name its subject. */
const QUESTION_WORDS = new Set(["latest", "news", "happening", "tell", "anything", "everything", "going", "anyone", "update", "updates", "recent", "recently", "currently", "current"]);

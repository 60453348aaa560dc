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
  /** BM25 relevance alone (higher is better); 0 when listing without a query */
  relevance: number;
}

export interface PostSearchOptions {
  /** A post this old (stream time) gets half the recency boost of a brand-new one */
  recencyHalfLifeMs: number;
  /** How much a brand-new post's relevance is multiplied by, on top of 1 */
  recencyWeight: number;
  /** Newest matches scored per query; bounds latency on common words over millions of posts */
  candidates: number;
  /** The stream's "now" (newest post time); wall time when absent */
  clock?: () => number | undefined;
}

export const defaultPostSearchOptions: PostSearchOptions = {
  recencyHalfLifeMs: 24 * 3600_000,
  recencyWeight: 1,
  candidates: 200,
};

/** Full-text search over stored posts: FTS5 BM25 × recency, exact copies collapsed, every hit with its url. */
export class PostSearch {
  readonly options: PostSearchOptions;

  constructor(
    private readonly store: PostStore,
    options: Partial<PostSearchOptions> = {},
  ) {
    this.options = { ...defaultPostSearchOptions, ...options };
  }

  search(query: PostSearchQuery): PostHit[] {
    const limit = Math.max(1, Math.min(query.limit ?? 20, 200));
    const filter: PostFilter = {
      sinceMs: query.sinceMs,
      untilMs: query.untilMs,
      sources: query.sources,
      langs: query.langs,
      authors: query.authors,
      excludedAuthors: query.excludedAuthors,
    };
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
    const scored = candidates.map((c) => {
      const relevance = -c.bm25;
      const age = Math.max(0, now - c.createdMs);
      const recency = Math.pow(0.5, age / this.options.recencyHalfLifeMs);
      return { c, relevance, score: relevance * (1 + this.options.recencyWeight * recency) };
    });
    scored.sort((a, b) => b.score - a.score || b.relevance - a.relevance);
    const kept: typeof scored = [];
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
      if (p) out.push(toHit(p, k.score, k.relevance));
    }
    return out;
  }
}

function toHit(p: StoredPost, score: number, relevance: number): PostHit {
  return {
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

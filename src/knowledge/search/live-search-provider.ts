import type { LiveSearchProvider, SearchHit, SearchParameters } from "../../assistant/hooks.js";
import type { SourceKind } from "../post.js";
import type { PostSearch } from "./post-search.js";
import { normaliseHandle } from "../store/sqlite-post-store.js";

/** Which of our sources answer each xAI search source type. "web" has no local equivalent and is ignored. */
const SOURCE_TYPES: Record<string, SourceKind[]> = {
  x: ["bluesky", "mastodon", "x", "replay", "demo"],
  news: ["rss"],
  rss: ["rss"],
};

export interface LiveSearchOptions {
  defaultMaxResults: number;
}

/**
 * The assistant's live search over the knowledge store, honouring xAI's `search_parameters`:
 * from/to dates, max results, source types, and allowed/excluded handles (also accepted inside an
 * `x` source as `included_x_handles` / `excluded_x_handles`, as xAI spells them).
 */
export class KnowledgeLiveSearch implements LiveSearchProvider {
  constructor(
    private readonly search_: PostSearch,
    private readonly options: LiveSearchOptions = { defaultMaxResults: 10 },
  ) {}

  async search(query: string, params: SearchParameters, signal?: AbortSignal): Promise<SearchHit[]> {
    signal?.throwIfAborted();
    const limit = Math.max(1, Math.min(params.maxSearchResults ?? this.options.defaultMaxResults, 50));
    let sources: SourceKind[] | undefined;
    const allowed = new Set((params.allowedHandles ?? []).map(normaliseHandle));
    const excluded = new Set((params.excludedHandles ?? []).map(normaliseHandle));
    if (params.sources && params.sources.length) {
      const kinds = new Set<SourceKind>();
      for (const s of params.sources) {
        for (const k of SOURCE_TYPES[String(s.type).toLowerCase()] ?? []) kinds.add(k);
        for (const h of handleList(s.included_x_handles ?? s.x_handles)) allowed.add(h);
        for (const h of handleList(s.excluded_x_handles)) excluded.add(h);
      }
      // Only sources we cannot serve (e.g. "web"): nothing local matches.
      if (kinds.size === 0) return [];
      sources = [...kinds];
    }
    // Hybrid (BM25 + embeddings) when an embedding model is configured and has vectors; BM25 alone otherwise.
    const { hits } = await this.search_.searchHybrid(
      {
        q: query,
        match: "any",
        sinceMs: parseDate(params.fromDate, false, "from_date"),
        untilMs: parseDate(params.toDate, true, "to_date"),
        sources,
        authors: allowed.size ? [...allowed] : undefined,
        excludedAuthors: excluded.size ? [...excluded] : undefined,
        limit,
      },
      { signal },
    );
    return hits.map((h) => ({
      id: h.id,
      url: h.url,
      title: `${h.author.handle ? "@" + h.author.handle : h.author.id} on ${h.source}, ${h.createdAt}`,
      text: h.text,
      author: h.author.handle ?? h.author.id,
      source: h.source,
      createdAt: h.createdAt,
      score: h.score,
    }));
  }

  wantsSearch(question: string): boolean {
    return looksLikeRecentEventsQuestion(question);
  }
}

const RECENT_PATTERNS: RegExp[] = [
  /\b(latest|newest|breaking|trending|trends?|viral|live|ongoing|unfolding|developing)\b/i,
  /\b(today|tonight|yesterday|this (morning|afternoon|evening|week|weekend|month)|last (night|hour|few (hours|days))|past (hour|day|few (hours|days)))\b/i,
  /\b(right now|just now|currently|at the moment|as of (now|today)|so far|these days|nowadays)\b/i,
  /\bwhat('?s| is| are)? (happening|going on|new|up)\b/i,
  /\b(news|headlines?|updates?|announce(d|ment)|election results?|score|outbreak|earthquake|storm|protests?|strike)\b/i,
  /\bwhat (are|do|did) (people|folks|users|everyone) (saying|think|thinking|posting)\b/i,
  /\b(20[2-9]\d)-(0[1-9]|1[0-2])(-\d\d)?\b/,
  /\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\.? \d{1,2}(st|nd|rd|th)?\b/i,
  /\b(on|in) (x|twitter|bluesky|mastodon)\b/i,
  /#[\p{L}\p{N}_]+/u,
];

/** Does a question sound like it is about recent events? Used by search mode "auto". */
export function looksLikeRecentEventsQuestion(question: string): boolean {
  return RECENT_PATTERNS.some((re) => re.test(question));
}

function handleList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string").map(normaliseHandle) : [];
}

/** xAI dates are YYYY-MM-DD (a whole day, so `to` runs to its end) or full ISO timestamps. */
function parseDate(s: string | undefined, endOfDay: boolean, name: string): number | undefined {
  if (!s) return undefined;
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) throw new Error(`search_parameters.${name} is not a date: '${s}' (use YYYY-MM-DD or ISO 8601)`);
  return endOfDay && /^\d{4}-\d{2}-\d{2}$/.test(s.trim()) ? ms + 86_400_000 - 1 : ms;
}

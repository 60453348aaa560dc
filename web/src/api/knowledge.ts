import { createParser } from "eventsource-parser";
import { api, HttpError, listOf, num, query, request, str, toDate } from "./http.js";
import { toPostView, type PostView } from "./posts.js";

export interface Sentiment {
  /** -1..1 */
  mean: number;
  positive?: number;
  negative?: number;
  neutral?: number;
}

export interface Trend {
  id: string;
  topic: string;
  kind?: string;
  score: number;
  volume: number[];
  total: number;
  sentiment?: Sentiment;
  samplePosts: PostView[];
  storyId?: string;
}

export interface Perspective {
  label: string;
  /** Words this side uses more than the story as a whole */
  terms: string[];
  share?: number;
  sentiment?: Sentiment;
  posts: PostView[];
}

export interface Story {
  id: string;
  title: string;
  firstSeen?: Date;
  lastSeen?: Date;
  size: number;
  volume: number[];
  sentiment?: Sentiment;
  keyPosts: PostView[];
  perspectives: Perspective[];
  topics: string[];
}

export interface SourceStat {
  name: string;
  kind?: string;
  state: string;
  lagSeconds?: number;
  postsPerSecond?: number;
  received?: number;
  cursor?: string;
  lastError?: string;
}

export interface KnowledgeStats {
  posts: number;
  sources: SourceStat[];
}

function sentimentOf(v: unknown): Sentiment | undefined {
  if (typeof v === "number") return { mean: v };
  if (!v || typeof v !== "object") return undefined;
  const o = v as Record<string, unknown>;
  const key = ["mean", "compound", "score", "average", "avg", "averageSentiment"].find((k) => k in o);
  const mean = key ? o[key] : undefined;
  // null is the engine saying "no post in a language it can score": unscored, never neutral.
  if (mean === null || (mean === undefined && o.positive === undefined)) return undefined;
  return {
    mean: num(mean, num(o.positive) - num(o.negative)),
    positive: o.positive !== undefined ? num(o.positive) : undefined,
    negative: o.negative !== undefined ? num(o.negative) : undefined,
    neutral: o.neutral !== undefined ? num(o.neutral) : undefined,
  };
}

/** Volume series arrive as numbers or as `{t, count}` buckets. */
function seriesOf(v: unknown): number[] {
  if (!Array.isArray(v)) return [];
  return v.map((x) =>
    typeof x === "number" ? x : Array.isArray(x) ? num(x[1]) : num((x as Record<string, unknown>)?.count ?? (x as Record<string, unknown>)?.volume ?? (x as Record<string, unknown>)?.posts ?? (x as Record<string, unknown>)?.value),
  );
}

export function toTrend(raw: Record<string, unknown>, i: number): Trend {
  const volume = seriesOf(raw.volume ?? raw.series ?? raw.volume_series ?? raw.volumeSeries ?? raw.timeline);
  const topic = str(raw.topic ?? raw.term ?? raw.name ?? raw.label ?? raw.tag ?? raw.key);
  return {
    id: str(raw.id ?? topic ?? i),
    topic,
    kind: raw.kind ? str(raw.kind) : raw.type ? str(raw.type) : undefined,
    score: num(raw.score),
    volume,
    total: num(raw.count ?? raw.posts ?? raw.total ?? raw.observed ?? raw.uniqueAuthors ?? raw.unique_authors, volume.reduce((a, b) => a + b, 0)),
    sentiment: sentimentOf(raw.sentiment),
    samplePosts: listOf<unknown>(raw.sample_posts ?? raw.samplePosts ?? raw.posts ?? []).map(toPostView),
    storyId: raw.story_id ? str(raw.story_id) : raw.storyId ? str(raw.storyId) : undefined,
  };
}

/** The first value that is an array: fields like `posts` are counts in one shape and lists in another. */
function firstArray(...vs: unknown[]): unknown[] {
  for (const v of vs) if (Array.isArray(v)) return v;
  return [];
}

export function toStory(raw: Record<string, unknown>, i = 0): Story {
  const timeline = (raw.timeline && typeof raw.timeline === "object" && !Array.isArray(raw.timeline) ? raw.timeline : {}) as Record<string, unknown>;
  const volume = seriesOf(raw.volume ?? raw.volume_curve ?? raw.volumeCurve ?? timeline.volume ?? (Array.isArray(raw.timeline) ? raw.timeline : undefined));
  // Key posts come as a list, or as named roles (earliest, most engaged, most representative) that may repeat a post.
  const keyViews = raw.keyPostViews ?? raw.key_post_views;
  const keyRaw =
    keyViews && typeof keyViews === "object" && !Array.isArray(keyViews)
      ? Object.values(keyViews as Record<string, unknown>).filter(Boolean)
      : firstArray(raw.key_posts, raw.keyPosts, timeline.key_posts, timeline.keyPosts, timeline.posts);
  const seen = new Set<string>();
  const keyPosts = keyRaw.map(toPostView).filter((p) => !seen.has(p.id) && seen.add(p.id));
  keyPosts.sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0));
  const perspectives = listOf<Record<string, unknown>>(firstArray(raw.perspectivesWithPosts, raw.perspectives_with_posts, raw.perspectives)).map((p) => ({
    label: str(p.label ?? p.stance ?? p.name ?? "perspective"),
    share: p.share !== undefined ? num(p.share) : p.fraction !== undefined ? num(p.fraction) : undefined,
    sentiment: sentimentOf(p.sentiment !== undefined ? p.sentiment : { average: p.averageSentiment ?? p.average_sentiment }),
    terms: firstArray(p.distinctiveTerms, p.distinctive_terms, p.terms).map((t) => str(t)),
    posts: firstArray(p.representativePosts, p.representative_posts, p.posts, p.examples).map(toPostView),
  }));
  const topicList = [...new Set(
    [...firstArray(raw.topics), ...firstArray(raw.hashtags).map((h) => `#${str(h).replace(/^#/, "")}`), ...firstArray(raw.terms, raw.top_terms, raw.topTerms)].map((t) =>
      typeof t === "string" ? t : str((t as Record<string, unknown>).term ?? (t as Record<string, unknown>).topic),
    ),
  )];
  // "launch" adds nothing beside "#launch".
  const topics = topicList.filter((t) => t.startsWith("#") || !topicList.includes(`#${t}`));
  return {
    id: str(raw.id ?? i),
    title: str(raw.title ?? raw.name ?? (topics.slice(0, 3).join(" · ") || "Untitled story")),
    firstSeen: toDate(raw.first_seen ?? raw.firstSeen ?? timeline.first_seen ?? timeline.firstSeen),
    lastSeen: toDate(raw.last_seen ?? raw.lastSeen ?? raw.updated_at),
    size: num(raw.size ?? raw.posts_count ?? raw.postCount ?? raw.post_count ?? raw.count ?? (typeof raw.posts === "number" ? raw.posts : undefined), volume.reduce((a, b) => a + b, 0)),
    volume,
    sentiment: sentimentOf(raw.sentiment),
    keyPosts,
    perspectives,
    topics,
  };
}

export async function getTrends(opts: { window?: string; lang?: string } = {}): Promise<Trend[]> {
  const body = await api<unknown>(`/v1/knowledge/trends${query(opts)}`);
  return listOf<Record<string, unknown>>(body, "trends").map(toTrend);
}

export async function getStories(): Promise<Story[]> {
  const body = await api<unknown>("/v1/knowledge/stories");
  return listOf<Record<string, unknown>>(body, "stories").map(toStory);
}

export async function getStory(id: string): Promise<Story> {
  const body = await api<Record<string, unknown>>(`/v1/knowledge/stories/${encodeURIComponent(id)}`);
  return toStory((body.story as Record<string, unknown>) ?? body);
}

export interface SearchFilters {
  q: string;
  since?: string;
  until?: string;
  source?: string;
  lang?: string;
  author?: string;
  limit?: number;
}

export async function searchPosts(f: SearchFilters): Promise<PostView[]> {
  const body = await api<unknown>(`/v1/knowledge/search${query({ ...f })}`);
  return listOf<unknown>(body, "results", "hits").map(toPostView);
}

export async function getStats(): Promise<KnowledgeStats> {
  const body = await api<Record<string, unknown>>("/v1/knowledge/stats");
  const sources = listOf<Record<string, unknown>>(body.sources ?? []).map((s) => ({
    name: str(s.name),
    kind: s.kind ? str(s.kind) : undefined,
    state: str(s.state ?? s.status, "unknown"),
    lagSeconds: s.lagSeconds !== undefined ? num(s.lagSeconds) : s.lag_seconds !== undefined ? num(s.lag_seconds) : s.lag_ms !== undefined ? num(s.lag_ms) / 1000 : undefined,
    postsPerSecond: num(s.postsPerSecondIngested ?? s.postsPerSecond ?? s.posts_per_second, NaN),
    received: s.received !== undefined ? num(s.received) : undefined,
    cursor: s.cursor !== undefined ? str(s.cursor) : undefined,
    lastError: s.lastError ? str(s.lastError) : s.last_error ? str(s.last_error) : undefined,
  }));
  // Sources may also come as an object keyed by name.
  if (sources.length === 0 && body.sources && typeof body.sources === "object" && !Array.isArray(body.sources)) {
    for (const [name, v] of Object.entries(body.sources as Record<string, Record<string, unknown>>)) {
      sources.push({
        name,
        kind: v.kind ? str(v.kind) : undefined,
        state: str(v.state, "unknown"),
        lagSeconds: v.lagSeconds !== undefined ? num(v.lagSeconds) : undefined,
        postsPerSecond: num(v.postsPerSecond ?? v.posts_per_second, NaN),
        received: v.received !== undefined ? num(v.received) : undefined,
        cursor: v.cursor !== undefined ? str(v.cursor) : undefined,
        lastError: v.lastError ? str(v.lastError) : undefined,
      });
    }
  }
  return { posts: num(body.postsStored ?? body.posts_stored ?? body.posts ?? body.total_posts ?? body.totalPosts), sources };
}

/**
 * Live updates: the server pushes events as the stream flows; the pages refetch what changed. Read with fetch
 * rather than EventSource so the API key goes in a header; reconnects with capped back-off, and gives up on a
 * server that has no such route (404/501).
 */
export function subscribeKnowledgeEvents(onEvent: (type: string, data: unknown) => void, onState: (live: boolean) => void): () => void {
  const ctrl = new AbortController();
  let delay = 1000;
  const run = async () => {
    while (!ctrl.signal.aborted) {
      try {
        const res = await request("/v1/knowledge/events", { signal: ctrl.signal, headers: { accept: "text/event-stream" } });
        onState(true);
        delay = 1000;
        const parser = createParser({
          onEvent(ev) {
            let data: unknown = ev.data;
            try {
              data = JSON.parse(ev.data);
            } catch {
              // plain text event
            }
            onEvent(ev.event ?? "message", data);
          },
        });
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.feed(value);
        }
      } catch (err) {
        if (ctrl.signal.aborted) return;
        if (err instanceof HttpError && (err.notAvailable || err.needsKey)) {
          onState(false);
          return;
        }
      }
      onState(false);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 30_000);
    }
  };
  void run();
  return () => ctrl.abort();
}

export function storyDate(d?: Date): string {
  return d ? d.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }) : "";
}

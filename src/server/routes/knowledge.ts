import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { CandorServices } from "../../runtime/services.js";
import type { KnowledgeServices, KnowledgeUpdate } from "../../knowledge/index.js";
import type { SourceKind } from "../../knowledge/post.js";
import type { TopicKind } from "../../knowledge/analysis/trends.js";
import { formatDuration, parseDuration } from "../../knowledge/config.js";
import { AlertValidationError } from "../../knowledge/alerts/alert-manager.js";
import { ApiError, badRequest, notFound } from "../errors.js";
import { SseStream } from "../sse.js";

const SOURCE_KINDS: SourceKind[] = ["bluesky", "mastodon", "x", "rss", "replay", "demo"];
const TOPIC_KINDS: TopicKind[] = ["hashtag", "term", "phrase", "link"];
const KNOWN_PARAMS = {
  trends: ["window", "lang", "limit", "kind"],
  stories: ["limit", "since"],
  search: ["q", "since", "until", "source", "lang", "author", "limit"],
};

type Query = Record<string, unknown>;

/** /v1/knowledge/*: trends, stories, stats, search, live events and webhook alerts. HTTP only; the logic is in src/knowledge. */
export async function registerKnowledgeRoutes(app: FastifyInstance, services: CandorServices): Promise<void> {
  const engine = (): KnowledgeServices => {
    if (!services.knowledge) throw new ApiError(503, "the knowledge engine is not running (knowledge.enabled is false)", null, "knowledge_disabled");
    return services.knowledge;
  };

  app.get("/v1/knowledge/trends", async (req) => {
    const k = engine();
    const q = query(req, KNOWN_PARAMS.trends);
    const windowMs = windowParam(q.window, k);
    const lang = langParam(q.lang);
    const limit = intParam(q.limit, "limit", 1, 100) ?? 20;
    const kinds = listParam(q.kind, "kind", TOPIC_KINDS);
    return {
      object: "list",
      window: formatDuration(windowMs),
      lang: lang ?? null,
      stream_time: k.pipeline.stats().streamTime,
      data: k.trendsView({ windowMs, lang, limit, kinds }),
    };
  });

  app.get("/v1/knowledge/stories", async (req) => {
    const k = engine();
    const q = query(req, KNOWN_PARAMS.stories);
    const limit = intParam(q.limit, "limit", 1, 100) ?? 20;
    const sinceMs = timeParam(q.since, "since", k);
    return { object: "list", data: k.storiesView({ limit, sinceMs }) };
  });

  app.get<{ Params: { id: string } }>("/v1/knowledge/stories/:id", async (req) => {
    const k = engine();
    const story = k.storyView(req.params.id);
    if (!story) throw notFound(`no story with id '${req.params.id}' (stories expire after ${k.config.stories.ttl} without new posts)`, "id", "story_not_found");
    return { object: "story", ...story };
  });

  app.get("/v1/knowledge/stats", async () => ({ object: "knowledge.stats", ...engine().stats() }));

  app.get("/v1/knowledge/search", async (req) => {
    const k = engine();
    const q = query(req, KNOWN_PARAMS.search);
    const text = stringParam(q.q, "q");
    if (text !== undefined && text.length > 500) throw badRequest("q is longer than 500 characters", "q");
    const sinceMs = timeParam(q.since, "since", k);
    const untilMs = timeParam(q.until, "until", k);
    if (sinceMs !== undefined && untilMs !== undefined && sinceMs > untilMs) throw badRequest("since is after until", "since");
    const sources = listParam(q.source, "source", SOURCE_KINDS);
    const lang = langParam(q.lang);
    const author = stringParam(q.author, "author");
    const limit = intParam(q.limit, "limit", 1, 200) ?? 20;
    const r = await k.searchPostsRanked({ q: text, sinceMs, untilMs, sources, langs: lang ? [lang] : undefined, authors: author ? [author] : undefined, limit });
    // ranking: "hybrid" (BM25 + embeddings) or "bm25"; note: why a hybrid search fell back to BM25.
    return { object: "list", ranking: r.ranking, ...(r.note ? { note: r.note } : {}), data: r.hits };
  });

  app.get("/v1/knowledge/events", async (req, reply) => {
    const k = engine();
    streamEvents(req, reply, k);
  });

  app.post("/v1/knowledge/alerts", async (req, reply) => {
    const k = engine();
    try {
      const alert = k.alerts.create(req.body);
      return reply.status(201).send({ object: "alert", ...alert });
    } catch (err) {
      if (err instanceof AlertValidationError) throw badRequest(err.message, err.param);
      throw err;
    }
  });

  app.get("/v1/knowledge/alerts", async () => ({ object: "list", data: engine().alerts.list().map((a) => ({ object: "alert", ...a })) }));

  app.get<{ Params: { id: string } }>("/v1/knowledge/alerts/:id", async (req) => {
    const a = engine().alerts.get(req.params.id);
    if (!a) throw notFound(`no alert with id '${req.params.id}'`, "id", "alert_not_found");
    return { object: "alert", ...a };
  });

  app.delete<{ Params: { id: string } }>("/v1/knowledge/alerts/:id", async (req) => {
    if (!engine().alerts.delete(req.params.id)) throw notFound(`no alert with id '${req.params.id}'`, "id", "alert_not_found");
    return { object: "alert.deleted", id: req.params.id, deleted: true };
  });
}

/** Server-sent events: a snapshot first, then every live update, with a heartbeat so proxies keep the stream open. */
function streamEvents(req: FastifyRequest, reply: FastifyReply, k: KnowledgeServices): void {
  const sse = new SseStream(req, reply);
  const send = (u: KnowledgeUpdate) => void sse.send(u.data, u.type);
  send({ type: "stats", data: k.stats() });
  send({ type: "trends", data: k.trendsView({ limit: 10 }) });
  send({ type: "stories", data: k.stories.list({ limit: 10 }) });
  k.updates.on("update", send);
  const heartbeat = setInterval(() => sse.ping(), 15_000);
  heartbeat.unref();
  sse.signal.addEventListener("abort", () => {
    clearInterval(heartbeat);
    k.updates.off("update", send);
    sse.end();
  });
}

function query(req: FastifyRequest, known: string[]): Query {
  const q = (req.query ?? {}) as Query;
  for (const key of Object.keys(q)) {
    if (!known.includes(key)) throw badRequest(`unknown query parameter '${key}'; this endpoint takes ${known.join(", ")}`, key, "unknown_parameter");
  }
  return q;
}

function stringParam(v: unknown, name: string): string | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) throw badRequest(`${name} was given more than once`, name);
  const s = String(v).trim();
  return s === "" ? undefined : s;
}

function intParam(v: unknown, name: string, min: number, max: number): number | undefined {
  const s = stringParam(v, name);
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s)) throw badRequest(`${name} must be an integer between ${min} and ${max}, got '${s}'`, name);
  const n = Number(s);
  if (n < min || n > max) throw badRequest(`${name} must be between ${min} and ${max}, got ${n}`, name);
  return n;
}

function langParam(v: unknown): string | undefined {
  const s = stringParam(v, "lang");
  if (s === undefined) return undefined;
  if (!/^[a-z]{2,3}([-_][a-z0-9]{2,8})?$/i.test(s) && s !== "und") throw badRequest(`lang must be a language code like 'en' or 'pt-BR', got '${s}'`, "lang");
  return s.toLowerCase().split(/[-_]/)[0];
}

function listParam<T extends string>(v: unknown, name: string, allowed: readonly T[]): T[] | undefined {
  if (v === undefined) return undefined;
  const parts = (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(",")).map((x) => x.trim().toLowerCase()).filter(Boolean);
  if (parts.length === 0) return undefined;
  for (const p of parts) if (!allowed.includes(p as T)) throw badRequest(`${name} must be one of ${allowed.join(", ")}; got '${p}'`, name);
  return parts as T[];
}

function windowParam(v: unknown, k: KnowledgeServices): number {
  const s = stringParam(v, "window");
  if (s === undefined) return k.defaultWindowMs;
  const ms = parseDuration(s);
  const max = Math.max(...k.windowsMs);
  if (ms === undefined) throw badRequest(`window must be a duration like '15m' or '1h', got '${s}'`, "window");
  if (ms > max) throw badRequest(`window can be at most ${formatDuration(max)} (knowledge.trends.windows), got '${s}'`, "window");
  if (ms < k.trends.options.bucketMs) throw badRequest(`window must be at least one bucket (${formatDuration(k.trends.options.bucketMs)}), got '${s}'`, "window");
  return ms;
}

/** ISO 8601, epoch seconds or milliseconds, or a duration meaning "that long before the stream's now" (e.g. since=1h). */
function timeParam(v: unknown, name: string, k: KnowledgeServices): number | undefined {
  const s = stringParam(v, name);
  if (s === undefined) return undefined;
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return n < 1e11 ? n * 1000 : n;
  }
  const rel = parseDuration(s);
  if (rel !== undefined) return (k.pipeline.streamClockMs ?? Date.now()) - rel;
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) throw badRequest(`${name} must be an ISO 8601 date, epoch seconds, or a duration like '1h'; got '${s}'`, name);
  return ms;
}


import { EventEmitter } from "node:events";
import type { AreaContext } from "../runtime/area-context.js";
import type { ChatModel } from "../models/chat-model.js";
import type { SqliteDatabase } from "../storage/database.js";
import type { PostSource, SourceStatus } from "./post.js";
import { formatDuration, knowledgeConfigSchema, parseDuration, type KnowledgeConfig } from "./config.js";
import { SqlitePostStore } from "./store/sqlite-post-store.js";
import { SqliteCursorStore } from "./store/sqlite-cursor-store.js";
import { PostWriterThread } from "./store/post-writer-thread.js";
import type { StoredPost } from "./store/post-store.js";
import { Deduplicator } from "./store/dedupe.js";
import { TrendTracker, type TopicKind, type TrendTopic } from "./analysis/trends.js";
import { StoryTracker, type StoryDetail, type StorySummary } from "./analysis/stories.js";
import { PostSearch, type PostHit, type PostSearchQuery, type PostSearchResult } from "./search/post-search.js";
import { SqliteVectorIndex } from "./store/vector-index.js";
import { PostEmbedder, type EmbeddingStats } from "./embeddings/post-embedder.js";
import { KnowledgeLiveSearch } from "./search/live-search-provider.js";
import { AlertManager, type AlertFiring } from "./alerts/alert-manager.js";
import { IngestPipeline, type BatchReport, type PipelineStats } from "./ingest-pipeline.js";
import { createSource, probeJetstream, type SourceSpec, type SourceSpecInput } from "./sources/index.js";

export { IngestPipeline } from "./ingest-pipeline.js";
export { SqlitePostStore } from "./store/sqlite-post-store.js";
export { SqliteCursorStore } from "./store/sqlite-cursor-store.js";
export type { PostStore, StoredPost } from "./store/post-store.js";

/** A post as the API and the web app show it. */
export interface PostView {
  id: string;
  url: string;
  text: string;
  author: { id: string; handle?: string; displayName?: string };
  source: string;
  lang: string;
  createdAt: string;
  sentiment: number | null;
  engagement?: StoredPost["engagement"];
}

export interface TrendView extends Omit<TrendTopic, "samplePostIds"> {
  samplePosts: PostView[];
}

export interface StoryListItem extends StorySummary {
  keyPostViews: { earliest?: PostView; mostEngaged?: PostView; mostRepresentative?: PostView };
}

export interface StoryView extends StoryDetail {
  keyPostViews: { earliest?: PostView; mostEngaged?: PostView; mostRepresentative?: PostView };
  perspectivesWithPosts: (StoryDetail["perspectives"][number] & { representativePosts: PostView[] })[];
}

export interface KnowledgeStats {
  postsStored: number;
  postsBySource: Record<string, number>;
  streamTime: string | null;
  pipeline: PipelineStats;
  sources: (SourceStatus & { postsPerSecondIngested?: number })[];
  analysis: { topics: number; clusters: number; windows: string[] };
  embeddings: KnowledgeEmbeddingStats;
}

/**
 * The `embeddings` block of stats. state "off": no embedding model configured (BM25 only); "unavailable": sqlite-vec
 * could not load (`lastError` says why); otherwise the embedder's state.
 */
export type KnowledgeEmbeddingStats =
  | EmbeddingStats
  | (Omit<EmbeddingStats, "model" | "state"> & { model: string | null; state: "off" | "unavailable" });

/** One live update for /v1/knowledge/events. */
export type KnowledgeUpdate =
  | { type: "trends"; data: TrendView[] }
  | { type: "stories"; data: StorySummary[] }
  | { type: "stats"; data: KnowledgeStats }
  | { type: "alert"; data: AlertFiring };

/** The real-time knowledge engine (issue 3): sources → store → analysis → search. */
export interface KnowledgeServices {
  readonly config: KnowledgeConfig;
  readonly store: SqlitePostStore;
  readonly cursors: SqliteCursorStore;
  readonly pipeline: IngestPipeline;
  readonly trends: TrendTracker;
  readonly stories: StoryTracker;
  readonly search: PostSearch;
  readonly liveSearch: KnowledgeLiveSearch;
  /** Background post embedder and its vector index, when `embeddings.model` is set and sqlite-vec loads */
  readonly embedder?: PostEmbedder;
  readonly vectors?: SqliteVectorIndex;
  readonly alerts: AlertManager;
  /** Emits "update" with a KnowledgeUpdate */
  readonly updates: EventEmitter;
  /** Windows trends can be asked for (ms), and the default one */
  readonly windowsMs: number[];
  readonly defaultWindowMs: number;
  sources(): PostSource[];
  /** Starts a source feeding the pipeline; resolves once it is running. */
  addSource(source: PostSource): Promise<void>;
  trendsView(opts?: { windowMs?: number; lang?: string; limit?: number; kinds?: TopicKind[] }): TrendView[];
  storiesView(opts?: { limit?: number; sinceMs?: number }): StoryListItem[];
  storyView(id: string): StoryView | undefined;
  /** BM25 ranking, synchronous */
  searchPosts(query: PostSearchQuery): PostHit[];
  /** Hybrid (BM25 + vectors) when an embedding model has vectors, else the same as searchPosts; says which it used */
  searchPostsRanked(query: PostSearchQuery, signal?: AbortSignal): Promise<PostSearchResult>;
  stats(): KnowledgeStats;
  /** Retention and compaction now (also runs on a timer). */
  maintain(): number;
  close(): Promise<void>;
}

export interface KnowledgeEngineOptions {
  db: SqliteDatabase;
  config?: Partial<KnowledgeConfig>;
  log?: (line: string) => void;
  /** Rebuild trends and stories from stored posts on start (default true) */
  rebuild?: boolean;
  /** Run the retention and live-update timers (default true) */
  timers?: boolean;
  /** Commit ingest batches on a writer thread (default: yes for a database file; `:memory:` cannot be shared) */
  writerThread?: boolean;
  /**
   * The embedding model behind `config.embeddings.model` (a model, or a lookup asked again until it finds one). A model
   * given without `config.embeddings.model` is recorded under its own id.
   */
  embeddingModel?: ChatModel | (() => ChatModel | undefined);
}

/** Builds the engine on a database without starting any source (tests, benchmarks, `candor ingest --store`). */
export function createKnowledgeEngine(opts: KnowledgeEngineOptions): KnowledgeServices {
  const config = knowledgeConfigSchema.parse(opts.config ?? {});
  const log = opts.log ?? (() => {});
  const ms = (d: string) => parseDuration(d)!;
  const windowsMs = [...new Set([...config.trends.windows.map(ms), ms(config.trends.defaultWindow)])].sort((a, b) => a - b);
  const store = new SqlitePostStore(opts.db);
  const cursors = new SqliteCursorStore(opts.db);
  const trends = new TrendTracker({
    bucketMs: ms(config.trends.bucket),
    windowsMs,
    baselineWindows: config.trends.baselineWindows,
    minAuthors: config.trends.minAuthors,
    maxHashtagsPerPost: config.trends.maxHashtagsPerPost,
    maxPostsPerAuthorPerBucket: config.trends.maxPostsPerAuthorPerBucket,
    maxTopics: config.trends.maxTopics,
  });
  const stories = new StoryTracker({
    similarity: config.stories.similarity,
    minPosts: config.stories.minPosts,
    minAuthors: config.stories.minAuthors,
    storyTtlMs: ms(config.stories.ttl),
  });
  const alerts = new AlertManager(opts.db, { log });
  const file = opts.db.name;
  const writer = opts.writerThread !== false && file && file !== ":memory:" && !opts.db.readonly ? new PostWriterThread(file, log) : undefined;
  const pipeline = new IngestPipeline({
    store,
    writer,
    cursors,
    trends,
    stories,
    dedupe: new Deduplicator(),
    observers: [alerts],
    batchSize: config.ingest.batchSize,
    flushMs: config.ingest.flushMs,
    log,
  });
  const { embedder, vectors, embeddingsOff } = createEmbedder(opts, config, log);
  if (embedder) pipeline.onBatch(() => embedder.notify());
  const e = config.embeddings;
  const search = new PostSearch(store, {
    clock: () => pipeline.streamClockMs,
    semantic:
      embedder && vectors
        ? {
            available: () => embedder.available(),
            embedQuery: (text, signal) => embedder.embedQuery(text, signal),
            nearest: (vector, filter, k) => vectors.nearest(vector, filter, k),
          }
        : undefined,
    hybrid: {
      bm25Weight: e.weights.bm25,
      vectorWeight: e.weights.vector,
      rrfK: e.rrfK,
      vectorCandidates: e.candidates,
      minSimilarity: e.minSimilarity,
      queryTimeoutMs: e.queryTimeoutMs,
    },
  });
  const liveSearch = new KnowledgeLiveSearch(search);
  const updates = new EventEmitter();
  updates.setMaxListeners(0);
  const sources: PostSource[] = [];
  let postsStored = store.count();
  let bySource: { at: number; counts: Record<string, number> } | undefined;
  let dirty = true;
  pipeline.onBatch((r: BatchReport) => {
    postsStored += r.inserted - r.deleted;
    dirty = true;
  });
  alerts.onFire((f) => updates.emit("update", { type: "alert", data: f } satisfies KnowledgeUpdate));

  if (opts.rebuild !== false) {
    const rebuilt = rebuildAnalysis(store, pipeline, ms(config.ingest.rebuild));
    if (rebuilt) log(`knowledge: rebuilt trends and stories from ${rebuilt} stored posts`);
  }

  const view = (p: StoredPost): PostView => ({
    id: p.id,
    url: p.url,
    text: p.text,
    author: p.author,
    source: p.source,
    lang: p.lang,
    createdAt: p.createdAt,
    sentiment: p.sentiment,
    ...(p.engagement ? { engagement: p.engagement } : {}),
  });
  const views = (ids: string[]) => store.getMany(ids).map(view);
  const keyPosts = (s: StorySummary) => {
    const byId = new Map(views([s.keyPosts.earliest, s.keyPosts.mostEngaged, s.keyPosts.mostRepresentative]).map((v) => [v.id, v]));
    return {
      earliest: byId.get(s.keyPosts.earliest),
      mostEngaged: byId.get(s.keyPosts.mostEngaged),
      mostRepresentative: byId.get(s.keyPosts.mostRepresentative),
    };
  };

  const engine: KnowledgeServices = {
    config,
    store,
    cursors,
    pipeline,
    trends,
    stories,
    search,
    liveSearch,
    embedder,
    vectors,
    alerts,
    updates,
    windowsMs,
    defaultWindowMs: ms(config.trends.defaultWindow),
    sources: () => [...sources],
    async addSource(source) {
      sources.push(source);
      await source.start(pipeline.handlerFor(source.name));
    },
    trendsView(o = {}) {
      return trends.top(o.windowMs ?? engine.defaultWindowMs, { lang: o.lang, limit: o.limit, kinds: o.kinds }).map(({ samplePostIds, ...t }) => ({
        ...t,
        samplePosts: views(samplePostIds),
      }));
    },
    storiesView(o = {}) {
      return stories.list(o).map((s) => ({ ...s, keyPostViews: keyPosts(s) }));
    },
    storyView(id) {
      const d = stories.get(id);
      if (!d) return undefined;
      return {
        ...d,
        keyPostViews: keyPosts(d),
        perspectivesWithPosts: d.perspectives.map((p) => ({ ...p, representativePosts: views(p.representativePostIds) })),
      };
    },
    searchPosts: (q) => search.search(q),
    searchPostsRanked: (q, signal) => search.searchHybrid(q, { signal }),
    stats() {
      const p = pipeline.stats();
      // A GROUP BY over millions of posts takes a while; the live-updates stream asks every few seconds.
      if (!bySource || Date.now() - bySource.at > 30_000) bySource = { at: Date.now(), counts: store.countBySource() };
      return {
        postsStored,
        postsBySource: bySource.counts,
        streamTime: p.streamTime,
        pipeline: p,
        sources: sources.map((s) => ({ ...s.status(), postsPerSecondIngested: p.perSource[s.name]?.postsPerSecond })),
        analysis: { topics: trends.size, clusters: stories.clusterCount, windows: windowsMs.map(formatDuration) },
        embeddings: embedder ? embedder.stats() : embeddingsOff,
      };
    },
    maintain() {
      const deleted = store.applyRetention({ maxAgeMs: ms(config.retention.maxAge), maxPosts: config.retention.maxPosts, nowMs: pipeline.streamClockMs });
      if (deleted > 0) {
        postsStored = store.count();
        // The triggers queued the deleted posts' index rows; the embedder removes them on its next step.
        embedder?.notify();
        store.compact();
        log(`knowledge: retention removed ${deleted} posts`);
      }
      return deleted;
    },
    async close() {
      for (const t of timers) clearInterval(t);
      await Promise.allSettled(sources.map((s) => s.stop()));
      pipeline.close();
      await embedder?.close();
      await alerts.drain();
      updates.removeAllListeners();
    },
  };

  const timers: NodeJS.Timeout[] = [];
  if (opts.timers !== false) {
    const every = (msEvery: number, fn: () => void) => {
      const t = setInterval(() => {
        try {
          fn();
        } catch (err) {
          log(`knowledge: ${(err as Error).message}`);
        }
      }, msEvery);
      t.unref();
      timers.push(t);
    };
    every(ms(config.retention.every), () => engine.maintain());
    every(ms(config.eventsEvery), () => {
      if (!dirty || updates.listenerCount("update") === 0) return;
      dirty = false;
      updates.emit("update", { type: "trends", data: engine.trendsView({ limit: 10 }) } satisfies KnowledgeUpdate);
      updates.emit("update", { type: "stories", data: stories.list({ limit: 10 }) } satisfies KnowledgeUpdate);
      updates.emit("update", { type: "stats", data: engine.stats() } satisfies KnowledgeUpdate);
    });
  }
  return engine;
}

/**
 * The post embedder when an embedding model is configured (or given) and sqlite-vec loads; otherwise the stats block
 * that says why search is BM25-only.
 */
function createEmbedder(
  opts: KnowledgeEngineOptions,
  config: KnowledgeConfig,
  log: (line: string) => void,
): { embedder?: PostEmbedder; vectors?: SqliteVectorIndex; embeddingsOff: KnowledgeEmbeddingStats } {
  const given = opts.embeddingModel;
  const modelId = config.embeddings.model ?? (typeof given === "object" ? given.id : undefined);
  const off: KnowledgeEmbeddingStats = {
    model: modelId ?? null,
    state: "off",
    dimension: null,
    postsEmbedded: 0,
    queued: 0,
    skipped: 0,
    failed: 0,
    postsPerSecond: 0,
    coverage: 0,
    coverageWindow: 0,
    backfillDone: false,
    lastError: null,
  };
  if (!modelId) return { embeddingsOff: off };
  if (!given) {
    // `candor ingest --store`: no models here; a running (or the next) `candor serve` embeds what this stores.
    log(`knowledge: embeddings.model is '${modelId}' but this process has no model registry; candor serve embeds the stored posts`);
    return { embeddingsOff: { ...off, state: "off" } };
  }
  let failure: string | undefined;
  const vectors = SqliteVectorIndex.open(opts.db, (line) => {
    failure = line;
    log(line);
  });
  if (!vectors) return { embeddingsOff: { ...off, state: "unavailable", lastError: failure ?? "sqlite-vec could not be loaded" } };
  const e = config.embeddings;
  const embedder = new PostEmbedder({
    db: opts.db,
    index: vectors,
    modelId,
    resolveModel: typeof given === "function" ? given : () => given,
    batchSize: e.batchSize,
    queue: e.queue,
    backfill: e.backfill,
    maxVectors: e.maxVectors,
    documentPrefix: e.documentPrefix,
    queryPrefix: e.queryPrefix,
    log,
  }).start();
  log(`knowledge: hybrid search (BM25 + embeddings from '${modelId}', sqlite-vec); posts are embedded in the background`);
  return { embedder, vectors, embeddingsOff: off };
}

/** Most posts replayed into analysis after a restart, newest kept: bounds start-up time on a large store. */
const MAX_REBUILD_POSTS = 300_000;

function rebuildAnalysis(store: SqlitePostStore, pipeline: IngestPipeline, spanMs: number): number {
  const newest = store.newestCreatedMs();
  if (newest === undefined) return 0;
  let since = newest - spanMs;
  const cutoff = store.createdMsAtRank(MAX_REBUILD_POSTS);
  if (cutoff !== undefined && cutoff > since) since = cutoff;
  return pipeline.rebuild(store.iterateSince(since));
}

/**
 * Feeds one source into the engine until the source ends (a finite replay) or is stopped; used by
 * `candor ingest --store`. Resolves after the last batch is written.
 */
export async function ingestInto(services: KnowledgeServices, source: PostSource): Promise<void> {
  await services.addSource(source);
  const done = (source as PostSource & { whenDone?: () => Promise<void> }).whenDone;
  if (done) await done.call(source);
  else
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        const s = source.status().state;
        if (s === "stopped" || s === "failed") {
          clearInterval(t);
          resolve();
        }
      }, 200);
    });
  services.pipeline.flush();
}

/**
 * The composition root's factory: the engine on the shared database, the assistant's live search, and the
 * sources from config — "demo: auto" means Bluesky when Jetstream answers, else the bundled demo stream.
 */
export async function createKnowledgeServices(ctx: AreaContext): Promise<KnowledgeServices | undefined> {
  const config = ctx.config.knowledge;
  if (!config.enabled) {
    ctx.log("knowledge: disabled in config");
    return undefined;
  }
  const embeddingModel = config.embeddings.model;
  const engine = createKnowledgeEngine({
    db: ctx.db,
    config,
    log: ctx.log,
    // Looked up again until found, so a model pulled while serving is picked up; the first candidate that can embed.
    embeddingModel: embeddingModel
      ? () => {
          const candidates = ctx.models.resolve(embeddingModel);
          return candidates.find((m) => m.embed) ?? candidates[0];
        }
      : undefined,
  });
  ctx.assistant.setSearchProvider(engine.liveSearch);
  const startSource = (spec: SourceSpecInput | SourceSpec) => {
    const source = createSource(spec, { cursorStore: engine.cursors, log: ctx.log });
    // Not awaited: a slow first connection must not hold up the server's start.
    engine.addSource(source).then(
      () => ctx.log(`knowledge: source ${source.name} (${source.kind}) started`),
      (err: Error) => ctx.log(`knowledge: source ${source.name} could not start: ${err.message}`),
    );
  };
  for (const spec of config.sources) startSource(spec);
  if (config.demo === "on") startSource({ kind: "demo" });
  else if (config.demo === "auto" && config.sources.length === 0) {
    if (process.env.NODE_TEST_CONTEXT) {
      // Under the test runner "auto" must never reach the internet nor flood a shared test database.
      ctx.log("knowledge: no sources (demo 'auto' is off under the test runner)");
    } else {
      // The probe can take its whole timeout on a closed network; the server starts meanwhile.
      let closed = false;
      const close = engine.close.bind(engine);
      engine.close = async () => {
        closed = true;
        await close();
      };
      void probeJetstream(config.jetstreamUrl, config.probeTimeoutMs).then((live) => {
        if (closed) return; // shut down before the probe answered
        if (live) {
          ctx.log(`knowledge: streaming live posts from Bluesky Jetstream (${config.jetstreamUrl})`);
          startSource({ kind: "bluesky", jetstreamUrl: config.jetstreamUrl });
        } else {
          ctx.log(`knowledge: Bluesky Jetstream (${config.jetstreamUrl}) is not reachable; playing the bundled demo stream instead`);
          startSource({ kind: "demo" });
        }
      });
    }
  }
  return engine;
}

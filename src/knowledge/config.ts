import { z } from "zod";
import { sourceSpecSchema } from "./sources/index.js";

/** "90s", "15m", "1h", "2d" → milliseconds; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]!.toLowerCase() as "ms" | "s" | "m" | "h" | "d"];
  const ms = Number(m[1]) * unit;
  return ms > 0 ? ms : undefined;
}

/** The inverse of parseDuration, in the largest unit that is exact: 3600000 → "1h", 90000 → "90s", 500 → "500ms". */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${Math.round(ms)}ms`;
}

const duration = z.string().refine((s) => parseDuration(s) !== undefined, { message: 'expected a duration like "90s", "15m", "1h" or "2d"' });

/**
 * `knowledge.embeddings`: hybrid (BM25 + vector) search once an embedding model is named. Without `model` search is
 * BM25 alone and nothing here costs anything.
 */
export const embeddingsConfigSchema = z
  .object({
    /** A model id as `candor models list` shows it (an embedded GGUF or `provider/model` upstream); absent = BM25 only */
    model: z.string().min(1).optional(),
    /** Posts per embed call */
    batchSize: z.number().int().min(1).max(512).default(32),
    /** Newest posts waiting for a vector; when the model is slower than the stream older ones are skipped (and filled in when it catches up) */
    queue: z.number().int().min(1).max(1_000_000).default(5_000),
    /** On start (and after a model switch) embed at most this many of the newest stored posts */
    backfill: z.number().int().min(0).default(20_000),
    /** Vectors kept (newest posts); vector search cost grows linearly with this */
    maxVectors: z.number().int().min(100).default(200_000),
    /** Nearest neighbours (by exact cosine) fused with BM25's candidates; the index scan fetches 2× as many by sign bits */
    candidates: z.number().int().min(1).max(1000).default(50),
    /** Vector hits below this cosine similarity are ignored (model-dependent: real models rarely go below ~0.2 even for unrelated text) */
    minSimilarity: z.number().min(-1).max(1).default(0),
    /** Reciprocal Rank Fusion: each list contributes weight / (rrfK + rank) */
    weights: z
      .object({ bm25: z.number().min(0).default(1), vector: z.number().min(0).default(1) })
      .strict()
      .default({ bm25: 1, vector: 1 }),
    rrfK: z.number().min(1).default(60),
    /** A query whose embedding takes longer is answered by BM25 alone */
    queryTimeoutMs: z.number().int().min(1).default(2000),
    /** Text put before queries / posts (models such as E5 or nomic-embed expect "query: " / "passage: ") */
    queryPrefix: z.string().default(""),
    documentPrefix: z.string().default(""),
  })
  .strict();
export type EmbeddingsConfig = z.infer<typeof embeddingsConfigSchema>;

/** Knowledge engine section of candor.config.json (`knowledge`). Owned by src/knowledge. */
export const knowledgeConfigSchema = z
  .object({
    /** Turn the whole engine off (no sources, no analysis, the /v1/knowledge routes answer 503). */
    enabled: z.boolean().default(true),
    /** Source specs, as understood by src/knowledge/sources (`{ "kind": "bluesky", ... }`). */
    sources: z.array(sourceSpecSchema).default([]),
    /**
     * "auto": when no source is configured, Bluesky's Jetstream if it answers, else the bundled demo stream.
     * "on": the demo stream always (besides configured sources). "off": only configured sources.
     */
    demo: z.enum(["auto", "on", "off"]).default("auto"),
    /** Jetstream endpoint probed by demo "auto" */
    jetstreamUrl: z.string().default("wss://jetstream2.us-east.bsky.network/subscribe"),
    /** How long "auto" waits for Jetstream before falling back to the demo (ms). */
    probeTimeoutMs: z.number().int().positive().default(3000),
    retention: z
      .object({
        maxAge: duration.default("7d"),
        maxPosts: z.number().int().positive().default(5_000_000),
        /** How often retention and compaction run (wall time) */
        every: duration.default("5m"),
      })
      .strict()
      .default({ maxAge: "7d", maxPosts: 5_000_000, every: "5m" }),
    trends: z
      .object({
        windows: z.array(duration).min(1).default(["5m", "15m", "1h"]),
        defaultWindow: duration.default("15m"),
        bucket: duration.default("1m"),
        baselineWindows: z.number().int().min(1).max(24).default(4),
        minAuthors: z.number().int().min(1).default(3),
        maxHashtagsPerPost: z.number().int().min(0).default(4),
        maxPostsPerAuthorPerBucket: z.number().int().min(1).default(3),
        maxTopics: z.number().int().min(1000).default(150_000),
      })
      .strict()
      .default({ windows: ["5m", "15m", "1h"], defaultWindow: "15m", bucket: "1m", baselineWindows: 4, minAuthors: 3, maxHashtagsPerPost: 4, maxPostsPerAuthorPerBucket: 3, maxTopics: 150_000 }),
    stories: z
      .object({
        similarity: z.number().min(0.05).max(0.95).default(0.3),
        minPosts: z.number().int().min(2).default(5),
        minAuthors: z.number().int().min(1).default(3),
        ttl: duration.default("12h"),
      })
      .strict()
      .default({ similarity: 0.3, minPosts: 5, minAuthors: 3, ttl: "12h" }),
    ingest: z
      .object({
        batchSize: z.number().int().min(1).max(50_000).default(500),
        flushMs: z.number().int().min(1).default(100),
        /** After a restart, analysis is rebuilt from the posts stored in this much stream time */
        rebuild: duration.default("6h"),
      })
      .strict()
      .default({ batchSize: 500, flushMs: 100, rebuild: "6h" }),
    embeddings: embeddingsConfigSchema.prefault({}),
    /** Live updates pushed on /v1/knowledge/events every this often */
    eventsEvery: duration.default("2s"),
  })
  .strict();
export type KnowledgeConfig = z.infer<typeof knowledgeConfigSchema>;

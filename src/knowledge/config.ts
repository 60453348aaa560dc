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

const duration = z.string().refine((s) => parseDuration(s) !== undefined, { message: 'expected a duration like "90s", "15m", "1h" or "2d"' });

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
    /** Live updates pushed on /v1/knowledge/events every this often */
    eventsEvery: duration.default("2s"),
  })
  .strict();
export type KnowledgeConfig = z.infer<typeof knowledgeConfigSchema>;

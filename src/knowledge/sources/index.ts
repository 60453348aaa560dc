import { z } from "zod";
import type { PostSource } from "../post.js";
import { BlueskyJetstreamSource, DEFAULT_JETSTREAM_URL, POST_COLLECTION } from "./bluesky-jetstream-source.js";
import type { CursorStore } from "./cursor-store.js";
import { DemoSource } from "./demo-source.js";
import { MastodonSource } from "./mastodon-source.js";
import { ReplaySource, type ReplayClock } from "./replay-source.js";
import { RssSource } from "./rss-source.js";
import { DEFAULT_X_API_URL, XFilteredStreamSource } from "./x-filtered-stream-source.js";

export { BlueskyJetstreamSource, DEFAULT_JETSTREAM_URL, probeJetstream, parseJetstreamEvent, blueskyRecordToPost } from "./bluesky-jetstream-source.js";
export { MastodonSource, mastodonStatusToPost } from "./mastodon-source.js";
export { XFilteredStreamSource, XRulesClient, xTweetToPost, DEFAULT_X_API_URL } from "./x-filtered-stream-source.js";
export { RssSource, parseFeed } from "./rss-source.js";
export { ReplaySource, StreamPacer, parseReplayLine } from "./replay-source.js";
export { DemoSource } from "./demo-source.js";
export { MemoryCursorStore, JsonFileCursorStore, type CursorStore } from "./cursor-store.js";
export { detectLanguage } from "./language.js";

const name = z.string().min(1).regex(/^[\w.:-]+$/, "use letters, digits, '.', ':', '_' or '-'").optional();
const httpUrl = z.string().url().refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL");

export const blueskySpecSchema = z.object({
  kind: z.literal("bluesky"),
  name,
  jetstreamUrl: z.string().url().refine((u) => /^wss?:\/\//i.test(u), "must be a ws:// or wss:// URL").default(DEFAULT_JETSTREAM_URL),
  wantedDids: z.array(z.string().startsWith("did:", "a DID starts with 'did:'")).max(10_000).optional(),
  collections: z.array(z.string()).min(1).default([POST_COLLECTION]),
  rewindSeconds: z.number().min(0).max(3600).default(3),
});

export const mastodonSpecSchema = z.object({
  kind: z.literal("mastodon"),
  name,
  url: httpUrl,
  token: z.string().min(1).optional(),
  tokenEnv: z.string().min(1).optional(),
  stream: z.enum(["public", "hashtag"]).default("public"),
  tag: z.string().min(1).optional(),
  local: z.boolean().default(false),
});

export const xRuleSchema = z.union([z.string().min(1).transform((value) => ({ value })), z.object({ value: z.string().min(1), tag: z.string().optional() })]);

export const xSpecSchema = z.object({
  kind: z.literal("x"),
  name,
  apiUrl: httpUrl.default(DEFAULT_X_API_URL),
  bearerTokenEnv: z.string().min(1).default("X_BEARER_TOKEN"),
  rules: z.array(xRuleSchema).optional(),
  stallTimeoutSeconds: z.number().positive().default(20),
});

export const rssSpecSchema = z.object({
  kind: z.literal("rss"),
  name,
  feeds: z.array(httpUrl).min(1, "list at least one feed URL"),
  intervalSeconds: z.number().min(1).default(300),
});

export const replaySpecSchema = z.object({
  kind: z.literal("replay"),
  name,
  file: z.string().min(1),
  speed: z.number().min(0).default(1),
});

export const demoSpecSchema = z.object({
  kind: z.literal("demo"),
  name,
  seed: z.number().int().default(42),
  speed: z.number().min(0).default(60),
  hours: z.number().positive().max(48).default(3),
  scale: z.number().positive().max(10).default(1),
});

/** One source as declared in config (`knowledge.sources[]`) or built from `candor ingest` flags. */
export const sourceSpecSchema = z
  .discriminatedUnion("kind", [blueskySpecSchema, mastodonSpecSchema, xSpecSchema, rssSpecSchema, replaySpecSchema, demoSpecSchema])
  .superRefine((spec, ctx) => {
    if (spec.kind === "mastodon" && spec.stream === "hashtag" && !spec.tag) ctx.addIssue({ code: "custom", path: ["tag"], message: "stream 'hashtag' needs a tag" });
  });

export type SourceSpec = z.output<typeof sourceSpecSchema>;
export type SourceSpecInput = z.input<typeof sourceSpecSchema>;

export interface SourceDeps {
  cursorStore?: CursorStore;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  fetch?: typeof fetch;
  /** Replay/demo pacing clock (tests). */
  clock?: ReplayClock;
  /** Resolves relative replay paths. */
  cwd?: string;
}

/** Validates a spec, naming every problem, and returns it with defaults filled in. */
export function parseSourceSpec(input: unknown): SourceSpec {
  const r = sourceSpecSchema.safeParse(input);
  if (r.success) return r.data;
  const kind = input && typeof input === "object" ? (input as { kind?: unknown }).kind : undefined;
  throw new Error(
    `invalid ${typeof kind === "string" ? `'${kind}' ` : ""}source: ${r.error.issues.map((i) => `${i.path.join(".") || "(spec)"}: ${i.message}`).join("; ")}`,
  );
}

/** Builds a ready-to-start source from a (validated or raw) spec. Secrets come from the environment, never from the spec file. */
export function createSource(input: SourceSpecInput | SourceSpec, deps: SourceDeps = {}): PostSource {
  const spec = parseSourceSpec(input);
  const env = deps.env ?? process.env;
  const common = { name: spec.name, log: deps.log };
  switch (spec.kind) {
    case "bluesky":
      return new BlueskyJetstreamSource({
        ...common,
        jetstreamUrl: spec.jetstreamUrl,
        wantedDids: spec.wantedDids,
        wantedCollections: spec.collections,
        rewindSeconds: spec.rewindSeconds,
        cursorStore: deps.cursorStore,
      });
    case "mastodon": {
      const token = spec.token ?? (spec.tokenEnv ? env[spec.tokenEnv] : undefined);
      if (spec.tokenEnv && !token) throw new Error(`mastodon source: environment variable ${spec.tokenEnv} is not set`);
      return new MastodonSource({ ...common, url: spec.url, token, stream: spec.stream, tag: spec.tag, local: spec.local, fetch: deps.fetch });
    }
    case "x": {
      const bearerToken = env[spec.bearerTokenEnv];
      if (!bearerToken) throw new Error(`x source: environment variable ${spec.bearerTokenEnv} is not set (it must hold an X API bearer token)`);
      return new XFilteredStreamSource({
        ...common,
        apiUrl: spec.apiUrl,
        bearerToken,
        rules: spec.rules,
        stallTimeoutMs: spec.stallTimeoutSeconds * 1000,
        fetch: deps.fetch,
      });
    }
    case "rss":
      return new RssSource({ ...common, feeds: spec.feeds, intervalSeconds: spec.intervalSeconds, cursorStore: deps.cursorStore, fetch: deps.fetch });
    case "replay": {
      const file = deps.cwd && !spec.file.startsWith("/") ? `${deps.cwd}/${spec.file}` : spec.file;
      return new ReplaySource({ ...common, file, speed: spec.speed, clock: deps.clock });
    }
    case "demo":
      return new DemoSource({ ...common, seed: spec.seed, speed: spec.speed, hours: spec.hours, scale: spec.scale, clock: deps.clock });
  }
}

import { createWriteStream, type WriteStream } from "node:fs";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { once } from "node:events";
import { configFromFlags, parseCommandArgs } from "../common-options.js";
import type { CandorConfig } from "../../config.js";
import type { Migration } from "../../storage/database.js";
import type { Post, PostEvent, PostSource } from "../../knowledge/post.js";
import { createSource } from "../../knowledge/sources/index.js";
import { num, sourceFlagOptions, specFromFlags } from "../source-flags.js";
import { JsonFileCursorStore, type CursorStore } from "../../knowledge/sources/cursor-store.js";

export const summary = "run one post source (bluesky, mastodon, x, rss, replay, demo) and print or save what it receives";

const USAGE = `usage: candor ingest --source bluesky|mastodon|x|rss|replay|demo [options]

  --jetstream-url U      Bluesky Jetstream endpoint (default: Bluesky's public instance)
  --wanted-did D         only these accounts (repeatable)
  --mastodon-url U       Mastodon instance; --hashtag T streams a hashtag instead of the public timeline
  --token-env NAME       environment variable holding the Mastodon access token
  --x-api-url U          X API base (default https://api.x.com)
  --bearer-token-env N   environment variable holding the X bearer token (default X_BEARER_TOKEN)
  --rule "query"         X filtered-stream rule to ensure (repeatable)
  --feed URL             RSS/Atom feed (repeatable); --interval SECONDS between polls
  --file F --speed X     replay a JSONL file (speed 1 = real time, 60 = a minute per second, 0 = as fast as possible)
  --seed N --hours H     demo stream parameters (with --speed)
  --name NAME            source name (cursor key); without --source, the configured source of that name
  --limit N              stop after N posts
  --out FILE.jsonl       write posts (and deletes) as JSON lines instead of printing them
  --store                also store into the knowledge database (when the knowledge engine provides ingestInto)
  --quiet                no per-post lines`;

/** What `--store` needs from the knowledge engine: the store's cursor table, and a way to feed it one source. */
interface StoreTarget {
  cursorStore: CursorStore;
  /** Feeds the source into the engine (starting it); resolves when the source ends or is stopped. */
  feed(source: PostSource): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the knowledge engine on the data folder's database when `src/knowledge/index.ts` provides
 * `ingestInto(services, source)` and `createKnowledgeEngine`; undefined when this build has no store yet.
 */
async function openStoreTarget(config: CandorConfig, log: (line: string) => void): Promise<StoreTarget | undefined> {
  const knowledge = (await import("../../knowledge/index.js")) as Record<string, unknown>;
  if (typeof knowledge.ingestInto !== "function" || typeof knowledge.createKnowledgeEngine !== "function") return undefined;
  const { openDatabase } = await import("../../storage/database.js");
  const { coreMigrations } = await import("../../runtime/migrations.js");
  const { databasePath } = await import("../../runtime/services.js");
  const extra = ((await import("../../knowledge/migrations.js").catch(() => ({}))) as { knowledgeMigrations?: Migration[] }).knowledgeMigrations ?? [];
  const known = new Set(coreMigrations.map((m) => `${m.area}:${m.id}`));
  const db = openDatabase(databasePath(config), [...coreMigrations, ...extra.filter((m) => !known.has(`${m.area}:${m.id}`))]);
  const engine = (knowledge.createKnowledgeEngine as (o: unknown) => { cursors: CursorStore; close(): Promise<void> })({
    db,
    config: config.knowledge,
    log,
    rebuild: false,
  });
  const ingestInto = knowledge.ingestInto as (services: unknown, source: PostSource) => Promise<void>;
  return {
    cursorStore: engine.cursors,
    feed: (source) => ingestInto(engine, source),
    async close() {
      await engine.close();
      db.close();
    },
  };
}

/** Lets the CLI see each event after the engine has taken it, without the engine knowing about the CLI. */
class TeeSource implements PostSource {
  constructor(
    private readonly inner: PostSource,
    private readonly after: (event: PostEvent) => void | Promise<void>,
  ) {}
  get name() {
    return this.inner.name;
  }
  get kind() {
    return this.inner.kind;
  }
  start(onEvent: (event: PostEvent) => void | Promise<void>): Promise<void> {
    return this.inner.start(async (event) => {
      await onEvent(event);
      await this.after(event);
    });
  }
  stop(): Promise<void> {
    return this.inner.stop();
  }
  status() {
    return this.inner.status();
  }
  whenDone(): Promise<void> {
    return (this.inner as { whenDone?: () => Promise<void> }).whenDone?.() ?? Promise.resolve();
  }
}

function postLine(p: Post): string {
  const text = p.text.replace(/\s+/g, " ");
  return `${p.createdAt} ${p.source} @${p.author.handle ?? p.author.id} [${p.lang}] ${text.length > 160 ? `${text.slice(0, 157)}...` : text} ${p.url}`;
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      ...sourceFlagOptions,
      limit: { type: "string" },
      out: { type: "string" },
      store: { type: "boolean" },
      quiet: { type: "boolean" },
    },
    false,
  );
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = configFromFlags(values);
  const spec = specFromFlags(values, config, USAGE);
  const limit = num(values.limit, "--limit");
  if (limit !== undefined && !(limit > 0 && Number.isInteger(limit))) throw new Error(`--limit must be a positive integer, got '${values.limit}'`);
  const log = (line: string) => console.error(line);

  let target: StoreTarget | undefined;
  if (values.store) {
    target = await openStoreTarget(config, log);
    if (!target) log("ingest: this build's knowledge engine has no store hook yet (ingestInto); printing only");
  }
  const cursorStore = target?.cursorStore ?? new JsonFileCursorStore(join(config.dataDir, "ingest-cursors.json"));
  const inner: PostSource = createSource(spec, { cursorStore, log });

  let out: WriteStream | undefined;
  if (values.out) {
    mkdirSync(dirname(resolve(values.out)), { recursive: true });
    out = createWriteStream(resolve(values.out), { flags: "a" });
  }
  let posts = 0;
  let deletes = 0;
  let stopRequested: (() => void) | undefined;
  const stopSignal = new Promise<void>((r) => (stopRequested = r));

  const onEvent = async (event: PostEvent) => {
    if (limit !== undefined && posts >= limit) return;
    if (event.kind === "upsert") {
      posts++;
      if (out) {
        if (!out.write(`${JSON.stringify(event.post)}\n`)) await once(out, "drain");
      } else if (!values.quiet) console.log(postLine(event.post));
    } else {
      deletes++;
      if (out) out.write(`${JSON.stringify({ kind: "delete", source: event.source, sourceId: event.sourceId })}\n`);
      else if (!values.quiet) console.log(`deleted ${event.source}:${event.sourceId}`);
    }
    if (limit !== undefined && posts >= limit) stopRequested?.();
  };

  const statusLine = () => {
    const s = source.status();
    log(
      `ingest ${s.name}: ${s.state}, ${posts} posts, ${deletes} deletes, ${s.postsPerSecond.toFixed(1)}/s` +
        `${s.cursor ? `, cursor ${s.cursor}` : ""}${s.lagSeconds !== undefined ? `, lag ${s.lagSeconds.toFixed(1)} s` : ""}${s.lastError ? `, last error: ${s.lastError}` : ""}`,
    );
  };
  const source = new TeeSource(inner, target ? onEvent : () => {});
  let feeding: Promise<void> | undefined;
  const ticker = setInterval(statusLine, 10_000);
  const onSignal = () => {
    log("ingest: stopping (saving the cursor)...");
    stopRequested?.();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    log(`ingest: starting ${spec.kind} source '${source.name}'${target ? " into the knowledge store" : ""}`);
    if (target) {
      // The engine starts the source; it resolves when a finite source ends, or after we stop it.
      feeding = target.feed(source);
      feeding.catch(() => {});
    } else await source.start(onEvent);
    const finite = spec.kind === "replay" || spec.kind === "demo" ? [source.whenDone()] : [];
    await Promise.race([stopSignal, ...finite, ...(feeding ? [feeding] : [])]);
  } finally {
    clearInterval(ticker);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await source.stop();
    await feeding;
    statusLine();
    if (out) {
      out.end();
      await once(out, "finish");
    }
    await target?.close();
  }
  return source.status().state === "failed" ? 1 : 0;
}

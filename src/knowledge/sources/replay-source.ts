import { createReadStream, existsSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Post, PostEvent } from "../post.js";
import { BaseSource } from "./base-source.js";
import { sleep as abortableSleep } from "./backoff.js";
import { parseJetstreamEvent } from "./bluesky-jetstream-source.js";

/** Timing hooks, injectable so tests can check pacing without measuring wall time. */
export interface ReplayClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: ReplayClock = { now: () => Date.now(), sleep: abortableSleep };

/**
 * Paces events by their stream time: an event `d` ms of stream time after the first is released `d / speed` ms of wall
 * time after it. Speed 0 releases everything at once (yielding to the event loop now and then so servers stay responsive).
 */
export class StreamPacer {
  private origin: { wall: number; stream: number } | undefined;
  private sinceYield = 0;
  constructor(
    readonly speed: number,
    private readonly clock: ReplayClock = systemClock,
  ) {
    if (!(speed >= 0) || !Number.isFinite(speed)) throw new Error(`replay speed must be a number >= 0, got ${speed}`);
  }

  async waitFor(streamMs: number, signal?: AbortSignal): Promise<void> {
    if (this.speed === 0 || !Number.isFinite(streamMs)) {
      if (++this.sinceYield >= 256) {
        this.sinceYield = 0;
        await new Promise((r) => setImmediate(r));
      }
      return;
    }
    if (!this.origin) {
      this.origin = { wall: this.clock.now(), stream: streamMs };
      return;
    }
    const due = this.origin.wall + (streamMs - this.origin.stream) / this.speed;
    const wait = due - this.clock.now();
    // Sub-millisecond waits are not worth a timer; they are absorbed by the next real wait.
    if (wait >= 1) await this.clock.sleep(wait, signal);
    else if (++this.sinceYield >= 256) {
      this.sinceYield = 0;
      await new Promise((r) => setImmediate(r));
    }
  }
}

export interface ReplaySourceOptions {
  name?: string;
  file: string;
  /** 1 = real time, 60 = a minute of stream per second, 0 = as fast as possible. */
  speed?: number;
  clock?: ReplayClock;
  log?: (line: string) => void;
}

const POST_KEYS = ["id", "source", "sourceId", "text", "createdAt"] as const;

function isPost(o: Record<string, unknown>): boolean {
  return POST_KEYS.every((k) => typeof o[k] === "string");
}

/** Fills the array fields a hand-written JSONL line may leave out, so consumers can rely on the Post shape. */
function normalisePost(o: Record<string, unknown>): Post {
  const p = o as unknown as Post;
  return {
    ...p,
    url: typeof p.url === "string" ? p.url : "",
    author: p.author && typeof p.author === "object" && typeof p.author.id === "string" ? p.author : { id: "unknown" },
    lang: typeof p.lang === "string" && p.lang ? p.lang : "und",
    hashtags: Array.isArray(p.hashtags) ? p.hashtags : [],
    links: Array.isArray(p.links) ? p.links : [],
    mentions: Array.isArray(p.mentions) ? p.mentions : [],
    images: Array.isArray(p.images) ? p.images : [],
  };
}

/** One JSONL line → the event it holds, with its stream time; throws with the reason on a line it cannot use. */
export function parseReplayLine(line: string): { event: PostEvent; streamMs: number } | undefined {
  const o = JSON.parse(line) as unknown;
  if (!o || typeof o !== "object" || Array.isArray(o)) throw new Error("line is not a JSON object");
  const rec = o as Record<string, unknown>;
  if (isPost(rec)) {
    const post = normalisePost(rec);
    return { event: { kind: "upsert", post }, streamMs: Date.parse(post.createdAt) };
  }
  if (rec.kind === "delete" && typeof rec.source === "string" && typeof rec.sourceId === "string") {
    return { event: rec as unknown as PostEvent, streamMs: NaN };
  }
  if (rec.kind === "upsert" && rec.post && typeof rec.post === "object" && isPost(rec.post as Record<string, unknown>)) {
    const post = normalisePost(rec.post as Record<string, unknown>);
    return { event: { kind: "upsert", post }, streamMs: Date.parse(post.createdAt) };
  }
  if (typeof rec.did === "string" && typeof rec.time_us === "number") {
    const r = parseJetstreamEvent(rec);
    return r.type === "event" ? { event: r.event, streamMs: r.timeUs / 1000 } : undefined;
  }
  throw new Error("line is neither a Post, a PostEvent nor a Jetstream event");
}

/** Plays a JSONL file of Posts (or PostEvents, or raw Jetstream events) following the gaps between their timestamps. */
export class ReplaySource extends BaseSource {
  readonly kind = "replay" as const;
  private readonly opts: ReplaySourceOptions;
  lines = 0;
  malformed = 0;
  finished = false;

  constructor(opts: ReplaySourceOptions) {
    super(opts.name ?? "replay", opts.log);
    if (!existsSync(opts.file)) throw new Error(`replay source: file not found: ${opts.file}`);
    new StreamPacer(opts.speed ?? 1);
    this.opts = opts;
  }

  protected async run(): Promise<void> {
    const pacer = new StreamPacer(this.opts.speed ?? 1, this.opts.clock);
    const input = createReadStream(this.opts.file, { encoding: "utf8" });
    const rl = createInterface({ input, crlfDelay: Infinity });
    this.setState("connected");
    try {
      for await (const line of rl) {
        if (this.stopping) break;
        this.lines++;
        if (!line.trim()) continue;
        let parsed: ReturnType<typeof parseReplayLine>;
        try {
          parsed = parseReplayLine(line);
        } catch (err) {
          this.malformed++;
          this.lastError = `line ${this.lines}: ${(err as Error).message}`;
          continue;
        }
        if (!parsed) continue;
        await pacer.waitFor(parsed.streamMs, this.signal);
        if (this.stopping) break;
        await this.deliver({ ...parsed.event, cursor: String(this.lines) }, parsed.streamMs);
      }
      this.finished = !this.stopping;
    } finally {
      rl.close();
      input.destroy();
    }
  }
}

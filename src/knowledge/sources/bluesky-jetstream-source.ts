import WebSocket from "ws";
import type { Post, PostEvent, PostImage } from "../post.js";
import { BaseSource, postId } from "./base-source.js";
import { exponentialDelay, sleep } from "./backoff.js";
import type { CursorStore } from "./cursor-store.js";
import { postLanguage } from "./language.js";

export const DEFAULT_JETSTREAM_URL = "wss://jetstream2.us-east.bsky.network/subscribe";
export const POST_COLLECTION = "app.bsky.feed.post";

export interface BlueskyJetstreamSourceOptions {
  name?: string;
  /** The `/subscribe` endpoint (ws:// or wss://). */
  jetstreamUrl?: string;
  wantedDids?: string[];
  wantedCollections?: string[];
  cursorStore?: CursorStore;
  /** Resume this far before the stored cursor, then drop what was already delivered: survives failover to another instance. */
  rewindSeconds?: number;
  cursorSaveIntervalMs?: number;
  reconnect?: { initialMs?: number; maxMs?: number };
  /** A connection that opens no socket within this long is abandoned and retried. */
  connectTimeoutMs?: number;
  log?: (line: string) => void;
}

interface JetstreamCommit {
  rev?: string;
  operation?: "create" | "update" | "delete";
  collection?: string;
  rkey?: string;
  record?: Record<string, unknown>;
  cid?: string;
}

export interface JetstreamEvent {
  did?: string;
  time_us?: number;
  kind?: "commit" | "identity" | "account" | string;
  commit?: JetstreamCommit;
  identity?: { did?: string; handle?: string };
  account?: { did?: string; active?: boolean };
}

/** Slices text by UTF-8 byte offsets, which is how atproto facets index it (JS strings index UTF-16 units). */
export function sliceUtf8(text: string, byteStart: number, byteEnd: number): string | undefined {
  const bytes = Buffer.from(text, "utf8");
  if (!Number.isInteger(byteStart) || !Number.isInteger(byteEnd) || byteStart < 0 || byteEnd > bytes.length || byteStart >= byteEnd) return undefined;
  return bytes.subarray(byteStart, byteEnd).toString("utf8");
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function asString(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

export function bskyPostUrl(did: string, rkey: string): string {
  return `https://bsky.app/profile/${did}/post/${rkey}`;
}

export function bskyImageUrl(did: string, cid: string): string {
  return `https://cdn.bsky.app/img/feed_fullsize/plain/${did}/${cid}@jpeg`;
}

function blobCid(image: Record<string, unknown>): string | undefined {
  const blob = asRecord(image.image);
  if (!blob) return undefined;
  // Current blobs: { ref: { $link } }; legacy blobs: { cid }.
  return asString(asRecord(blob.ref)?.$link) ?? asString(blob.cid);
}

function imagesOf(embed: Record<string, unknown> | undefined, did: string): PostImage[] {
  if (!embed) return [];
  const type = asString(embed.$type);
  if (type === "app.bsky.embed.images") {
    const out: PostImage[] = [];
    for (const raw of Array.isArray(embed.images) ? embed.images : []) {
      const image = asRecord(raw);
      const cid = image && blobCid(image);
      if (!image || !cid) continue;
      const alt = asString(image.alt);
      out.push(alt ? { url: bskyImageUrl(did, cid), alt } : { url: bskyImageUrl(did, cid) });
    }
    return out;
  }
  if (type === "app.bsky.embed.recordWithMedia") return imagesOf(asRecord(embed.media), did);
  return [];
}

function quotedUri(embed: Record<string, unknown> | undefined): string | undefined {
  if (!embed) return undefined;
  const type = asString(embed.$type);
  if (type === "app.bsky.embed.record") return asString(asRecord(embed.record)?.uri);
  if (type === "app.bsky.embed.recordWithMedia") return asString(asRecord(asRecord(embed.record)?.record)?.uri);
  return undefined;
}

function externalLink(embed: Record<string, unknown> | undefined): string | undefined {
  if (!embed) return undefined;
  const type = asString(embed.$type);
  if (type === "app.bsky.embed.external") return asString(asRecord(embed.external)?.uri);
  if (type === "app.bsky.embed.recordWithMedia") return externalLink(asRecord(embed.media));
  return undefined;
}

/** An `app.bsky.feed.post` record → Post. Throws on a record that is not a post at all. */
export function blueskyRecordToPost(did: string, rkey: string, record: Record<string, unknown>, handle?: string): Post {
  const text = asString(record.text) ?? "";
  const hashtags: string[] = [];
  const links: string[] = [];
  const mentions: string[] = [];
  for (const rawFacet of Array.isArray(record.facets) ? record.facets : []) {
    const facet = asRecord(rawFacet);
    const index = asRecord(facet?.index);
    const slice = index ? sliceUtf8(text, Number(index.byteStart), Number(index.byteEnd)) : undefined;
    for (const rawFeature of Array.isArray(facet?.features) ? facet.features : []) {
      const feature = asRecord(rawFeature);
      switch (asString(feature?.$type)) {
        case "app.bsky.richtext.facet#tag": {
          const tag = asString(feature?.tag) ?? slice?.replace(/^#/, "");
          if (tag && !hashtags.includes(tag)) hashtags.push(tag);
          break;
        }
        case "app.bsky.richtext.facet#link": {
          const uri = asString(feature?.uri);
          if (uri && !links.includes(uri)) links.push(uri);
          break;
        }
        case "app.bsky.richtext.facet#mention": {
          // The text says who in human terms (@handle); the DID is the fallback when the offsets are broken.
          const who = slice?.startsWith("@") ? slice.slice(1) : asString(feature?.did);
          if (who && !mentions.includes(who)) mentions.push(who);
          break;
        }
      }
    }
  }
  const embed = asRecord(record.embed);
  const external = externalLink(embed);
  if (external && !links.includes(external)) links.push(external);
  const langs = Array.isArray(record.langs) ? record.langs.filter((l): l is string => typeof l === "string") : [];
  const parentUri = asString(asRecord(asRecord(record.reply)?.parent)?.uri);
  const quote = quotedUri(embed);
  const sourceId = `at://${did}/${POST_COLLECTION}/${rkey}`;
  const createdAt = asString(record.createdAt);
  const createdMs = createdAt ? Date.parse(createdAt) : NaN;
  const post: Post = {
    id: postId("bluesky", sourceId),
    source: "bluesky",
    sourceId,
    url: bskyPostUrl(did, rkey),
    author: handle ? { id: did, handle } : { id: did },
    text,
    lang: postLanguage(langs[0], text),
    createdAt: Number.isFinite(createdMs) ? new Date(createdMs).toISOString() : new Date().toISOString(),
    hashtags,
    links,
    mentions,
    images: imagesOf(embed, did),
  };
  if (parentUri) post.replyTo = postId("bluesky", parentUri);
  if (quote) post.quoteOf = postId("bluesky", quote);
  return post;
}

export type JetstreamParseResult =
  | { type: "event"; event: PostEvent; timeUs: number; key: string }
  | { type: "identity"; did: string; handle?: string; timeUs?: number }
  | { type: "ignored"; timeUs?: number; reason: string };

/**
 * One Jetstream event → the PostEvent it carries (or why it carries none). `handles` resolves DIDs seen in identity events.
 * Throws only on input that is not a Jetstream event object.
 */
export function parseJetstreamEvent(raw: unknown, handles?: (did: string) => string | undefined): JetstreamParseResult {
  const ev = asRecord(raw) as JetstreamEvent | undefined;
  if (!ev || typeof ev.did !== "string") throw new Error("not a Jetstream event (no did)");
  const timeUs = typeof ev.time_us === "number" && Number.isFinite(ev.time_us) ? ev.time_us : undefined;
  if (ev.kind === "identity") return { type: "identity", did: ev.did, handle: asString(ev.identity?.handle), timeUs };
  if (ev.kind !== "commit") return { type: "ignored", timeUs, reason: `kind ${String(ev.kind)}` };
  const commit = asRecord(ev.commit) as JetstreamCommit | undefined;
  if (!commit || commit.collection !== POST_COLLECTION) return { type: "ignored", timeUs, reason: `collection ${String(commit?.collection)}` };
  if (typeof commit.rkey !== "string" || !commit.rkey) throw new Error("commit without rkey");
  if (timeUs === undefined) throw new Error("commit without time_us");
  const cursor = String(timeUs);
  // A commit's rev is unique per repo, so did+rev+rkey names one change even across Jetstream instances with different time_us.
  const key = `${ev.did}|${commit.rkey}|${commit.rev ?? cursor}|${commit.operation}`;
  const sourceId = `at://${ev.did}/${POST_COLLECTION}/${commit.rkey}`;
  if (commit.operation === "delete") return { type: "event", timeUs, key, event: { kind: "delete", source: "bluesky", sourceId, cursor } };
  if (commit.operation !== "create" && commit.operation !== "update") throw new Error(`unknown commit operation ${String(commit.operation)}`);
  const record = asRecord(commit.record);
  if (!record) throw new Error("create/update commit without record");
  return { type: "event", timeUs, key, event: { kind: "upsert", post: blueskyRecordToPost(ev.did, commit.rkey, record, handles?.(ev.did)), cursor } };
}

/** Opens a socket to the endpoint and reports whether it answered within the timeout; for "Bluesky when reachable, else demo". */
export function probeJetstream(jetstreamUrl = DEFAULT_JETSTREAM_URL, timeoutMs = 5000): Promise<boolean> {
  return new Promise((resolve) => {
    const url = new URL(jetstreamUrl);
    url.searchParams.set("wantedCollections", POST_COLLECTION);
    const ws = new WebSocket(url);
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on("error", () => {});
      ws.terminate();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    ws.once("open", () => finish(true));
    ws.once("error", () => finish(false));
  });
}

/** Bounded insertion-ordered set of recently delivered commit keys with their time_us, for replay de-duplication. */
class RecentKeys {
  private readonly map = new Map<string, number>();
  constructor(private readonly maxSize: number) {}
  has(key: string): boolean {
    return this.map.has(key);
  }
  add(key: string, timeUs: number): void {
    this.map.set(key, timeUs);
    if (this.map.size > this.maxSize) this.map.delete(this.map.keys().next().value as string);
  }
  /** Keys newer than `sinceUs`: all a rewound replay can send again. */
  toJson(sinceUs: number): string {
    return JSON.stringify([...this.map].filter(([, t]) => t >= sinceUs));
  }
  load(json: string | undefined): void {
    if (!json) return;
    try {
      const entries = JSON.parse(json) as unknown;
      if (Array.isArray(entries)) for (const e of entries) if (Array.isArray(e) && typeof e[0] === "string" && typeof e[1] === "number") this.add(e[0], e[1]);
    } catch {
      // A damaged dedupe list only risks a few replayed duplicates, which the store's idempotent upsert absorbs.
    }
  }
}

/**
 * Bluesky's firehose through Jetstream (JSON over WebSocket). Keeps `time_us` of the last delivered event as the cursor,
 * persists it every few seconds and on stop, and on (re)connect resumes `rewindSeconds` earlier, dropping events
 * whose commit it already delivered.
 */
export class BlueskyJetstreamSource extends BaseSource {
  readonly kind = "bluesky" as const;
  readonly jetstreamUrl: string;
  private readonly opts: BlueskyJetstreamSourceOptions;
  private readonly recent: RecentKeys;
  private readonly handles = new Map<string, string>();
  private lastTimeUs: number | undefined;
  private socket: WebSocket | undefined;
  private lastSavedCursor: string | undefined;
  /** Events that could not be parsed; counted, skipped. */
  malformed = 0;
  ignored = 0;
  duplicatesDropped = 0;
  connections = 0;

  constructor(opts: BlueskyJetstreamSourceOptions = {}) {
    super(opts.name ?? "bluesky", opts.log);
    this.opts = opts;
    this.jetstreamUrl = opts.jetstreamUrl ?? DEFAULT_JETSTREAM_URL;
    this.recent = new RecentKeys(200_000);
    const stored = opts.cursorStore?.get(this.name);
    if (stored && /^\d+$/.test(stored)) {
      this.lastTimeUs = Number(stored);
      this.cursor = stored;
      this.lastSavedCursor = stored;
    }
    this.recent.load(opts.cursorStore?.get(`${this.name}:recent`));
  }

  /** The URL the next connection uses (cursor rewound). */
  subscribeUrl(): string {
    const url = new URL(this.jetstreamUrl);
    for (const c of this.opts.wantedCollections ?? [POST_COLLECTION]) url.searchParams.append("wantedCollections", c);
    for (const d of this.opts.wantedDids ?? []) url.searchParams.append("wantedDids", d);
    if (this.lastTimeUs !== undefined) {
      const rewindUs = Math.round((this.opts.rewindSeconds ?? 3) * 1_000_000);
      url.searchParams.set("cursor", String(Math.max(0, this.lastTimeUs - rewindUs)));
    }
    return url.toString();
  }

  protected async run(): Promise<void> {
    let attempt = 0;
    const saver = setInterval(() => this.saveCursor(), this.opts.cursorSaveIntervalMs ?? 5000);
    try {
      while (!this.stopping) {
        this.setState(attempt === 0 && this.connections === 0 ? "connecting" : "reconnecting");
        const opened = await this.connectOnce();
        if (this.stopping) break;
        if (opened) attempt = 0;
        const delay = exponentialDelay(attempt++, { initialMs: this.opts.reconnect?.initialMs ?? 1000, maxMs: this.opts.reconnect?.maxMs ?? 60_000 });
        this.setState("reconnecting");
        this.log(`source ${this.name}: disconnected (${this.lastError ?? "closed"}); reconnecting in ${delay} ms`);
        await sleep(delay, this.signal);
      }
    } finally {
      clearInterval(saver);
      this.saveCursor();
    }
  }

  /** One connection's life. Resolves (never rejects) after the socket closed and every message it brought was delivered. */
  private connectOnce(): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      let opened = false;
      let chain = Promise.resolve();
      let queued = 0;
      const ws = new WebSocket(this.subscribeUrl(), { handshakeTimeout: this.opts.connectTimeoutMs ?? 15_000 });
      this.socket = ws;
      const onAbort = () => ws.close(1000);
      this.signal.addEventListener("abort", onAbort, { once: true });
      ws.on("open", () => {
        opened = true;
        this.connections++;
        this.setState("connected");
      });
      ws.on("message", (data: WebSocket.RawData) => {
        queued++;
        // Back-pressure: stop reading the socket while the consumer is behind, rather than buffering without bound.
        if (queued > 2000 && !ws.isPaused) ws.pause();
        chain = chain.then(async () => {
          await this.handleMessage(data);
          queued--;
          if (queued < 200 && ws.isPaused) ws.resume();
        });
      });
      ws.on("error", (err) => {
        this.lastError = err.message;
      });
      ws.on("close", (code, reason) => {
        if (!this.stopping && code !== 1000) this.lastError = `closed with code ${code}${reason.length ? `: ${reason.toString()}` : ""}`;
        this.signal.removeEventListener("abort", onAbort);
        this.socket = undefined;
        void chain.then(() => resolve(opened));
      });
    });
  }

  private async handleMessage(data: WebSocket.RawData): Promise<void> {
    let parsed: JetstreamParseResult;
    try {
      const text = Array.isArray(data) ? Buffer.concat(data).toString("utf8") : Buffer.from(data as ArrayBuffer).toString("utf8");
      parsed = parseJetstreamEvent(JSON.parse(text), (did) => this.handles.get(did));
    } catch (err) {
      this.malformed++;
      this.lastError = `malformed event skipped: ${(err as Error).message}`;
      return;
    }
    if (parsed.type === "identity") {
      if (parsed.handle) {
        this.handles.set(parsed.did, parsed.handle);
        if (this.handles.size > 100_000) this.handles.delete(this.handles.keys().next().value as string);
      }
      this.ignored++;
      return;
    }
    if (parsed.type === "ignored") {
      this.ignored++;
      return;
    }
    if (this.recent.has(parsed.key)) {
      this.duplicatesDropped++;
      return;
    }
    const streamMs = parsed.timeUs / 1000;
    if (await this.deliver(parsed.event, streamMs)) {
      this.recent.add(parsed.key, parsed.timeUs);
      if (this.lastTimeUs === undefined || parsed.timeUs > this.lastTimeUs) this.lastTimeUs = parsed.timeUs;
      this.cursor = String(this.lastTimeUs);
    }
  }

  private saveCursor(): void {
    const store = this.opts.cursorStore;
    if (!store || this.lastTimeUs === undefined || this.cursor === this.lastSavedCursor) return;
    const rewindUs = Math.round((this.opts.rewindSeconds ?? 3) * 1_000_000);
    // Keys first: a crash between the two writes then at worst re-delivers, never skips.
    store.set(`${this.name}:recent`, this.recent.toJson(this.lastTimeUs - rewindUs - 1_000_000));
    store.set(this.name, String(this.lastTimeUs));
    this.lastSavedCursor = String(this.lastTimeUs);
  }
}

import { createParser, type EventSourceMessage } from "eventsource-parser";
import { convert } from "html-to-text";
import type { Post, PostEvent } from "../post.js";
import { BaseSource, postId } from "./base-source.js";
import { exponentialDelay, sleep } from "./backoff.js";
import { httpStatusError, HttpStatusError, readTextChunks } from "./http-stream.js";
import { postLanguage } from "./language.js";

export interface MastodonSourceOptions {
  name?: string;
  /** The instance, e.g. https://mastodon.social (its streaming API is under /api/v1/streaming). */
  url: string;
  token?: string;
  stream?: "public" | "hashtag";
  tag?: string;
  /** Only the instance's own posts (`/public/local`, `local=true` for hashtags). */
  local?: boolean;
  reconnect?: { initialMs?: number; maxMs?: number };
  /** Mastodon sends a heartbeat comment every ~15 s; this much silence means the connection is dead. */
  stallTimeoutMs?: number;
  fetch?: typeof fetch;
  log?: (line: string) => void;
}

interface MastodonAccount {
  id?: string;
  acct?: string;
  username?: string;
  display_name?: string;
  url?: string;
}

export interface MastodonStatus {
  id: string;
  uri?: string;
  url?: string | null;
  created_at?: string;
  edited_at?: string | null;
  content?: string;
  spoiler_text?: string;
  language?: string | null;
  in_reply_to_id?: string | null;
  account?: MastodonAccount;
  tags?: { name?: string }[];
  mentions?: { acct?: string; username?: string }[];
  media_attachments?: { type?: string; url?: string | null; remote_url?: string | null; preview_url?: string | null; description?: string | null }[];
  card?: { url?: string } | null;
  reblog?: MastodonStatus | null;
  quote?: { quoted_status?: MastodonStatus | null } | null;
  favourites_count?: number;
  reblogs_count?: number;
  replies_count?: number;
}

/** Mastodon's sanitised status HTML → plain text, paragraphs and <br> kept as line breaks. */
export function mastodonHtmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: "a", options: { ignoreHref: true } },
      { selector: "p", options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
      // Mastodon hides the middle of long URLs in an "invisible" span; the text should keep the whole URL.
      { selector: "span.invisible", format: "inline" },
    ],
  })
    .replace(/\n{2,}/g, "\n")
    .trim();
}

/** Links in the content that are real links, not the anchors Mastodon wraps around hashtags and mentions. */
function contentLinks(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<a\s([^>]*)>/gi)) {
    const attrs = m[1]!;
    if (/class="[^"]*\b(mention|hashtag)\b/i.test(attrs) || /rel="[^"]*\btag\b/i.test(attrs)) continue;
    const href = /href="([^"]+)"/i.exec(attrs)?.[1];
    if (href && /^https?:\/\//i.test(href)) {
      const url = href.replace(/&amp;/g, "&");
      if (!out.includes(url)) out.push(url);
    }
  }
  return out;
}

/**
 * A status → Post. A reblog becomes the post it reblogs (one post, however many boosts), with that post's counts.
 * Ids are qualified by instance host because status ids are only unique per instance.
 */
export function mastodonStatusToPost(status: MastodonStatus, instanceHost: string): Post {
  const s = status.reblog ?? status;
  const html = s.content ?? "";
  const body = mastodonHtmlToText(html);
  const text = s.spoiler_text ? `${s.spoiler_text}\n${body}` : body;
  const sourceId = `${instanceHost}/${s.id}`;
  const links = contentLinks(html);
  if (s.card?.url && !links.includes(s.card.url)) links.push(s.card.url);
  const created = s.created_at ? Date.parse(s.created_at) : NaN;
  const acct = s.account?.acct;
  const post: Post = {
    id: postId("mastodon", sourceId),
    source: "mastodon",
    sourceId,
    url: s.url ?? s.uri ?? `https://${instanceHost}/statuses/${s.id}`,
    author: {
      id: s.account?.url ?? (acct ? `${acct.includes("@") ? acct : `${acct}@${instanceHost}`}` : `${instanceHost}/accounts/${s.account?.id ?? "unknown"}`),
      ...(acct ? { handle: acct.includes("@") ? acct : `${acct}@${instanceHost}` } : {}),
      ...(s.account?.display_name ? { displayName: s.account.display_name } : {}),
    },
    text,
    lang: postLanguage(s.language, text),
    createdAt: Number.isFinite(created) ? new Date(created).toISOString() : new Date().toISOString(),
    hashtags: [...new Set((s.tags ?? []).map((t) => t.name).filter((n): n is string => !!n))],
    links,
    mentions: [...new Set((s.mentions ?? []).map((m) => m.acct ?? m.username).filter((n): n is string => !!n))],
    images: (s.media_attachments ?? [])
      .filter((m) => m.type === "image" || m.type === "gifv")
      .map((m) => ({ url: m.url ?? m.remote_url ?? m.preview_url ?? "", ...(m.description ? { alt: m.description } : {}) }))
      .filter((m) => m.url),
    engagement: { likes: s.favourites_count ?? 0, reposts: s.reblogs_count ?? 0, replies: s.replies_count ?? 0 },
  };
  if (s.in_reply_to_id) post.replyTo = postId("mastodon", `${instanceHost}/${s.in_reply_to_id}`);
  const quoted = s.quote?.quoted_status;
  if (quoted?.id) post.quoteOf = postId("mastodon", `${instanceHost}/${quoted.id}`);
  return post;
}

/** Mastodon's streaming API over server-sent events: `update`, `status.update` and `delete` on public or hashtag timelines. */
export class MastodonSource extends BaseSource {
  readonly kind = "mastodon" as const;
  private readonly opts: MastodonSourceOptions;
  private readonly host: string;
  private lastEventId: string | undefined;
  malformed = 0;
  connections = 0;
  heartbeats = 0;

  constructor(opts: MastodonSourceOptions) {
    super(opts.name ?? "mastodon", opts.log);
    if ((opts.stream ?? "public") === "hashtag" && !opts.tag) throw new Error("mastodon source: stream 'hashtag' needs a tag");
    this.opts = opts;
    this.host = new URL(opts.url).host;
  }

  streamUrl(): string {
    const base = this.opts.url.replace(/\/+$/, "");
    if ((this.opts.stream ?? "public") === "hashtag") {
      const u = new URL(`${base}/api/v1/streaming/hashtag${this.opts.local ? "/local" : ""}`);
      u.searchParams.set("tag", this.opts.tag!.replace(/^#/, ""));
      return u.toString();
    }
    return `${base}/api/v1/streaming/public${this.opts.local ? "/local" : ""}`;
  }

  protected async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopping) {
      this.setState(this.connections === 0 && attempt === 0 ? "connecting" : "reconnecting");
      let delay: number;
      try {
        await this.connectOnce(() => (attempt = 0));
        this.lastError = this.stopping ? this.lastError : "stream ended";
      } catch (err) {
        this.lastError = (err as Error).message;
        if (err instanceof HttpStatusError && (err.status === 401 || err.status === 403)) this.log(`source ${this.name}: ${err.message} (check the token)`);
      }
      if (this.stopping) break;
      delay = exponentialDelay(attempt++, { initialMs: this.opts.reconnect?.initialMs ?? 1000, maxMs: this.opts.reconnect?.maxMs ?? 60_000 });
      this.setState("reconnecting");
      this.log(`source ${this.name}: ${this.lastError}; reconnecting in ${delay} ms`);
      await sleep(delay, this.signal);
    }
  }

  private async connectOnce(onOpen: () => void): Promise<void> {
    const headers: Record<string, string> = { accept: "text/event-stream", "cache-control": "no-cache" };
    if (this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
    if (this.lastEventId) headers["last-event-id"] = this.lastEventId;
    const res = await (this.opts.fetch ?? fetch)(this.streamUrl(), { headers, signal: this.signal });
    if (!res.ok || !res.body) throw await httpStatusError(res);
    this.connections++;
    onOpen();
    this.setState("connected");
    const pending: EventSourceMessage[] = [];
    const parser = createParser({
      onEvent: (msg) => pending.push(msg),
      onComment: () => this.heartbeats++,
    });
    for await (const chunk of readTextChunks(res.body, this.opts.stallTimeoutMs ?? 60_000, this.signal)) {
      parser.feed(chunk);
      while (pending.length) await this.handle(pending.shift()!);
    }
  }

  private async handle(msg: EventSourceMessage): Promise<void> {
    if (msg.id) this.lastEventId = msg.id;
    try {
      if (msg.event === "update" || msg.event === "status.update") {
        const status = JSON.parse(msg.data) as MastodonStatus;
        if (!status || typeof status !== "object" || typeof status.id !== "string") throw new Error("status without id");
        const post = mastodonStatusToPost(status, this.host);
        const event: PostEvent = { kind: "upsert", post, ...(msg.id ? { cursor: msg.id } : {}) };
        await this.deliver(event, Date.parse(post.createdAt));
      } else if (msg.event === "delete") {
        const id = msg.data.trim().replace(/^"|"$/g, "");
        if (!id) throw new Error("delete without id");
        await this.deliver({ kind: "delete", source: "mastodon", sourceId: `${this.host}/${id}`, ...(msg.id ? { cursor: msg.id } : {}) });
      }
      // notification, conversation, announcement... are not posts.
    } catch (err) {
      this.malformed++;
      this.lastError = `malformed ${msg.event ?? "message"} skipped: ${(err as Error).message}`;
    }
  }
}

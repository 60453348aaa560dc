import { XMLParser } from "fast-xml-parser";
import { convert } from "html-to-text";
import type { Post, PostImage } from "../post.js";
import { BaseSource, postId } from "./base-source.js";
import { sleep } from "./backoff.js";
import type { CursorStore } from "./cursor-store.js";
import { postLanguage } from "./language.js";

export interface RssSourceOptions {
  name?: string;
  feeds: string[];
  intervalSeconds?: number;
  cursorStore?: CursorStore;
  /** How many item keys per feed are remembered for de-duplication; more than a feed ever lists at once. */
  rememberItems?: number;
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
  log?: (line: string) => void;
}

interface FeedState {
  etag?: string;
  lastModified?: string;
  seen: string[];
}

export interface FeedItem {
  key: string;
  title: string;
  text: string;
  link?: string;
  author?: string;
  published?: string;
  categories: string[];
  images: PostImage[];
  lang?: string;
}

export interface ParsedFeed {
  format: "rss" | "atom" | "rdf";
  title: string;
  lang?: string;
  items: FeedItem[];
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: true,
  isArray: (name) => ["item", "entry", "link", "category", "enclosure", "media:content", "media:thumbnail", "author"].includes(name),
});

/** Text of an XML node that may be a string, a {#text} object (when it has attributes) or missing. */
function textOf(node: unknown): string {
  if (node === undefined || node === null) return "";
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return textOf(node[0]);
  if (typeof node === "object") {
    const o = node as Record<string, unknown>;
    if ("#text" in o) return textOf(o["#text"]);
    if ("name" in o) return textOf(o.name);
  }
  return "";
}

function htmlToPlain(html: string): string {
  if (!/[<&]/.test(html)) return html.trim();
  return convert(html, { wordwrap: false, selectors: [{ selector: "a", options: { ignoreHref: true } }, { selector: "img", format: "skip" }] })
    .replace(/\n{2,}/g, "\n")
    .trim();
}

function isoDate(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

function mediaImages(item: Record<string, unknown>): PostImage[] {
  const out: PostImage[] = [];
  const add = (url: unknown, alt: unknown) => {
    if (typeof url === "string" && url && !out.some((i) => i.url === url)) {
      const a = textOf(alt);
      out.push(a ? { url, alt: a } : { url });
    }
  };
  for (const e of (item.enclosure as Record<string, unknown>[] | undefined) ?? []) {
    if (String(e["@_type"] ?? "").startsWith("image/")) add(e["@_url"], undefined);
  }
  for (const m of (item["media:content"] as Record<string, unknown>[] | undefined) ?? []) {
    if (m["@_medium"] === "image" || String(m["@_type"] ?? "").startsWith("image/")) add(m["@_url"], m["media:description"] ?? m["media:title"]);
  }
  for (const m of (item["media:thumbnail"] as Record<string, unknown>[] | undefined) ?? []) add(m["@_url"], undefined);
  return out;
}

/** Parses RSS 2.0, RSS 1.0 (RDF) or Atom. Throws with a clear message on anything else. */
export function parseFeed(text: string): ParsedFeed {
  let doc: Record<string, unknown>;
  try {
    doc = xml.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`feed is not well-formed XML: ${(err as Error).message}`);
  }
  const rss = doc.rss as Record<string, unknown> | undefined;
  const rdf = doc["rdf:RDF"] as Record<string, unknown> | undefined;
  if (rss || rdf) {
    const channel = ((rss ? rss.channel : rdf!.channel) ?? {}) as Record<string, unknown>;
    const rawItems = ((rss ? channel.item : rdf!.item) as Record<string, unknown>[] | undefined) ?? [];
    const items = rawItems.map((it): FeedItem => {
      const link = textOf(it.link) || undefined;
      const guid = textOf(it.guid) || textOf(it["@_rdf:about"]) || undefined;
      const title = htmlToPlain(textOf(it.title));
      const body = htmlToPlain(textOf(it["content:encoded"]) || textOf(it.description));
      return {
        key: guid ?? link ?? `${title}|${textOf(it.pubDate)}`,
        title,
        text: body,
        link,
        author: textOf(it["dc:creator"]) || textOf(it.author) || undefined,
        published: isoDate(textOf(it.pubDate) || textOf(it["dc:date"])),
        categories: ((it.category as unknown[]) ?? []).map(textOf).filter(Boolean),
        images: mediaImages(it),
      };
    });
    return { format: rss ? "rss" : "rdf", title: textOf(channel.title), lang: textOf(channel.language) || textOf(channel["dc:language"]) || undefined, items };
  }
  const feed = doc.feed as Record<string, unknown> | undefined;
  if (feed) {
    const entries = (feed.entry as Record<string, unknown>[] | undefined) ?? [];
    const items = entries.map((e): FeedItem => {
      const links = (e.link as Record<string, unknown>[] | undefined) ?? [];
      const alternate = links.find((l) => (l["@_rel"] ?? "alternate") === "alternate") ?? links[0];
      const link = typeof alternate?.["@_href"] === "string" ? (alternate["@_href"] as string) : undefined;
      const title = htmlToPlain(textOf(e.title));
      const body = htmlToPlain(textOf(e.content) || textOf(e.summary));
      const images: PostImage[] = links
        .filter((l) => l["@_rel"] === "enclosure" && String(l["@_type"] ?? "").startsWith("image/") && typeof l["@_href"] === "string")
        .map((l) => ({ url: l["@_href"] as string }));
      for (const i of mediaImages(e)) if (!images.some((x) => x.url === i.url)) images.push(i);
      return {
        key: textOf(e.id) || link || `${title}|${textOf(e.updated)}`,
        title,
        text: body,
        link,
        author: textOf(e.author) || undefined,
        published: isoDate(textOf(e.published) || textOf(e.updated)),
        categories: ((e.category as Record<string, unknown>[] | undefined) ?? []).map((c) => textOf(c["@_term"]) || textOf(c)).filter(Boolean),
        images,
        lang: typeof e["@_xml:lang"] === "string" ? (e["@_xml:lang"] as string) : undefined,
      };
    });
    const lang = typeof feed["@_xml:lang"] === "string" ? (feed["@_xml:lang"] as string) : undefined;
    return { format: "atom", title: htmlToPlain(textOf(feed.title)), lang, items };
  }
  throw new Error(`not an RSS or Atom feed (root element: ${Object.keys(doc).filter((k) => !k.startsWith("?"))[0] ?? "none"})`);
}

export function feedItemToPost(item: FeedItem, feedUrl: string, feed: Pick<ParsedFeed, "title" | "lang">): Post {
  const text = item.text && item.text !== item.title ? `${item.title}\n${item.text}` : item.title || item.text;
  const link = item.link ? new URL(item.link, feedUrl).toString() : undefined;
  const host = new URL(feedUrl).host;
  const hashtags = [...new Set([...item.categories.map((c) => c.replace(/\s+/g, "")), ...[...text.matchAll(/(?:^|\s)#([\p{L}\p{N}_]+)/gu)].map((m) => m[1]!)])];
  return {
    id: postId("rss", item.key),
    source: "rss",
    sourceId: item.key,
    url: link ?? feedUrl,
    author: { id: item.author ? `${host}/${item.author}` : host, handle: item.author ?? feed.title ?? host, ...(feed.title ? { displayName: feed.title } : {}) },
    text,
    lang: postLanguage(item.lang ?? feed.lang, text),
    createdAt: item.published ?? new Date().toISOString(),
    hashtags,
    links: link ? [link] : [],
    mentions: [],
    images: item.images,
  };
}

/**
 * Polls RSS/Atom feeds with conditional requests (ETag / Last-Modified, 304 = nothing new) and emits only items
 * not seen before; per-feed validators and seen keys live in the cursor store so a restart re-emits nothing.
 */
export class RssSource extends BaseSource {
  readonly kind = "rss" as const;
  private readonly opts: RssSourceOptions;
  private readonly states = new Map<string, FeedState>();
  polls = 0;
  notModified = 0;
  failures = 0;

  constructor(opts: RssSourceOptions) {
    super(opts.name ?? "rss", opts.log);
    if (!opts.feeds.length) throw new Error("rss source: at least one feed URL is required");
    for (const f of opts.feeds) new URL(f);
    this.opts = opts;
    for (const feed of opts.feeds) {
      const raw = opts.cursorStore?.get(this.stateKey(feed));
      let state: FeedState = { seen: [] };
      if (raw) {
        try {
          const parsed = JSON.parse(raw) as FeedState;
          if (Array.isArray(parsed.seen)) state = parsed;
        } catch {
          // unreadable state: start over; at worst items are emitted again and the store's upsert absorbs them
        }
      }
      this.states.set(feed, state);
    }
  }

  private stateKey(feed: string): string {
    return `${this.name}:${feed}`;
  }

  protected async run(): Promise<void> {
    this.setState("connecting");
    while (!this.stopping) {
      let ok = 0;
      for (const feed of this.opts.feeds) {
        if (this.stopping) break;
        try {
          await this.pollFeed(feed);
          ok++;
        } catch (err) {
          this.failures++;
          this.lastError = `${feed}: ${(err as Error).message}`;
          this.log(`source ${this.name}: ${this.lastError}`);
        }
      }
      if (this.stopping) break;
      this.setState(ok > 0 ? "connected" : "reconnecting");
      await sleep((this.opts.intervalSeconds ?? 300) * 1000, this.signal);
    }
  }

  /** One conditional GET of one feed; emits its new items oldest first. */
  async pollFeed(feed: string): Promise<number> {
    const state = this.states.get(feed) ?? { seen: [] };
    const headers: Record<string, string> = { accept: "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5" };
    if (state.etag) headers["if-none-match"] = state.etag;
    if (state.lastModified) headers["if-modified-since"] = state.lastModified;
    const timeout = AbortSignal.timeout(this.opts.requestTimeoutMs ?? 30_000);
    const res = await (this.opts.fetch ?? fetch)(feed, { headers, signal: AbortSignal.any([this.signal, timeout]) });
    this.polls++;
    if (res.status === 304) {
      this.notModified++;
      return 0;
    }
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const parsed = parseFeed(await res.text());
    const seen = new Set(state.seen);
    const fresh = parsed.items.filter((i) => !seen.has(i.key));
    // Feeds list newest first; emit in time order so consumers see the stream as it happened.
    fresh.reverse().sort((a, b) => (a.published && b.published ? a.published.localeCompare(b.published) : 0));
    let emitted = 0;
    for (const item of fresh) {
      const post = feedItemToPost(item, feed, parsed);
      if (await this.deliver({ kind: "upsert", post, cursor: post.createdAt }, Date.parse(post.createdAt))) {
        state.seen.push(item.key);
        emitted++;
      }
    }
    const max = this.opts.rememberItems ?? 2000;
    if (state.seen.length > max) state.seen.splice(0, state.seen.length - max);
    // Validators are stored only after every item was delivered, so a crash mid-poll re-fetches instead of skipping.
    // An item the consumer rejected must be fetched again too: keep no validators then, so the next poll cannot be a
    // 304 (`seen` stops the delivered items from doubling).
    const all = emitted === fresh.length;
    state.etag = all ? (res.headers.get("etag") ?? undefined) : undefined;
    state.lastModified = all ? (res.headers.get("last-modified") ?? undefined) : undefined;
    this.states.set(feed, state);
    this.opts.cursorStore?.set(this.stateKey(feed), JSON.stringify(state));
    return emitted;
  }
}

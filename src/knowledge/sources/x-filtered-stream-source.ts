import type { Post } from "../post.js";
import { BaseSource, postId } from "./base-source.js";
import { sleep, X_BACKOFF_DEFAULTS, xBackoffDelay, type XBackoffOptions, type XFailureKind } from "./backoff.js";
import { httpStatusError, HttpStatusError, readTextChunks, StreamStalledError } from "./http-stream.js";
import { postLanguage } from "./language.js";

export const DEFAULT_X_API_URL = "https://api.x.com";

export const X_STREAM_PARAMS = {
  "tweet.fields": "created_at,lang,author_id,entities,public_metrics,referenced_tweets,attachments",
  expansions: "author_id,attachments.media_keys",
  "user.fields": "username",
  "media.fields": "url,alt_text",
} as const;

export interface XRule {
  value: string;
  tag?: string;
}

export interface XStoredRule extends XRule {
  id: string;
}

export interface XRulesResult {
  data: XStoredRule[];
  meta?: Record<string, unknown>;
  errors?: unknown[];
}

export interface XClientOptions {
  apiUrl?: string;
  bearerToken: string;
  fetch?: typeof fetch;
}

/** The filtered stream's rule endpoints. */
export class XRulesClient {
  private readonly apiUrl: string;
  constructor(private readonly opts: XClientOptions) {
    this.apiUrl = (opts.apiUrl ?? DEFAULT_X_API_URL).replace(/\/+$/, "");
  }

  private async call(method: "GET" | "POST", query: Record<string, string>, body?: unknown): Promise<XRulesResult> {
    const url = new URL(`${this.apiUrl}/2/tweets/search/stream/rules`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const res = await (this.opts.fetch ?? fetch)(url, {
      method,
      headers: { authorization: `Bearer ${this.opts.bearerToken}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw await httpStatusError(res);
    const json = (await res.json()) as Partial<XRulesResult>;
    return { data: Array.isArray(json.data) ? json.data : [], meta: json.meta, errors: json.errors };
  }

  list(ids?: string[]): Promise<XRulesResult> {
    return this.call("GET", ids?.length ? { ids: ids.join(",") } : {});
  }

  add(rules: XRule[], opts: { dryRun?: boolean } = {}): Promise<XRulesResult> {
    return this.call("POST", opts.dryRun ? { dry_run: "true" } : {}, { add: rules });
  }

  delete(ids: string[], opts: { dryRun?: boolean } = {}): Promise<XRulesResult> {
    return this.call("POST", opts.dryRun ? { dry_run: "true" } : {}, { delete: { ids } });
  }

  /** Adds the rules whose value is not there yet; leaves other rules alone (the stream may be shared). */
  async ensure(rules: XRule[]): Promise<XRulesResult | undefined> {
    const existing = new Set((await this.list()).data.map((r) => r.value));
    const missing = rules.filter((r) => !existing.has(r.value));
    return missing.length ? this.add(missing) : undefined;
  }
}

interface XTweet {
  id?: string;
  text?: string;
  created_at?: string;
  lang?: string;
  author_id?: string;
  entities?: {
    hashtags?: { tag?: string }[];
    urls?: { url?: string; expanded_url?: string; media_key?: string }[];
    mentions?: { username?: string }[];
  };
  public_metrics?: { like_count?: number; retweet_count?: number; reply_count?: number; quote_count?: number };
  referenced_tweets?: { type?: string; id?: string }[];
  attachments?: { media_keys?: string[] };
}

export interface XStreamMessage {
  data?: XTweet;
  includes?: { users?: { id?: string; username?: string; name?: string }[]; media?: { media_key?: string; type?: string; url?: string; alt_text?: string }[] };
  matching_rules?: { id?: string; tag?: string }[];
  errors?: { title?: string; detail?: string; type?: string }[];
}

/** One filtered-stream message's tweet → Post, with author and media resolved from `includes`. */
export function xTweetToPost(msg: XStreamMessage): Post {
  const t = msg.data;
  if (!t?.id || typeof t.text !== "string") throw new Error("tweet without id or text");
  const user = msg.includes?.users?.find((u) => u.id === t.author_id);
  const media = new Map((msg.includes?.media ?? []).map((m) => [m.media_key, m]));
  const created = t.created_at ? Date.parse(t.created_at) : NaN;
  const ref = (type: string) => t.referenced_tweets?.find((r) => r.type === type)?.id;
  const m = t.public_metrics;
  const post: Post = {
    id: postId("x", t.id),
    source: "x",
    sourceId: t.id,
    url: user?.username ? `https://x.com/${user.username}/status/${t.id}` : `https://x.com/i/web/status/${t.id}`,
    author: { id: t.author_id ?? "unknown", ...(user?.username ? { handle: user.username } : {}), ...(user?.name ? { displayName: user.name } : {}) },
    text: t.text,
    lang: postLanguage(t.lang, t.text),
    createdAt: Number.isFinite(created) ? new Date(created).toISOString() : new Date().toISOString(),
    hashtags: [...new Set((t.entities?.hashtags ?? []).map((h) => h.tag).filter((x): x is string => !!x))],
    // Media links (pic.x.com) point back at the tweet itself; the images carry them.
    links: [...new Set((t.entities?.urls ?? []).filter((u) => !u.media_key).map((u) => u.expanded_url ?? u.url).filter((x): x is string => !!x))],
    mentions: [...new Set((t.entities?.mentions ?? []).map((x) => x.username).filter((x): x is string => !!x))],
    images: (t.attachments?.media_keys ?? [])
      .map((k) => media.get(k))
      .filter((x): x is NonNullable<typeof x> => !!x && (x.type === "photo" || x.type === undefined) && !!x.url)
      .map((x) => ({ url: x.url!, ...(x.alt_text ? { alt: x.alt_text } : {}) })),
    ...(m ? { engagement: { likes: m.like_count ?? 0, reposts: m.retweet_count ?? 0, replies: m.reply_count ?? 0, quotes: m.quote_count ?? 0 } } : {}),
  };
  const parent = ref("replied_to");
  const quoted = ref("quoted");
  if (parent) post.replyTo = postId("x", parent);
  if (quoted) post.quoteOf = postId("x", quoted);
  return post;
}

export interface XFilteredStreamSourceOptions {
  name?: string;
  apiUrl?: string;
  bearerToken: string;
  /** Rules to make sure exist before connecting (missing ones are added). */
  rules?: XRule[];
  /** X sends a keep-alive every 20 s; silence this long means a stalled connection. */
  stallTimeoutMs?: number;
  backoff?: Partial<XBackoffOptions>;
  fetch?: typeof fetch;
  log?: (line: string) => void;
}

/** X API v2 filtered stream: newline-delimited JSON with `\r\n` keep-alives, reconnecting on X's documented schedule. */
export class XFilteredStreamSource extends BaseSource {
  readonly kind = "x" as const;
  readonly rulesClient: XRulesClient;
  private readonly opts: XFilteredStreamSourceOptions;
  private readonly backoff: XBackoffOptions;
  malformed = 0;
  keepAlives = 0;
  streamErrors = 0;
  connections = 0;
  /** Each reconnect's reason and wait, newest last; lets tests and `stats` see which back-off path ran. */
  readonly reconnects: { kind: XFailureKind; delayMs: number; reason: string }[] = [];

  constructor(opts: XFilteredStreamSourceOptions) {
    super(opts.name ?? "x", opts.log);
    if (!opts.bearerToken) throw new Error("x source: a bearer token is required");
    this.opts = opts;
    this.backoff = { ...X_BACKOFF_DEFAULTS, ...opts.backoff };
    this.rulesClient = new XRulesClient({ apiUrl: opts.apiUrl, bearerToken: opts.bearerToken, fetch: opts.fetch });
  }

  streamUrl(): string {
    const url = new URL(`${(this.opts.apiUrl ?? DEFAULT_X_API_URL).replace(/\/+$/, "")}/2/tweets/search/stream`);
    for (const [k, v] of Object.entries(X_STREAM_PARAMS)) url.searchParams.set(k, v);
    return url.toString();
  }

  protected async run(): Promise<void> {
    if (this.opts.rules?.length) {
      this.setState("connecting");
      try {
        const added = await this.rulesClient.ensure(this.opts.rules);
        if (added?.errors?.length) this.log(`source ${this.name}: some rules were rejected: ${JSON.stringify(added.errors).slice(0, 500)}`);
      } catch (err) {
        // The rules may already be in place from an earlier run; the stream itself will say if nothing matches.
        this.lastError = `could not sync rules: ${(err as Error).message}`;
        this.log(`source ${this.name}: ${this.lastError}`);
      }
    }
    const attempts: Record<XFailureKind, number> = { network: 0, http: 0, "rate-limit": 0 };
    while (!this.stopping) {
      this.setState(this.connections === 0 ? "connecting" : "reconnecting");
      let failure: XFailureKind = "network";
      try {
        await this.connectOnce(() => {
          attempts.network = attempts.http = attempts["rate-limit"] = 0;
        });
        this.lastError = "stream ended";
      } catch (err) {
        this.lastError = (err as Error).message;
        if (err instanceof HttpStatusError) failure = err.status === 429 ? "rate-limit" : "http";
        else if (err instanceof StreamStalledError) failure = "network";
      }
      if (this.stopping) break;
      const delayMs = xBackoffDelay(failure, attempts[failure]++, this.backoff);
      this.reconnects.push({ kind: failure, delayMs, reason: this.lastError ?? "" });
      if (this.reconnects.length > 100) this.reconnects.shift();
      this.setState("reconnecting");
      this.log(`source ${this.name}: ${this.lastError}; reconnecting in ${delayMs} ms (${failure} back-off)`);
      await sleep(delayMs, this.signal);
    }
  }

  private async connectOnce(onOpen: () => void): Promise<void> {
    const res = await (this.opts.fetch ?? fetch)(this.streamUrl(), {
      headers: { authorization: `Bearer ${this.opts.bearerToken}` },
      signal: this.signal,
    });
    if (!res.ok || !res.body) throw await httpStatusError(res);
    this.connections++;
    onOpen();
    this.setState("connected");
    let buffer = "";
    for await (const chunk of readTextChunks(res.body, this.opts.stallTimeoutMs ?? 20_000, this.signal)) {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (!line) {
          this.keepAlives++;
          continue;
        }
        await this.handleLine(line);
      }
    }
  }

  private async handleLine(line: string): Promise<void> {
    let msg: XStreamMessage;
    try {
      msg = JSON.parse(line) as XStreamMessage;
    } catch {
      this.malformed++;
      this.lastError = "malformed line skipped";
      return;
    }
    if (msg.errors?.length) {
      this.streamErrors++;
      const e = msg.errors[0]!;
      this.lastError = `stream error: ${e.title ?? ""}${e.detail ? `: ${e.detail}` : ""}`;
      // "operational-disconnect" and friends end the connection; X closes it and the loop reconnects.
      if (!msg.data) return;
    }
    if (!msg.data) return;
    let post: Post;
    try {
      post = xTweetToPost(msg);
    } catch (err) {
      this.malformed++;
      this.lastError = `malformed tweet skipped: ${(err as Error).message}`;
      return;
    }
    await this.deliver({ kind: "upsert", post, cursor: post.sourceId }, Date.parse(post.createdAt));
  }
}

import { num, str, toDate } from "./http.js";

/** A post as every page shows it: knowledge search hits, story key posts and chat citations. */
export interface PostView {
  id: string;
  url: string;
  author: string;
  handle?: string;
  source?: string;
  lang?: string;
  text: string;
  title?: string;
  createdAt?: Date;
  sentiment?: number;
  likes?: number;
}

/**
 * The knowledge API serialises `Post` (camelCase, nested author) and search hits (flat `author` string);
 * citations may be bare URLs. One tolerant reader keeps the pages independent of which one they got.
 */
export function toPostView(raw: unknown, i = 0): PostView {
  if (typeof raw === "string") return { id: raw, url: raw, author: hostOf(raw), text: "" };
  const r = (raw ?? {}) as Record<string, unknown>;
  const post = (r.post && typeof r.post === "object" ? r.post : r) as Record<string, unknown>;
  const a = post.author;
  let author = "";
  let handle: string | undefined;
  if (a && typeof a === "object") {
    const ao = a as Record<string, unknown>;
    author = str(ao.displayName ?? ao.display_name ?? ao.handle ?? ao.id);
    handle = ao.handle ? str(ao.handle) : undefined;
  } else {
    author = str(a ?? post.author_handle ?? post.handle);
    handle = post.author_handle ? str(post.author_handle) : undefined;
  }
  const url = str(post.url ?? r.url);
  const sentimentRaw = post.sentiment ?? r.sentiment;
  const sentiment =
    typeof sentimentRaw === "number"
      ? sentimentRaw
      : sentimentRaw && typeof sentimentRaw === "object"
        ? num((sentimentRaw as Record<string, unknown>).compound ?? (sentimentRaw as Record<string, unknown>).score, NaN)
        : undefined;
  const eng = post.engagement as Record<string, unknown> | undefined;
  return {
    id: str(post.id ?? r.id ?? url ?? i),
    url,
    author: author || (url ? hostOf(url) : "unknown"),
    handle,
    source: post.source ? str(post.source) : undefined,
    lang: post.lang ? str(post.lang) : undefined,
    text: str(post.text ?? r.text ?? r.snippet ?? ""),
    title: r.title ? str(r.title) : undefined,
    createdAt: toDate(post.createdAt ?? post.created_at ?? r.createdAt ?? r.created_at ?? r.time),
    sentiment: sentiment !== undefined && Number.isFinite(sentiment) ? sentiment : undefined,
    likes: eng?.likes !== undefined ? num(eng.likes) : undefined,
  };
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function relativeTime(d: Date | undefined, now = Date.now()): string {
  if (!d) return "";
  const s = Math.round((now - d.getTime()) / 1000);
  if (Math.abs(s) < 60) return `${s}s ago`;
  if (Math.abs(s) < 3600) return `${Math.round(s / 60)}m ago`;
  if (Math.abs(s) < 86400) return `${Math.round(s / 3600)}h ago`;
  return d.toLocaleDateString();
}

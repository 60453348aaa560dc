import type { Post, SourceKind } from "../../../src/knowledge/post.js";

/** The stream's "now" in the search tests. */
export const NOW = Date.parse("2026-05-10T12:00:00Z");
export const H = 3_600_000;

/** A post `ageH` hours before NOW, with everything else a search test does not care about filled in. */
export function post(id: string, text: string, ageH: number, over: Partial<Post> = {}): Post {
  const source: SourceKind = over.source ?? "bluesky";
  return {
    id: `${source}:${id}`,
    source,
    sourceId: id,
    url: `https://example.test/${id}`,
    author: { id: `did:${id}`, handle: `${id}.example` },
    text,
    lang: "en",
    createdAt: new Date(NOW - ageH * H).toISOString(),
    hashtags: [],
    links: [],
    mentions: [],
    images: [],
    ...over,
  };
}

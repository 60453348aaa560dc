/**
 * The web app's readers of API responses (web/src/api): they must turn each area's real shapes (and the other
 * shapes the issues allow) into what the pages show, without inventing data — unscored stays unscored.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { toStory, toTrend } from "../../web/src/api/knowledge.js";
import { mergeCitations, requestModel } from "../../web/src/api/chat.js";
import { toBattle } from "../../web/src/api/arena.js";
import { toPostView } from "../../web/src/api/posts.js";
import { linkCitations } from "../../web/src/components/citations.js";

const postView = (id: string, minutes: number) => ({
  id,
  url: `https://bsky.app/profile/a.bsky.social/post/${id}`,
  text: `post ${id}`,
  author: { id: "did:plc:a", handle: "a.bsky.social" },
  source: "bluesky",
  lang: "en",
  createdAt: new Date(Date.UTC(2026, 10, 23, 10, minutes)).toISOString(),
  sentiment: null,
});

test("a story in the knowledge engine's shape: key posts deduplicated in time order, perspectives with their posts", () => {
  const s = toStory({
    object: "story",
    id: "st_1",
    title: "#launch · orbit",
    topTerms: ["launch", "orbit"],
    hashtags: ["#launch"],
    firstSeen: "2026-11-23T10:00:00.000Z",
    lastSeen: "2026-11-23T10:30:00.000Z",
    posts: 12,
    sentiment: { average: null, positive: 0, negative: 0, neutral: 0, unscored: 12 },
    keyPosts: { earliest: "p2", mostEngaged: "p1", mostRepresentative: "p1" },
    timeline: [{ t: "2026-11-23T10:00:00Z", posts: 3, sentiment: null }, { t: "2026-11-23T10:01:00Z", posts: 9, sentiment: 0.2 }],
    perspectives: [{ stance: "positive", posts: 6, share: 0.5, averageSentiment: 0.6, distinctiveTerms: ["great"], representativePostIds: ["p1"] }],
    keyPostViews: { earliest: postView("p2", 1), mostEngaged: postView("p1", 5), mostRepresentative: postView("p1", 5) },
    perspectivesWithPosts: [{ stance: "positive", posts: 6, share: 0.5, averageSentiment: 0.6, distinctiveTerms: ["great"], representativePostIds: ["p1"], representativePosts: [postView("p1", 5)] }],
  });
  assert.equal(s.size, 12);
  assert.deepEqual(s.volume, [3, 9]);
  assert.deepEqual(s.keyPosts.map((p) => p.id), ["p2", "p1"]);
  assert.equal(s.sentiment, undefined, "a null average is unscored, not neutral");
  assert.deepEqual(s.topics, ["#launch", "orbit"]);
  assert.equal(s.perspectives[0]!.label, "positive");
  assert.equal(s.perspectives[0]!.sentiment!.mean, 0.6);
  assert.deepEqual(s.perspectives[0]!.terms, ["great"]);
  assert.deepEqual(s.perspectives[0]!.posts.map((p) => p.author), ["a.bsky.social"]);
});

test("a trend with a bucketed series and an unscored sentiment", () => {
  const t = toTrend({ key: "#x", kind: "hashtag", label: "#x", score: 12.5, observed: 7, series: [{ t: "a", count: 1 }, { t: "b", count: 6 }], sentiment: { average: null, scored: 0 }, samplePosts: [postView("p1", 0)] }, 0);
  assert.equal(t.topic, "#x");
  assert.equal(t.total, 7);
  assert.deepEqual(t.volume, [1, 6]);
  assert.equal(t.sentiment, undefined);
  assert.equal(t.samplePosts.length, 1);
});

test("citations: URLs numbered in order, filled in from the richer candor.citations when present", () => {
  const cards = mergeCitations(
    ["https://x.test/1", "https://x.test/2"],
    [{ index: 2, url: "https://x.test/2", author: "bob", text: "second", created_at: "2026-11-23T10:00:00Z" }],
  );
  assert.deepEqual(cards.map((c) => [c.url, c.author]), [["https://x.test/1", "x.test"], ["https://x.test/2", "bob"]]);
  assert.equal(cards[1]!.createdAt!.toISOString(), "2026-11-23T10:00:00.000Z");
});

test("[n] becomes a chip link only within the citation count and outside code", () => {
  assert.equal(linkCitations("a [1][2] b [3]", 2), "a [1](#cite-1)[2](#cite-2) b [3]");
  assert.equal(linkCitations("see `x[1]` and\n```\narr[1]\n```\n[1]", 1), "see `x[1]` and\n```\narr[1]\n```\n[1](#cite-1)");
  assert.equal(linkCitations("[1](http://a)", 1), "[1](http://a)");
});

test("modes map to the candor aliases, or to reasoning_effort for a chosen model", () => {
  assert.deepEqual(requestModel("thinking", null), { model: "candor-thinking" });
  assert.deepEqual(requestModel("fast", "qwen3"), { model: "qwen3", reasoning_effort: "none" });
  assert.deepEqual(requestModel("auto", "qwen3"), { model: "qwen3" });
});

test("battles in the arena's shape and in LMArena-style columns", () => {
  assert.deepEqual(toBattle({ id: "b1", answers: { A: "left", B: "right" }, models: null }), { id: "b1", answerA: "left", answerB: "right" });
  assert.deepEqual(toBattle({ id: "b2", conversation_a: [{ role: "user", content: "q" }, { role: "assistant", content: "x" }], conversation_b: { content: "y" } }), { id: "b2", answerA: "x", answerB: "y" });
  assert.equal(toPostView("https://h.test/p").author, "h.test");
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { openDatabase } from "../../../src/storage/database.js";
import { knowledgeMigrations } from "../../../src/knowledge/migrations.js";
import { SqlitePostStore } from "../../../src/knowledge/store/sqlite-post-store.js";
import { PostSearch, buildFtsQuery } from "../../../src/knowledge/search/post-search.js";
import { KnowledgeLiveSearch, looksLikeRecentEventsQuestion } from "../../../src/knowledge/search/live-search-provider.js";
import type { Post } from "../../../src/knowledge/post.js";
import { H, NOW, post } from "./search-posts.js";


/** Unrelated posts, so BM25's idf has a corpus to work with. */
const filler = Array.from({ length: 40 }, (_, i) => post(`filler${i}`, `ordinary day number ${i} with tea and a walk`, 5 + i));

function setup(posts: Post[], dupOf: Record<string, string> = {}) {
  const db = openDatabase(":memory:", knowledgeMigrations);
  const store = new SqlitePostStore(db);
  store.upsertMany([...filler, ...posts].map((p) => ({ post: p, duplicateOf: dupOf[p.id] ?? null })));
  return { db, search: new PostSearch(store, { clock: () => NOW }) };
}

test("BM25 relevance with a recency boost; every hit has its url", () => {
  const { db, search } = setup([
    post("old", "solar eclipse solar eclipse totality over the lake", 24 * 30),
    post("fresh", "solar eclipse visible this afternoon", 1),
    post("unrelated", "the bakery sells bread", 1),
    post("partial", "solar panels on the roof", 2),
  ]);
  const hits = search.search({ q: "solar eclipse" });
  assert.deepEqual(hits.map((h) => h.id), ["bluesky:fresh", "bluesky:old", "bluesky:partial"]);
  for (const h of hits) assert.match(h.url, /^https:\/\/example\.test\//);
  assert.ok(hits[0]!.score > hits[1]!.score);
  assert.equal(search.search({ q: "solar eclipse", match: "all" }).at(-1)!.id, "bluesky:partial", "partial matches only after full ones");
  db.close();
});

test("filters: since/until, source, lang, author; copies collapse", () => {
  const { db, search } = setup(
    [
      post("a", "harbour festival tonight", 1),
      post("b", "harbour festival tonight", 1.5),
      post("c", "harbour festival report", 10, { source: "mastodon" }),
      post("d", "Hafenfest harbour heute", 2, { lang: "de" }),
    ],
    { "bluesky:b": "bluesky:a" },
  );
  const ids = (q: Parameters<typeof search.search>[0]) => search.search(q).map((h) => h.id).sort();
  assert.deepEqual(ids({ q: "harbour" }), ["bluesky:a", "bluesky:d", "mastodon:c"], "the copy collapses into its original");
  assert.deepEqual(ids({ q: "harbour", sinceMs: NOW - 3 * H }), ["bluesky:a", "bluesky:d"]);
  assert.deepEqual(ids({ q: "harbour", untilMs: NOW - 5 * H }), ["mastodon:c"]);
  assert.deepEqual(ids({ q: "harbour", sources: ["mastodon"] }), ["mastodon:c"]);
  assert.deepEqual(ids({ q: "harbour", langs: ["de"] }), ["bluesky:d"]);
  assert.deepEqual(ids({ q: "harbour", authors: ["@c.example"] }), ["mastodon:c"]);
  assert.deepEqual(ids({ sources: ["mastodon"] }), ["mastodon:c"], "no query lists the newest matching posts");
  assert.equal(search.search({ langs: ["en"], limit: 3 })[0]!.id, "bluesky:a");
  assert.equal(search.search({ q: "harbour", limit: 1 }).length, 1);
  db.close();
});

test("user input cannot break the FTS5 syntax", () => {
  const { db, search } = setup([post("a", 'quotes "and" NEAR(stars) AND -minus', 1)]);
  for (const q of ['"', "AND OR NOT", "NEAR(", "*", "a:b", "((()))", "'; DROP TABLE x; --", "ünïcödé", "#hashtag", "-minus"]) {
    assert.doesNotThrow(() => search.search({ q }), q);
  }
  assert.equal(buildFtsQuery("   ", "all"), undefined);
  assert.equal(buildFtsQuery('what is the "solar eclipse" about', "any"), '"solar eclipse"');
  assert.equal(buildFtsQuery("the who", "all"), '"the" "who"');
  db.close();
});

test("the assistant's live search honours xAI search_parameters", async () => {
  const { db, search } = setup([
    post("alice", "the rocket launch went perfectly", 2),
    post("bob", "rocket launch delayed by weather", 3),
    post("news", "rocket launch report", 4, { source: "rss" }),
    post("ancient", "rocket launch in history", 24 * 40),
  ]);
  const live = new KnowledgeLiveSearch(search);
  const ids = async (params: Parameters<typeof live.search>[1]) => (await live.search("what happened with the rocket launch?", params)).map((h) => h.id).sort();
  assert.deepEqual(await ids({ mode: "on" }), ["bluesky:alice", "bluesky:ancient", "bluesky:bob", "rss:news"]);
  assert.deepEqual(await ids({ mode: "on", fromDate: "2026-05-01" }), ["bluesky:alice", "bluesky:bob", "rss:news"]);
  assert.deepEqual(await ids({ mode: "on", toDate: "2026-04-01" }), ["bluesky:ancient"]);
  assert.deepEqual(await ids({ mode: "on", allowedHandles: ["@alice.example"] }), ["bluesky:alice"]);
  assert.deepEqual(await ids({ mode: "on", excludedHandles: ["bob.example"], sources: [{ type: "x" }] }), ["bluesky:alice", "bluesky:ancient"]);
  assert.deepEqual(await ids({ mode: "on", sources: [{ type: "x", included_x_handles: ["bob.example"] }] }), ["bluesky:bob"]);
  assert.deepEqual(await ids({ mode: "on", sources: [{ type: "news" }] }), ["rss:news"]);
  assert.deepEqual(await ids({ mode: "on", sources: [{ type: "web" }] }), []);
  assert.equal((await live.search("rocket", { mode: "on", maxSearchResults: 2 })).length, 2);
  const hit = (await live.search("rocket", { mode: "on", maxSearchResults: 1, allowedHandles: ["alice.example"] }))[0]!;
  assert.equal(hit.url, "https://example.test/alice");
  assert.match(hit.title!, /@alice\.example/);
  await assert.rejects(live.search("rocket", { mode: "on", fromDate: "yesterday-ish" }), /from_date is not a date/);
  db.close();
});

test("wantsSearch spots questions about recent events", () => {
  for (const q of ["What's the latest on the election?", "what is happening in Lisbon right now", "any news about the strike today", "What are people saying about #quake", "what's trending", "results of the 2026-05-09 match", "What did the minister announce on May 3rd?"])
    assert.equal(looksLikeRecentEventsQuestion(q), true, q);
  for (const q of ["How do I reverse a linked list?", "Explain photosynthesis", "Write a haiku about autumn"]) assert.equal(looksLikeRecentEventsQuestion(q), false, q);
});

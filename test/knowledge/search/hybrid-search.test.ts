import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type SqliteDatabase } from "../../../src/storage/database.js";
import { knowledgeMigrations } from "../../../src/knowledge/migrations.js";
import { createKnowledgeEngine, type KnowledgeServices } from "../../../src/knowledge/index.js";
import type { KnowledgeConfig } from "../../../src/knowledge/config.js";
import type { PostSearchQuery } from "../../../src/knowledge/search/post-search.js";
import type { Post } from "../../../src/knowledge/post.js";
import { H, NOW, post } from "./search-posts.js";
import { ConceptEmbeddingModel } from "../embeddings/concept-embedding-model.js";


const FILLER_TOPICS = ["tea and a walk", "new bicycle lanes", "jazz concert tickets", "garden tomatoes", "a chess opening", "train timetable changes", "museum late opening", "coffee prices"];
const filler = Array.from({ length: 60 }, (_, i) => post(`filler${i}`, `ordinary day ${i}: ${FILLER_TOPICS[i % FILLER_TOPICS.length]} number${i}`, 3 + (i % 20)));

const CORPUS: Post[] = [
  ...filler,
  post("both", "Flood evacuation under way downtown as water rises", 2),
  post("lexical", "Levee breach: evacuation ordered for the east bank", 3),
  // Says the same as "flood evacuation" without either word: BM25 cannot find it.
  post("synonyms", "Streets inundated overnight, residents told to relocate to shelters", 1),
  post("synonyms-de", "Streets submerged, families relocated to the school shelters", 1, { lang: "de", source: "mastodon", author: { id: "did:de", handle: "de.example" } }),
  post("old-synonyms", "Deluge swamps the valley; people fled to shelters", 24 * 20),
  post("bakery", "The bakery on Main Street sells sourdough bread", 1),
  post("fire", "Wildfire smoke drifts over the hills", 1),
];

/** The bot's copy and its original are one result; which one stands for both follows BM25's choice (the newest). */
const original = (id: string) => (id === "bluesky:copy" ? "bluesky:synonyms" : id);

let dir: string;
let db: SqliteDatabase;
let hybrid: KnowledgeServices;
let model: ConceptEmbeddingModel;
let plainDb: SqliteDatabase;
let plain: KnowledgeServices;

function open(file: string, m?: ConceptEmbeddingModel, embeddings: Partial<KnowledgeConfig["embeddings"]> = {}) {
  const d = openDatabase(file, knowledgeMigrations);
  const e = createKnowledgeEngine({
    db: d,
    timers: false,
    rebuild: false,
    config: { embeddings: { ...(m ? { model: m.id } : {}), ...embeddings } as KnowledgeConfig["embeddings"] },
    embeddingModel: m,
  });
  e.search.options.clock = () => NOW;
  return { d, e };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "candor-hybrid-"));
  model = new ConceptEmbeddingModel();
  ({ d: db, e: hybrid } = open(join(dir, "hybrid.db"), model, { queryTimeoutMs: 200 }));
  ({ d: plainDb, e: plain } = open(join(dir, "plain.db")));
  for (const e of [hybrid, plain]) {
    // A copy of the synonyms post by a bot: stored, but one result.
    for (const p of [...CORPUS, post("copy", "Streets inundated overnight, residents told to relocate to shelters", 0.5, { author: { id: "did:bot", handle: "bot.example" } })]) {
      e.pipeline.handle({ kind: "upsert", post: p });
    }
    e.pipeline.flush();
  }
  await hybrid.embedder!.whenIdle();
});

after(async () => {
  await hybrid.close();
  await plain.close();
  db.close();
  plainDb.close();
  rmSync(dir, { recursive: true, force: true });
});

test("hybrid ranking finds a post that says the same in other words; BM25 alone misses it", async () => {
  const q: PostSearchQuery = { q: "flood evacuation", limit: 5 };
  const bm25 = hybrid.searchPosts(q).map((h) => h.id);
  assert.ok(!bm25.includes("bluesky:synonyms"), `BM25 found it: ${bm25}`);
  assert.equal(bm25[0], "bluesky:both");

  const r = await hybrid.searchPostsRanked(q);
  assert.equal(r.ranking, "hybrid");
  const ids = r.hits.map((h) => h.id);
  assert.equal(ids[0], "bluesky:both", "in both lists: first");
  assert.ok(ids.includes("bluesky:synonyms"), `hybrid: ${ids}`);
  // Every post about the flood (both words, one word, or neither) ranks above anything unrelated.
  assert.deepEqual(new Set(ids.slice(0, 4)), new Set(["bluesky:both", "bluesky:lexical", "bluesky:synonyms", "mastodon:synonyms-de"]));
  assert.ok(!ids.includes("bluesky:bakery") && !ids.includes("bluesky:fire"), `unrelated posts stay out of the top 5: ${ids}`);
  const syn = r.hits.find((h) => h.id === "bluesky:synonyms")!;
  assert.equal(syn.relevance, 0, "no BM25 relevance");
  assert.ok(syn.similarity! > 0.5, `similarity ${syn.similarity}`);
  assert.equal(syn.url, "https://example.test/synonyms");
  for (const h of r.hits) assert.match(h.url, /^https:\/\/example\.test\//);
  // The copy collapses into its original.
  assert.equal(ids.filter((id) => id === "bluesky:synonyms" || id === "bluesky:copy").length, 1);
  // Recency still counts: the fresh synonyms post outranks the 20-day-old one saying the same.
  const deluge = (await hybrid.searchPostsRanked({ q: "inundation shelters", limit: 10 })).hits.map((h) => h.id);
  assert.ok(deluge.indexOf("bluesky:synonyms") < deluge.indexOf("bluesky:old-synonyms"), `${deluge}`);
});

test("a query whose words match nothing still finds posts by meaning", async () => {
  assert.deepEqual(hybrid.searchPosts({ q: "deluge" }).map((h) => h.id), ["bluesky:old-synonyms"]);
  const r = await hybrid.searchPostsRanked({ q: "inundation", limit: 3 });
  assert.equal(r.ranking, "hybrid");
  assert.deepEqual(new Set(r.hits.map((h) => original(h.id))), new Set(["bluesky:synonyms", "bluesky:both", "mastodon:synonyms-de"]));
  // BM25 matches the word only (the fresh copy stands for its original there).
  assert.deepEqual(hybrid.searchPosts({ q: "inundation" }).map((h) => h.id), ["bluesky:copy"]);
});

test("filters apply to vector hits: lang, source, author, since/until", async () => {
  const de = await hybrid.searchPostsRanked({ q: "flood evacuation", langs: ["de"] });
  assert.deepEqual(de.hits.map((h) => h.id), ["mastodon:synonyms-de"]);
  const masto = await hybrid.searchPostsRanked({ q: "flood evacuation", sources: ["mastodon"] });
  assert.deepEqual(masto.hits.map((h) => h.id), ["mastodon:synonyms-de"]);
  const author = await hybrid.searchPostsRanked({ q: "flood evacuation", authors: ["@synonyms.example"] });
  assert.deepEqual(author.hits.map((h) => h.id), ["bluesky:synonyms"]);
  const excluded = await hybrid.searchPostsRanked({ q: "flood evacuation", excludedAuthors: ["synonyms.example"], limit: 50 });
  assert.ok(!excluded.hits.some((h) => h.id === "bluesky:synonyms"));
  const recent = await hybrid.searchPostsRanked({ q: "flood evacuation", sinceMs: NOW - 1.5 * H, limit: 50 });
  for (const h of recent.hits) assert.ok(Date.parse(h.createdAt) >= NOW - 1.5 * H, h.id);
  assert.ok(recent.hits.some((h) => h.id === "bluesky:synonyms"));
  const old = await hybrid.searchPostsRanked({ q: "flood evacuation", untilMs: NOW - 24 * H, limit: 50 });
  assert.deepEqual(old.hits.map((h) => h.id), ["bluesky:old-synonyms"]);
});

test("without an embedding model search is BM25, with results identical to the BM25 path of a hybrid engine", async () => {
  const queries: PostSearchQuery[] = [
    { q: "flood evacuation" },
    { q: "flood evacuation", match: "any" },
    { q: "evacuation", limit: 3 },
    { q: "ordinary day", sources: ["bluesky"], limit: 50 },
    { q: "shelters", langs: ["de"] },
    { q: "concert", authors: ["filler2.example"] },
    { q: "streets", sinceMs: NOW - 2 * H },
    { limit: 5 },
    { q: "the" },
  ];
  assert.equal(plain.embedder, undefined);
  assert.equal(plain.stats().embeddings.state, "off");
  assert.equal(plain.stats().embeddings.model, null);
  for (const q of queries) {
    const r = await plain.searchPostsRanked(q);
    assert.equal(r.ranking, "bm25");
    assert.equal(r.note, undefined);
    const sync = plain.searchPosts(q);
    assert.deepEqual(r.hits, sync, JSON.stringify(q));
    assert.deepEqual(hybrid.searchPosts(q), sync, `the embeddings do not change BM25 results: ${JSON.stringify(q)}`);
    for (const h of r.hits) assert.equal("similarity" in h, false);
  }
  // The assistant's live search answers the same way.
  const live = await plain.liveSearch.search("flood evacuation", { mode: "on" });
  assert.deepEqual(live.map((h) => h.id), plain.searchPosts({ q: "flood evacuation", match: "any", limit: 10 }).map((h) => h.id));
});

test("the assistant's live search uses the hybrid ranking, with urls to cite", async () => {
  const hits = await hybrid.liveSearch.search("what about the inundation downtown?", { mode: "on", maxSearchResults: 5 });
  const ids = hits.map((h) => original(h.id));
  assert.ok(ids.includes("bluesky:synonyms") && ids.includes("bluesky:both"), `${ids}`);
  for (const h of hits) assert.match(h.url, /^https:\/\/example\.test\//);
});

test("a query the model cannot embed in time is answered by BM25, saying why", async () => {
  model.delayMs = 1000;
  try {
    const q = { q: "evacuation relocation timing" };
    const r = await hybrid.searchPostsRanked(q);
    assert.equal(r.ranking, "bm25");
    assert.match(r.note ?? "", /timed out after 200 ms/);
    assert.deepEqual(r.hits, hybrid.searchPosts(q));
  } finally {
    model.delayMs = 0;
  }
  // Cached query vectors skip the model: a repeated query costs no embed call.
  await hybrid.searchPostsRanked({ q: "flood evacuation" });
  const calls = model.calls;
  await hybrid.searchPostsRanked({ q: "flood evacuation" });
  assert.equal(model.calls, calls);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type SqliteDatabase } from "../../../src/storage/database.js";
import { knowledgeMigrations } from "../../../src/knowledge/migrations.js";
import { createKnowledgeEngine, type KnowledgeServices } from "../../../src/knowledge/index.js";
import type { KnowledgeConfig } from "../../../src/knowledge/config.js";
import type { ChatModel } from "../../../src/models/chat-model.js";
import type { Post } from "../../../src/knowledge/post.js";
import { ConceptEmbeddingModel } from "./concept-embedding-model.js";

const T0 = Date.parse("2026-05-10T10:00:00Z");
const WORDS = ["flood", "river", "power", "fire", "quake", "election", "bakery", "football", "rain", "levee", "ballot", "smoke"];

/** Post n: distinct text (so dedupe keeps it), a second apart, its number in the text so tests can read it back. */
function post(n: number, over: Partial<Post> = {}): Post {
  return {
    id: `bluesky:p${n}`,
    source: "bluesky",
    sourceId: `p${n}`,
    url: `https://bsky.app/profile/a${n % 17}/post/p${n}`,
    author: { id: `did:plc:a${n % 17}`, handle: `a${n % 17}.bsky.social` },
    // Mostly words of its own, so near-duplicate detection (Jaccard ≥ 0.7 of word sets) never flags one.
    text: `update ${n}: ${WORDS[n % WORDS.length]} ${WORDS[(n * 5 + 1) % WORDS.length]} news item${n} alpha${n} beta${n} gamma${n}`,
    lang: "en",
    createdAt: new Date(T0 + n * 1000).toISOString(),
    hashtags: [],
    links: [],
    mentions: [],
    images: [],
    ...over,
  };
}

const numberOf = (text: string) => Number(/update (\d+):/.exec(text)?.[1]);

interface Setup {
  dir: string;
  db: SqliteDatabase;
  engine: KnowledgeServices;
  logs: string[];
  reopen(model: ChatModel | (() => ChatModel | undefined) | undefined, config?: Partial<KnowledgeConfig["embeddings"]>): Promise<void>;
  close(): Promise<void>;
}

async function setup(model: ChatModel | (() => ChatModel | undefined) | undefined, embeddings: Partial<KnowledgeConfig["embeddings"]> = {}): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), "candor-embedder-"));
  const logs: string[] = [];
  const open = (m: typeof model, e: typeof embeddings) => {
    const db = openDatabase(join(dir, "k.db"), knowledgeMigrations);
    const engine = createKnowledgeEngine({
      db,
      timers: false,
      rebuild: false,
      log: (l) => logs.push(l),
      config: { embeddings: { model: "concepts", batchSize: 8, ...e } as KnowledgeConfig["embeddings"], ingest: { batchSize: 50, flushMs: 10, rebuild: "1h" } },
      embeddingModel: m,
    });
    return { db, engine };
  };
  let cur = open(model, embeddings);
  const s: Setup = {
    dir,
    db: cur.db,
    engine: cur.engine,
    logs,
    async reopen(m, e = embeddings) {
      await cur.engine.close();
      cur.db.close();
      cur = open(m, e);
      s.db = cur.db;
      s.engine = cur.engine;
    },
    async close() {
      await cur.engine.close();
      cur.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return s;
}

function ingest(engine: KnowledgeServices, posts: Post[]): void {
  for (const p of posts) engine.pipeline.handle({ kind: "upsert", post: p });
  engine.pipeline.flush();
}

const pkOf = (db: SqliteDatabase, id: string) => (db.prepare("SELECT pk FROM knowledge_posts WHERE id = ?").get(id) as { pk: number } | undefined)?.pk;

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return d / Math.sqrt(na * nb);
}

test("stored posts get vectors in the background (on a database file, through the writer thread); copies are skipped", async () => {
  const model = new ConceptEmbeddingModel();
  const t = await setup(model);
  try {
    const posts = Array.from({ length: 200 }, (_, i) => post(i + 1));
    // 20 copy-paste reposts by other accounts: stored, collapsed in search, never embedded.
    const copies = posts.slice(0, 20).map((p, i) => ({ ...p, id: `bluesky:copy${i}`, sourceId: `copy${i}`, author: { id: `did:plc:bot${i}`, handle: `bot${i}.bsky.social` } }));
    ingest(t.engine, [...posts, ...copies]);
    assert.equal(t.engine.store.count(), 220);
    assert.equal((t.db.prepare("SELECT count(*) AS n FROM knowledge_posts WHERE duplicate_of IS NULL").get() as { n: number }).n, 200);
    await t.engine.embedder!.whenIdle();
    const stats = t.engine.stats().embeddings;
    assert.equal(stats.model, "concepts");
    assert.equal(stats.state, "idle");
    assert.equal(stats.dimension, 64);
    assert.equal(stats.postsEmbedded, 200);
    assert.equal(stats.queued, 0);
    assert.equal(stats.coverage, 1);
    assert.equal(stats.backfillDone, true);
    assert.equal(stats.failed, 0);
    assert.ok(stats.postsPerSecond > 0);
    assert.equal(model.embedded.length, 200, "each original embedded once, copies never");
    assert.equal(t.engine.vectors!.indexRows(), 200);
    for (const n of [1, 77, 200]) {
      const stored = t.engine.vectors!.vectorOf(pkOf(t.db, `bluesky:p${n}`)!)!;
      assert.ok(cosine(stored, model.vectorFor(post(n).text)) > 0.99, `post ${n}'s vector is the model's`);
    }
    assert.ok(t.logs.some((l) => /hybrid search \(BM25 \+ embeddings from 'concepts'/.test(l)));
  } finally {
    await t.close();
  }
});

test("ingest never waits for the model: a stuck model leaves a bounded queue, then catches up newest first", async () => {
  const model = new ConceptEmbeddingModel();
  const release = model.hold();
  const t = await setup(model, { queue: 40, batchSize: 10 });
  try {
    // The first batch reaches the model and gets stuck there.
    ingest(t.engine, Array.from({ length: 10 }, (_, i) => post(i + 1)));
    await waitFor(() => model.calls === 1);
    // The stream goes on: 990 more posts, in rounds with event-loop turns between them (as a socket would deliver).
    const started = performance.now();
    for (let round = 0; round < 11; round++) {
      ingest(t.engine, Array.from({ length: 90 }, (_, i) => post(11 + round * 90 + i)));
      await new Promise((r) => setTimeout(r, 5));
    }
    const ingestMs = performance.now() - started;
    assert.equal(t.engine.store.count(), 1000);
    await waitFor(() => t.engine.stats().embeddings.queued === 40);
    let stats = t.engine.stats().embeddings;
    assert.equal(stats.state, "embedding");
    assert.equal(stats.postsEmbedded, 0);
    assert.equal(stats.queued, 40, "the queue is bounded");
    assert.equal(stats.skipped, 950, "990 new posts, 40 queued");
    assert.ok(stats.coverage < 0.05);
    assert.ok(ingestMs < 10_000, `ingest took ${ingestMs} ms`);

    release();
    await t.engine.embedder!.whenIdle();
    stats = t.engine.stats().embeddings;
    assert.equal(stats.postsEmbedded, 1000, "skipped posts are filled in once the model catches up");
    assert.equal(stats.coverage, 1);
    assert.equal(stats.backfillDone, true);
    // After the stuck batch (posts 1–10): the newest first, and never an older post before a newer one.
    const order = model.embedded.slice(10).map(numberOf);
    assert.deepEqual(order.slice(0, 10), Array.from({ length: 10 }, (_, i) => 1000 - i));
    for (let i = 1; i < order.length; i++) assert.ok(order[i]! < order[i - 1]!, `post ${order[i]} after ${order[i - 1]}`);
    assert.equal(order.length, 990);
  } finally {
    await t.close();
  }
});

test("deletes and edits that arrive through the pipeline remove and refresh vectors", async () => {
  const model = new ConceptEmbeddingModel();
  const t = await setup(model);
  try {
    ingest(t.engine, Array.from({ length: 60 }, (_, i) => post(i + 1)));
    await t.engine.embedder!.whenIdle();
    assert.equal(t.engine.vectors!.indexRows(), 60);
    const pk7 = pkOf(t.db, "bluesky:p7")!;
    const pk9 = pkOf(t.db, "bluesky:p9")!;
    t.engine.pipeline.handle({ kind: "delete", source: "bluesky", sourceId: "p7" });
    t.engine.pipeline.handle({ kind: "upsert", post: post(9, { text: "update 9: wildfire smoke over the valley" }) });
    t.engine.pipeline.flush();
    await t.engine.embedder!.whenIdle();
    assert.equal(t.engine.vectors!.vectorOf(pk7), undefined);
    assert.equal(t.engine.vectors!.indexRows(), 59);
    assert.equal(t.engine.stats().embeddings.postsEmbedded, 59);
    assert.ok(cosine(t.engine.vectors!.vectorOf(pk9)!, model.vectorFor("update 9: wildfire smoke over the valley")) > 0.99, "the edit was embedded again");
    const r = await t.engine.searchPostsRanked({ q: "blaze flames" });
    assert.equal(r.ranking, "hybrid");
    assert.equal(r.hits[0]!.id, "bluesky:p9");

    // Retention through the engine.
    t.engine.config.retention.maxPosts = 30;
    t.engine.maintain();
    await t.engine.embedder!.whenIdle();
    assert.equal(t.engine.vectors!.indexRows(), 30);
    assert.equal(t.engine.stats().embeddings.postsEmbedded, 30);
  } finally {
    await t.close();
  }
});

test("an edit committed while a batch is with the model is embedded again", async () => {
  const model = new ConceptEmbeddingModel();
  const t = await setup(model, { batchSize: 8 });
  try {
    ingest(t.engine, Array.from({ length: 20 }, (_, i) => post(i + 1)));
    await t.engine.embedder!.whenIdle();
    const pk9 = pkOf(t.db, "bluesky:p9")!;
    const release = model.hold();
    const calls = model.calls;
    ingest(t.engine, Array.from({ length: 10 }, (_, i) => post(21 + i)));
    await waitFor(() => model.calls === calls + 1);
    // The embedder now waits on the model; the edit's trigger queues a tombstone meanwhile.
    ingest(t.engine, [post(9, { text: "update 9: wildfire smoke over the valley" })]);
    release();
    await t.engine.embedder!.whenIdle();
    const v = t.engine.vectors!.vectorOf(pk9);
    assert.ok(v, "the edited post has a vector again");
    assert.ok(cosine(v, model.vectorFor("update 9: wildfire smoke over the valley")) > 0.99);
  } finally {
    await t.close();
  }
});

test("a restart keeps the vectors; another model rebuilds them", async () => {
  const model = new ConceptEmbeddingModel();
  const t = await setup(model);
  try {
    ingest(t.engine, Array.from({ length: 50 }, (_, i) => post(i + 1)));
    await t.engine.embedder!.whenIdle();
    const again = new ConceptEmbeddingModel();
    await t.reopen(again);
    await t.engine.embedder!.whenIdle();
    assert.equal(again.calls, 0, "nothing re-embedded after a restart with the same model");
    assert.equal(t.engine.stats().embeddings.postsEmbedded, 50);
    const r = await t.engine.searchPostsRanked({ q: "inundation" });
    assert.equal(r.ranking, "hybrid");
    assert.ok(r.hits.length > 0 && /flood/.test(r.hits[0]!.text));
    // Posts that arrived while it was down are picked up on start (the backfill).
    await t.reopen(undefined, { model: undefined });
    ingest(t.engine, Array.from({ length: 10 }, (_, i) => post(51 + i)));
    assert.equal(t.engine.stats().embeddings.state, "off");
    const back = new ConceptEmbeddingModel();
    await t.reopen(back);
    await t.engine.embedder!.whenIdle();
    assert.equal(back.embedded.length, 10);
    assert.equal(t.engine.stats().embeddings.postsEmbedded, 60);

    const other = new ConceptEmbeddingModel({ id: "concepts-v2", dimension: 32 });
    await t.reopen(other, { model: "concepts-v2" });
    assert.ok(t.logs.some((l) => /embedding model changed from concepts to concepts-v2/.test(l)), t.logs.join("\n"));
    await t.engine.embedder!.whenIdle();
    const stats = t.engine.stats().embeddings;
    assert.equal(stats.model, "concepts-v2");
    assert.equal(stats.dimension, 32);
    assert.equal(stats.postsEmbedded, 60);
    assert.equal(other.embedded.length, 60);
    assert.equal(t.engine.vectors!.state()?.model, "concepts-v2");
  } finally {
    await t.close();
  }
});

test("an input the model refuses is skipped and counted; the rest are embedded", async () => {
  const model = new ConceptEmbeddingModel({ reject: /item13\b/ });
  const t = await setup(model);
  try {
    ingest(t.engine, Array.from({ length: 30 }, (_, i) => post(i + 1)));
    await t.engine.embedder!.whenIdle();
    const stats = t.engine.stats().embeddings;
    assert.equal(stats.postsEmbedded, 29);
    assert.equal(stats.failed, 1);
    assert.match(stats.lastError ?? "", /too long/);
    assert.equal(t.engine.vectors!.vectorOf(pkOf(t.db, "bluesky:p13")!), undefined);
  } finally {
    await t.close();
  }
});

test("a model that is not installed yet: BM25 until it appears, then the stored posts are embedded", async () => {
  let installed: ChatModel | undefined;
  const t = await setup(() => installed);
  try {
    ingest(t.engine, Array.from({ length: 40 }, (_, i) => post(i + 1)));
    await t.engine.embedder!.whenIdle();
    assert.equal(t.engine.stats().embeddings.state, "waiting_for_model");
    assert.ok(t.logs.some((l) => /embedding model 'concepts' is not installed/.test(l)));
    const before = await t.engine.searchPostsRanked({ q: "inundation" });
    assert.equal(before.ranking, "bm25");
    assert.deepEqual(before.hits, []);
    installed = new ConceptEmbeddingModel();
    await t.engine.embedder!.whenIdle();
    assert.equal(t.engine.stats().embeddings.postsEmbedded, 40);
    const after = await t.engine.searchPostsRanked({ q: "inundation" });
    assert.equal(after.ranking, "hybrid");
    assert.ok(after.hits.length > 0);
  } finally {
    await t.close();
  }
});

test("when sqlite-vec cannot load: one clear log line, stats say so, search is BM25", async () => {
  const dir = mkdtempSync(join(tmpdir(), "candor-novec-"));
  const db = openDatabase(join(dir, "k.db"), knowledgeMigrations);
  (db as unknown as { loadExtension: () => void }).loadExtension = () => {
    throw new Error("extension loading is disabled here");
  };
  const logs: string[] = [];
  const engine = createKnowledgeEngine({ db, timers: false, rebuild: false, log: (l) => logs.push(l), config: { embeddings: { model: "concepts" } as KnowledgeConfig["embeddings"] }, embeddingModel: new ConceptEmbeddingModel() });
  try {
    ingest(engine, [post(1), post(2)]);
    assert.equal(logs.filter((l) => /sqlite-vec could not be loaded \(extension loading is disabled here\); search stays BM25-only/.test(l)).length, 1);
    assert.equal(engine.embedder, undefined);
    const stats = engine.stats().embeddings;
    assert.equal(stats.state, "unavailable");
    assert.match(stats.lastError ?? "", /extension loading is disabled/);
    const r = await engine.searchPostsRanked({ q: "flood" });
    assert.equal(r.ranking, "bm25");
    assert.deepEqual(r.hits, engine.searchPosts({ q: "flood" }));
  } finally {
    await engine.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 5));
  }
}

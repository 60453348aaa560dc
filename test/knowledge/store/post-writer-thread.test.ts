import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../../src/storage/database.js";
import { knowledgeMigrations } from "../../../src/knowledge/migrations.js";
import { createKnowledgeEngine } from "../../../src/knowledge/index.js";
import { IngestPipeline } from "../../../src/knowledge/ingest-pipeline.js";
import { PostWriterThread } from "../../../src/knowledge/store/post-writer-thread.js";
import { SqlitePostStore, rowValues } from "../../../src/knowledge/store/sqlite-post-store.js";
import { SqliteCursorStore } from "../../../src/knowledge/store/sqlite-cursor-store.js";
import { TrendTracker } from "../../../src/knowledge/analysis/trends.js";
import { StoryTracker } from "../../../src/knowledge/analysis/stories.js";
import { generateSyntheticStream } from "../analysis/synthetic-stream.js";

const MIN = 60_000;

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), "candor-writer-"));
  return { dir, file: join(dir, "candor.db"), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test("the writer thread commits batches in order and reports each; waitFor blocks until committed", async () => {
  const t = tempDir();
  const db = openDatabase(t.file, knowledgeMigrations);
  const store = new SqlitePostStore(db);
  const writer = new PostWriterThread(t.file);
  try {
    const { posts } = generateSyntheticStream({ minutes: 5, backgroundPerMinute: 40 });
    const rows = posts.map((post) => rowValues({ post }, Date.now()));
    const a = writer.submit(rows.slice(0, 100), [["src", "100"]]);
    // The same post twice, then deleted, then a cursor: order inside and across batches is kept.
    const b = writer.submit([...rows.slice(100), rows[0]!, posts[1]!.id], [["src", String(posts.length)]]);
    const results = writer.waitFor(b);
    assert.deepEqual(
      results.map((r) => [r.seq, r.inserted, r.unchanged, r.deleted, r.error]),
      [
        [a, 100, 0, 0, undefined],
        [b, posts.length - 100, 1, 1, undefined],
      ],
    );
    assert.equal(store.count(), posts.length - 1);
    assert.equal(store.get(posts[1]!.id), undefined);
    assert.equal(new SqliteCursorStore(db).get("src"), String(posts.length));
  } finally {
    await writer.close();
    db.close();
    t.cleanup();
  }
});

test("through the engine on a file: redeliveries across batches still in flight count once; flush returns with everything stored", async () => {
  const t = tempDir();
  const db = openDatabase(t.file, knowledgeMigrations);
  const engine = createKnowledgeEngine({ db, timers: false, rebuild: false, config: { ingest: { batchSize: 50, flushMs: 100, rebuild: "1h" } } });
  const memDb = openDatabase(":memory:", knowledgeMigrations);
  const reference = createKnowledgeEngine({ db: memDb, timers: false, rebuild: false, config: { ingest: { batchSize: 50, flushMs: 100, rebuild: "1h" } } });
  try {
    const { posts } = generateSyntheticStream({ minutes: 20, backgroundPerMinute: 30 });
    let sawWriting = 0;
    engine.pipeline.onBatch(() => (sawWriting = Math.max(sawWriting, engine.pipeline.stats().writing)));
    for (const e of [engine, reference]) {
      for (let i = 0; i < posts.length; i++) {
        e.pipeline.handle({ kind: "upsert", post: posts[i]! });
        // Redeliver the previous 20 posts every 60 posts: they are in batches the writer may not have committed yet.
        if (i % 60 === 59) for (const p of posts.slice(i - 20, i)) e.pipeline.handle({ kind: "upsert", post: p });
      }
      e.pipeline.handle({ kind: "delete", source: posts[3]!.source, sourceId: posts[3]!.sourceId });
      e.pipeline.flush();
    }
    assert.ok(sawWriting >= 1, "batches were committed on the writer thread");
    assert.equal(engine.store.count(), posts.length - 1);
    assert.equal(engine.stats().postsStored, posts.length - 1);
    const s = engine.pipeline.stats();
    assert.equal(s.writing, 0);
    assert.equal(s.inserted, posts.length);
    assert.equal(s.deleted, 1);
    // Same analysis as the in-thread pipeline on :memory:, redeliveries and all.
    assert.deepEqual(engine.trends.top(15 * MIN, { limit: 20 }), reference.trends.top(15 * MIN, { limit: 20 }));
    assert.deepEqual(engine.stories.list({ limit: 10 }), reference.stories.list({ limit: 10 }));
  } finally {
    await engine.close();
    await reference.close();
    db.close();
    memDb.close();
    t.cleanup();
  }
});

test("a writer thread that cannot open its database: every batch is written in-thread, nothing is lost", async () => {
  const t = tempDir();
  const db = openDatabase(t.file, knowledgeMigrations);
  const store = new SqlitePostStore(db);
  const cursors = new SqliteCursorStore(db);
  const logs: string[] = [];
  // A path under a regular file cannot be created.
  const writer = new PostWriterThread(join(t.file, "nested", "x.db"), (l) => logs.push(l));
  const pipeline = new IngestPipeline({ store, cursors, writer, trends: new TrendTracker(), stories: new StoryTracker(), batchSize: 25 });
  try {
    const { posts } = generateSyntheticStream({ minutes: 5, backgroundPerMinute: 30 });
    for (let i = 0; i < posts.length; i++) {
      pipeline.handle({ kind: "upsert", post: posts[i]!, cursor: String(i + 1) }, "list");
      cursors.set("list", String(i + 1));
    }
    pipeline.flush();
    assert.equal(store.count(), posts.length);
    assert.equal(pipeline.stats().inserted, posts.length);
    assert.equal(cursors.get("list"), String(posts.length));
    assert.equal((db.prepare("SELECT cursor FROM knowledge_cursors WHERE name = 'list'").get() as { cursor: string }).cursor, String(posts.length));
  } finally {
    pipeline.close();
    await writer.close();
    db.close();
    t.cleanup();
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage } from "node:http";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/storage/database.js";
import { knowledgeMigrations } from "../../src/knowledge/migrations.js";
import { createKnowledgeEngine, ingestInto } from "../../src/knowledge/index.js";
import type { Post, PostEvent, PostSource, SourceStatus } from "../../src/knowledge/post.js";
import type { AlertFiring } from "../../src/knowledge/alerts/alert-manager.js";
import { generateSyntheticStream } from "./analysis/synthetic-stream.js";

const T0 = Date.parse("2026-03-01T00:00:00Z");
const MIN = 60_000;

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), "candor-pipeline-"));
  return { dir, file: join(dir, "candor.db"), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function burstStream() {
  return generateSyntheticStream({
    minutes: 90,
    backgroundPerMinute: 30,
    events: [{ id: "flood", hashtag: "riverflood", terms: ["flood", "river", "levee", "evacuation", "rain"], startMs: T0 + 60 * MIN, durationMs: 20 * MIN, postsPerMinute: 20 }],
  });
}

/** A source that plays a list of events, awaiting the handler as the real sources do. */
class ListSource implements PostSource {
  readonly kind = "replay" as const;
  private state: SourceStatus["state"] = "idle";
  private received = 0;
  private done: Promise<void> = Promise.resolve();
  constructor(
    readonly name: string,
    private readonly events: PostEvent[],
    private readonly cursors?: { set(n: string, v: string): void },
  ) {}
  async start(onEvent: (e: PostEvent) => void | Promise<void>) {
    this.state = "connected";
    this.done = (async () => {
      for (const e of this.events) {
        await onEvent(e);
        this.received++;
        if (e.cursor) this.cursors?.set(this.name, e.cursor);
        if (this.received % 100 === 0) await new Promise((r) => setImmediate(r));
      }
      this.state = "stopped";
    })();
  }
  whenDone() {
    return this.done;
  }
  async stop() {
    await this.done;
    this.state = "stopped";
  }
  status(): SourceStatus {
    return { name: this.name, kind: this.kind, state: this.state, postsPerSecond: 0, received: this.received };
  }
}

test("redelivery, edits, copies, deletes and bad posts", () => {
  const db = openDatabase(":memory:", knowledgeMigrations);
  const engine = createKnowledgeEngine({ db, timers: false });
  const { posts } = generateSyntheticStream({ minutes: 10, backgroundPerMinute: 20 });
  for (const p of posts) engine.pipeline.handle({ kind: "upsert", post: p });
  engine.pipeline.flush();
  const topicsBefore = JSON.stringify(engine.trends.top(5 * MIN, { limit: 50 }));
  // A reconnect replays the last 50 posts: nothing is counted twice.
  for (const p of posts.slice(-50)) engine.pipeline.handle({ kind: "upsert", post: p });
  engine.pipeline.flush();
  assert.equal(engine.store.count(), posts.length);
  assert.equal(JSON.stringify(engine.trends.top(5 * MIN, { limit: 50 })), topicsBefore);

  const edited: Post = { ...posts[0]!, text: "edited text about a lighthouse" };
  const copy: Post = { ...posts[5]!, id: "demo:copy", sourceId: "copy", author: { id: "did:demo:copier" } };
  const bad = [{ ...posts[1]!, id: "" }, { ...posts[2]!, id: "demo:x", createdAt: "not a date" }, null as unknown as Post, { ...posts[3]!, id: "demo:y", text: 42 as unknown as string }];
  for (const p of [edited, copy, ...bad]) engine.pipeline.handle({ kind: "upsert", post: p });
  engine.pipeline.handle({ kind: "delete", source: "demo", sourceId: posts[10]!.sourceId });
  const r = engine.pipeline.flush()!;
  assert.deepEqual({ inserted: r.inserted, updated: r.updated, deleted: r.deleted, rejected: r.rejected }, { inserted: 1, updated: 1, deleted: 1, rejected: 4 });
  assert.equal(engine.store.get(posts[0]!.id)!.text, "edited text about a lighthouse");
  assert.equal(engine.store.get(posts[10]!.id), undefined);
  const stored = engine.store.get("demo:copy")!;
  assert.equal(posts[5]!.text.split(" ").length >= 6 ? stored.duplicateOf : posts[5]!.id, posts[5]!.id);
  assert.equal(engine.stats().postsStored, posts.length);
  db.close();
});

test("memory stays bounded by one batch: the queue never grows past the batch size", async () => {
  const db = openDatabase(":memory:", knowledgeMigrations);
  const engine = createKnowledgeEngine({ db, timers: false, config: { ingest: { batchSize: 64, flushMs: 50, rebuild: "1h" } } });
  const { posts } = generateSyntheticStream({ minutes: 30, backgroundPerMinute: 40 });
  let maxQueued = 0;
  const source = new ListSource("fast", posts.map((post) => ({ kind: "upsert", post }) as PostEvent));
  engine.pipeline.onBatch(() => (maxQueued = Math.max(maxQueued, engine.pipeline.stats().queued)));
  const wrapped: PostSource = {
    ...source,
    name: source.name,
    kind: source.kind,
    start: (h) =>
      source.start((e) => {
        h(e);
        maxQueued = Math.max(maxQueued, engine.pipeline.stats().queued);
      }),
    stop: () => source.stop(),
    status: () => source.status(),
  };
  await engine.addSource(wrapped);
  await source.whenDone();
  engine.pipeline.flush();
  assert.ok(maxQueued < 64, `queue reached ${maxQueued}`);
  assert.equal(engine.store.count(), posts.length);
  await engine.close();
  db.close();
});

test("ingestInto stores a source's posts and commits its cursor with them; a restart rebuilds the same trends and stories", async () => {
  const t = tempDir();
  try {
    const { posts } = burstStream();
    let db = openDatabase(t.file, knowledgeMigrations);
    let engine = createKnowledgeEngine({ db, timers: false });
    const events = posts.map((post, i) => ({ kind: "upsert", post, cursor: String(i + 1) }) as PostEvent);
    await ingestInto(engine, new ListSource("replay-1", events, engine.cursors));
    assert.equal(engine.store.count(), posts.length);
    assert.equal(engine.cursors.get("replay-1"), String(posts.length));
    const trendsBefore = engine.trends.top(15 * MIN, { limit: 5 }).map((x) => [x.label, x.observed]);
    const storiesBefore = engine.stories.list({ limit: 5 }).map((s) => [s.id, s.posts]);
    assert.ok(storiesBefore.length > 0 && trendsBefore.length > 0);
    await engine.close();
    db.close();

    db = openDatabase(t.file, knowledgeMigrations);
    engine = createKnowledgeEngine({ db, timers: false, config: { ingest: { batchSize: 500, flushMs: 100, rebuild: "24h" } } });
    assert.equal(engine.store.count(), posts.length);
    assert.equal(engine.cursors.get("replay-1"), String(posts.length));
    assert.deepEqual(engine.trends.top(15 * MIN, { limit: 5 }).map((x) => [x.label, x.observed]), trendsBefore);
    assert.deepEqual(engine.stories.list({ limit: 5 }).map((s) => [s.id, s.posts]), storiesBefore);
    const story = engine.storyView(storiesBefore[0]![0] as string)!;
    assert.equal(engine.store.postsOfStory(story.id, 10_000).length >= story.posts * 0.9, true, "stored posts carry their story id");
    await engine.close();
    db.close();
  } finally {
    t.cleanup();
  }
});

test("a volume-spike alert POSTs to the user's webhook", async () => {
  const received: AlertFiring[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    received.push(JSON.parse(body) as AlertFiring);
    res.writeHead(204).end();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as { port: number }).port;
  const db = openDatabase(":memory:", knowledgeMigrations);
  const engine = createKnowledgeEngine({ db, timers: false });
  try {
    const alert = engine.alerts.create({ topic: "#riverflood", condition: "volume_spike", threshold: 3, window: "5m", url: `http://127.0.0.1:${port}/hook` });
    const quiet = engine.alerts.create({ topic: "levee evacuation", condition: "sentiment_swing", threshold: 1.9, window: "5m", url: `http://127.0.0.1:${port}/never` });
    assert.throws(() => engine.alerts.create({ topic: "x", condition: "volume_spike", threshold: -1, url: "http://127.0.0.1/" }), /threshold/);
    assert.throws(() => engine.alerts.create({ topic: "x", condition: "volume_spike", threshold: 2, url: "ftp://nope" }), /http or https/);
    for (const p of burstStream().posts) engine.pipeline.handle({ kind: "upsert", post: p });
    engine.pipeline.flush();
    await engine.alerts.drain();
    // Fires at the spike's start; while the burst outgrows its own baseline it may fire again once per window.
    assert.ok(received.length >= 1 && received.length <= 4, `fired ${received.length} times`);
    for (let i = 1; i < received.length; i++) assert.ok(Date.parse(received[i]!.firedAt) - Date.parse(received[i - 1]!.firedAt) >= 5 * MIN);
    const f = received[0]!;
    assert.equal(f.alert.id, alert.id);
    assert.ok(Date.parse(f.firedAt) >= T0 + 60 * MIN && Date.parse(f.firedAt) <= T0 + 62 * MIN, f.firedAt);
    assert.ok(f.observed >= 5 && f.sampleUrls.length > 0);
    assert.match(engine.alerts.get(alert.id)!.lastDelivery!, /^delivered: HTTP 204/);
    assert.equal(engine.alerts.get(quiet.id)!.fireCount, 0);
    assert.equal(engine.alerts.list().length, 2);
    assert.ok(engine.alerts.delete(quiet.id));
    assert.equal(engine.alerts.list().length, 1);
  } finally {
    await engine.close();
    db.close();
    server.close();
  }
});

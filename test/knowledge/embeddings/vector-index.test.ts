import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openDatabase } from "../../../src/storage/database.js";
import { knowledgeMigrations } from "../../../src/knowledge/migrations.js";
import { SqlitePostStore } from "../../../src/knowledge/store/sqlite-post-store.js";
import { SqliteVectorIndex, cosineInt8, decodeInt8, encodeInt8, normaliseVector, signBits } from "../../../src/knowledge/store/vector-index.js";
import type { Post } from "../../../src/knowledge/post.js";

const NOW = Date.parse("2026-05-10T12:00:00Z");
const H = 3_600_000;

function post(n: number, over: Partial<Post> = {}): Post {
  return {
    id: `bluesky:p${n}`,
    source: "bluesky",
    sourceId: `p${n}`,
    url: `https://example.test/p${n}`,
    author: { id: `did:a${n % 3}`, handle: `a${n % 3}.example` },
    text: `post number ${n}`,
    lang: n % 2 ? "en" : "de",
    createdAt: new Date(NOW - (100 - n) * H).toISOString(),
    hashtags: [],
    links: [],
    mentions: [],
    images: [],
    ...over,
  };
}

/** Deterministic unit vectors: post n points mostly along axis n % dim; n / dim picks a second, weaker axis. */
function vectorOf(n: number, dim = 16): Float32Array {
  const v = new Float32Array(dim).fill(0.05);
  v[n % dim] = 1;
  v[(n * 7 + 3) % dim]! -= 0.3;
  v[Math.floor(n / dim) % dim]! += 0.4;
  return normaliseVector(v);
}

function setup(count = 40) {
  const dir = mkdtempSync(join(tmpdir(), "candor-vec-"));
  const file = join(dir, "k.db");
  const db = openDatabase(file, knowledgeMigrations);
  const store = new SqlitePostStore(db);
  store.upsertMany(Array.from({ length: count }, (_, i) => ({ post: post(i + 1) })));
  const index = SqliteVectorIndex.open(db, (l) => assert.fail(`unexpected log: ${l}`))!;
  assert.ok(index, "sqlite-vec loads");
  const pkOf = (n: number) => (db.prepare("SELECT pk FROM knowledge_posts WHERE id = ?").get(`bluesky:p${n}`) as { pk: number }).pk;
  const writeAll = (dim = 16) => {
    index.prepare("m1", dim);
    return index.write(Array.from({ length: count }, (_, i) => ({ pk: pkOf(i + 1), createdMs: Date.parse(post(i + 1).createdAt), vector: vectorOf(i + 1, dim) })));
  };
  const close = () => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, file, db, store, index, pkOf, writeAll, close };
}

test("vectors are written to a real vec0 table and the nearest posts come back by cosine", () => {
  const t = setup();
  try {
    assert.equal(t.writeAll(), 40);
    assert.equal(t.index.count, 40);
    assert.equal(t.index.indexRows(), 40);
    assert.deepEqual(t.index.state()?.model, "m1");
    assert.equal(t.index.state()?.dimension, 16);
    assert.equal(t.index.holds("m1"), true);
    assert.equal(t.index.holds("m2"), false);
    // Post 5's own vector finds post 5 first (and posts 21 and 37, which share its main axis, next).
    const near = t.index.nearest(vectorOf(5), {}, 5);
    assert.equal(near[0]!.id, "bluesky:p5");
    assert.ok(near[0]!.similarity > 0.99, `similarity ${near[0]!.similarity}`);
    assert.ok(near.slice(1, 3).every((c) => ["bluesky:p21", "bluesky:p37"].includes(c.id)), JSON.stringify(near.map((c) => c.id)));
    for (let i = 1; i < near.length; i++) assert.ok(near[i - 1]!.similarity >= near[i]!.similarity);
    // Writing a pk twice keeps one vector.
    assert.equal(t.index.write([{ pk: t.pkOf(5), createdMs: NOW, vector: vectorOf(9) }]), 0);
    assert.equal(t.index.count, 40);
  } finally {
    t.close();
  }
});

test("filters narrow vector candidates: since/until inside the scan, source, lang and author after it", () => {
  const t = setup();
  try {
    t.writeAll();
    const q = vectorOf(5);
    const since = Date.parse(post(30).createdAt);
    for (const c of t.index.nearest(q, { sinceMs: since }, 10)) assert.ok(c.createdMs >= since);
    const until = Date.parse(post(10).createdAt);
    const old = t.index.nearest(q, { untilMs: until }, 10);
    assert.equal(old[0]!.id, "bluesky:p5");
    for (const c of old) assert.ok(c.createdMs <= until);
    const de = t.index.nearest(q, { langs: ["de"] }, 10);
    assert.ok(de.length > 0);
    for (const c of de) assert.equal(Number(c.id.slice("bluesky:p".length)) % 2, 0);
    assert.deepEqual(t.index.nearest(q, { sources: ["rss"] }, 10), []);
    for (const c of t.index.nearest(q, { authors: ["@A1.example"] }, 10)) assert.equal(Number(c.id.slice("bluesky:p".length)) % 3, 1);
    for (const c of t.index.nearest(q, { excludedAuthors: ["a1.example"] }, 10)) assert.notEqual(Number(c.id.slice("bluesky:p".length)) % 3, 1);
  } finally {
    t.close();
  }
});

test("deletes and retention remove vectors, also when another connection (the writer thread's) deletes", () => {
  const t = setup();
  try {
    t.writeAll();
    const pk5 = t.pkOf(5);
    // The store's own delete: the trigger removes the vector at once and queues the index row.
    assert.equal(t.store.deleteMany(["bluesky:p5"]), 1);
    assert.equal(t.index.vectorOf(pk5), undefined);
    assert.ok(!t.index.nearest(vectorOf(5), {}, 40).some((c) => c.id === "bluesky:p5"), "a deleted post is never a candidate");
    assert.equal(t.index.drainTombstones(), 0, "the post is gone: nothing to re-embed");
    assert.equal(t.index.indexRows(), 39);
    assert.equal(t.index.count, 39);

    // A connection without sqlite-vec (as the writer thread has) deletes: the triggers touch only plain tables.
    const other = new Database(t.file);
    other.pragma("busy_timeout = 5000");
    assert.throws(() => other.prepare("SELECT count(*) FROM knowledge_post_vec").get(), /no such module: vec0/);
    assert.equal(other.prepare("DELETE FROM knowledge_posts WHERE id IN ('bluesky:p6', 'bluesky:p7')").run().changes, 2);
    other.close();
    t.index.drainTombstones();
    assert.equal(t.index.indexRows(), 37);
    assert.equal(t.index.count, 37);

    // Retention: the 10 oldest posts (and their vectors) go.
    const removed = t.store.applyRetention({ maxPosts: 27 });
    assert.equal(removed, 10);
    t.index.drainTombstones();
    assert.equal(t.index.count, 27);
    assert.equal(t.index.indexRows(), 27);
    assert.equal((t.db.prepare("SELECT count(*) AS n FROM knowledge_vector_tombstones").get() as { n: number }).n, 0);
  } finally {
    t.close();
  }
});

test("an edit drops the stale vector and reports the post for re-embedding; a reused pk never keeps the old bits", () => {
  const t = setup();
  try {
    t.writeAll();
    const pk8 = t.pkOf(8);
    // Same text (an engagement update): the vector stays.
    t.store.upsertMany([{ post: post(8, { engagement: { likes: 5 } }) }]);
    assert.ok(t.index.vectorOf(pk8));
    t.store.upsertMany([{ post: post(8, { text: "completely different words now" }) }]);
    assert.equal(t.index.vectorOf(pk8), undefined);
    assert.equal(t.index.drainTombstones(), pk8);
    assert.equal(t.index.write([{ pk: pk8, createdMs: NOW, vector: vectorOf(1000) }]), 1);
    assert.equal(t.index.nearest(vectorOf(1000), {}, 5)[0]!.id, "bluesky:p8");

    // The newest post is deleted and a new post takes its pk (SQLite reuses max(pk) + 1).
    const pk40 = t.pkOf(40);
    t.store.deleteMany(["bluesky:p40"]);
    t.store.upsertMany([{ post: post(41) }]);
    assert.equal(t.pkOf(41), pk40);
    assert.ok(!t.index.nearest(vectorOf(40), {}, 40).some((c) => c.pk === pk40), "the new post has no vector yet");
    assert.equal(t.index.write([{ pk: pk40, createdMs: NOW, vector: vectorOf(1001) }]), 1, "the write drains the stale row first");
    assert.equal(t.index.indexRows(), 40);
    assert.equal(t.index.nearest(vectorOf(1001), {}, 5)[0]!.id, "bluesky:p41");
  } finally {
    t.close();
  }
});

test("another model or another dimension rebuilds; the same model after a restart keeps its vectors", () => {
  const t = setup();
  try {
    t.writeAll();
    assert.equal(t.index.prepare("m1", 16), false, "same model and dimension: kept");
    assert.equal(t.index.count, 40);
    // Restart: a new index object on the same file finds the vectors.
    const again = SqliteVectorIndex.open(t.db)!;
    assert.equal(again.count, 40);
    assert.equal(again.holds("m1"), true);
    assert.equal(again.nearest(vectorOf(5), {}, 5)[0]!.id, "bluesky:p5");

    const lines: string[] = [];
    const logged = SqliteVectorIndex.open(t.db, (l) => lines.push(l))!;
    assert.equal(logged.forgetOtherModels("m2"), true);
    assert.match(lines.join("\n"), /embedding model changed from m1 to m2/);
    assert.equal(logged.count, 0);
    assert.equal(logged.state(), undefined);
    assert.equal(logged.holds("m1"), false);
    logged.prepare("m2", 24);
    assert.equal(logged.state()?.dimension, 24);
    assert.equal(logged.write([{ pk: t.pkOf(1), createdMs: NOW, vector: vectorOf(1, 24) }]), 1);
    assert.throws(() => logged.write([{ pk: t.pkOf(2), createdMs: NOW, vector: vectorOf(2, 16) }]), /expected 24 dimensions/);
    // The same model now answering with another dimension (its file was replaced) starts over.
    assert.equal(logged.prepare("m2", 32), true);
    assert.match(lines.join("\n"), /now returns 32 dimensions instead of 24/);
    assert.equal(logged.count, 0);
    assert.equal(logged.indexRows(), 0);
  } finally {
    t.close();
  }
});

test("int8 storage keeps cosine within 0.01 and sign bits pad to whole bytes", () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296) - 0.5;
  for (let trial = 0; trial < 50; trial++) {
    const a = normaliseVector(Float32Array.from({ length: 100 }, rnd));
    const b = normaliseVector(Float32Array.from({ length: 100 }, rnd));
    let exact = 0;
    for (let i = 0; i < 100; i++) exact += a[i]! * b[i]!;
    assert.ok(Math.abs(cosineInt8(a, encodeInt8(b)) - exact) < 0.01);
    const back = decodeInt8(encodeInt8(b));
    for (let i = 0; i < 100; i++) assert.ok(Math.abs(back[i]! - b[i]!) < 0.01);
  }
  const bits = signBits(Float32Array.from([1, -1, 0.5, 0, -0.2, 3, 1, 1, -1, 2]));
  assert.equal(bits.length, 2);
  assert.equal(bits[0], 0b11100101);
  assert.equal(bits[1], 0b10);
});

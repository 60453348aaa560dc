import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type SqliteDatabase } from "../../../src/storage/database.js";
import { knowledgeMigrations } from "../../../src/knowledge/migrations.js";
import { SqlitePostStore } from "../../../src/knowledge/store/sqlite-post-store.js";
import { SqliteCursorStore } from "../../../src/knowledge/store/sqlite-cursor-store.js";
import type { Post } from "../../../src/knowledge/post.js";

function post(n: number, over: Partial<Post> = {}): Post {
  return {
    id: `bluesky:p${n}`,
    source: "bluesky",
    sourceId: `p${n}`,
    url: `https://bsky.app/profile/a${n % 3}.test/post/p${n}`,
    author: { id: `did:plc:a${n % 3}`, handle: `a${n % 3}.test` },
    text: `post number ${n} about the harbour`,
    lang: "en",
    createdAt: new Date(Date.parse("2026-01-01T00:00:00Z") + n * 60_000).toISOString(),
    hashtags: [],
    links: [],
    mentions: [],
    images: [],
    ...over,
  };
}

function withDb(fn: (dir: string, open: () => SqliteDatabase) => void | Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), "candor-store-"));
    const opened: SqliteDatabase[] = [];
    try {
      await fn(dir, () => {
        const db = openDatabase(join(dir, "candor.db"), knowledgeMigrations);
        opened.push(db);
        return db;
      });
    } finally {
      for (const db of opened) if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  "upserts are idempotent by post id; an edit updates text and the index",
  withDb((_dir, open) => {
    const store = new SqlitePostStore(open());
    assert.deepEqual(store.upsertMany([{ post: post(1) }, { post: post(2) }]), { inserted: 2, updated: 0, unchanged: 0 });
    assert.deepEqual(store.upsertMany([{ post: post(1) }, { post: post(2) }]), { inserted: 0, updated: 0, unchanged: 2 });
    assert.equal(store.count(), 2);
    const edited = post(1, { text: "edited: the lighthouse is open" });
    assert.deepEqual(store.upsertMany([{ post: edited }]), { inserted: 0, updated: 1, unchanged: 0 });
    assert.equal(store.get("bluesky:p1")!.text, "edited: the lighthouse is open");
    assert.deepEqual(store.searchFts('"lighthouse"', {}, 10).map((c) => c.id), ["bluesky:p1"]);
    assert.deepEqual(store.searchFts('"number" "1"', {}, 10).map((c) => c.id), [], "old text is gone from the index");
  }),
);

test(
  "a stored post reads back exactly as written",
  withDb((_dir, open) => {
    const store = new SqlitePostStore(open());
    const p = post(5, {
      author: { id: "did:plc:x", handle: "x.test", displayName: "X" },
      hashtags: ["harbour", "boats"],
      links: ["https://example.test/a"],
      mentions: ["did:plc:y"],
      images: [{ url: "https://cdn.test/i.jpg", alt: "a red boat at dawn" }],
      replyTo: "bluesky:p4",
      engagement: { likes: 3, reposts: 1 },
      createdAt: "2026-01-01T00:05:00.123456Z",
    });
    store.upsertMany([{ post: p, sentiment: 0.5, storyId: "st_1" }]);
    const got = store.get(p.id)!;
    const { sentiment, storyId, duplicateOf, ingestedAt, ...rest } = got;
    assert.deepEqual(rest, p);
    assert.equal(sentiment, 0.5);
    assert.equal(storyId, "st_1");
    assert.equal(duplicateOf, null);
    assert.ok(ingestedAt);
    assert.deepEqual(store.searchFts('"dawn"', {}, 5).map((c) => c.id), [p.id], "alt text is searchable");
    assert.deepEqual(store.searchFts('"boats"', {}, 5).map((c) => c.id), [p.id], "hashtags are searchable");
  }),
);

test(
  "deletes remove the post and its index entry",
  withDb((_dir, open) => {
    const store = new SqlitePostStore(open());
    store.upsertMany([1, 2, 3].map((n) => ({ post: post(n) })));
    assert.equal(store.deleteMany(["bluesky:p2", "bluesky:nope"]), 1);
    assert.equal(store.get("bluesky:p2"), undefined);
    assert.deepEqual(
      store.searchFts('"harbour"', {}, 10).map((c) => c.id).sort(),
      ["bluesky:p1", "bluesky:p3"],
    );
  }),
);

test(
  "reopening the database file loses nothing",
  withDb((_dir, open) => {
    const db = open();
    const store = new SqlitePostStore(db);
    store.upsertMany(Array.from({ length: 300 }, (_, i) => ({ post: post(i) })));
    new SqliteCursorStore(db).set("bluesky", "1700000000000000");
    db.close();
    const db2 = open();
    const again = new SqlitePostStore(db2);
    assert.equal(again.count(), 300);
    assert.equal(again.get("bluesky:p299")!.text, "post number 299 about the harbour");
    assert.equal(new SqliteCursorStore(db2).get("bluesky"), "1700000000000000");
    assert.equal(again.searchFts('"harbour"', {}, 1000).length, 300);
  }),
);

test(
  "filters: time range, source, language, author, duplicates",
  withDb((_dir, open) => {
    const store = new SqlitePostStore(open());
    store.upsertMany([
      { post: post(1) },
      { post: post(2, { lang: "de" }) },
      { post: post(3, { source: "mastodon", id: "mastodon:p3" }) },
      { post: post(4), duplicateOf: "bluesky:p1" },
    ]);
    const ids = (f: Parameters<typeof store.searchFts>[1]) => store.searchFts('"harbour"', f, 10).map((c) => c.id).sort();
    assert.deepEqual(ids({ sinceMs: Date.parse("2026-01-01T00:02:00Z"), untilMs: Date.parse("2026-01-01T00:03:00Z") }), ["bluesky:p2", "mastodon:p3"]);
    assert.deepEqual(ids({ sources: ["mastodon"] }), ["mastodon:p3"]);
    assert.deepEqual(ids({ langs: ["de"] }), ["bluesky:p2"]);
    assert.deepEqual(ids({ authors: ["@A1.test"] }), ["bluesky:p1", "bluesky:p4"]);
    assert.deepEqual(ids({ excludedAuthors: ["a1.test"] }), ["bluesky:p2", "mastodon:p3"]);
    assert.deepEqual(ids({ excludeDuplicates: true }), ["bluesky:p1", "bluesky:p2", "mastodon:p3"]);
    assert.deepEqual(store.searchFts('"a1"', {}, 10), [], "author names are not searched as text");
    assert.deepEqual(store.recent({ authors: ["did:plc:a1"] }, 10).map((p) => p.id), ["bluesky:p4", "bluesky:p1"], "newest first, by author id");
    assert.deepEqual(store.recent({ authors: ["a2.test"] }, 10).map((p) => p.id), ["bluesky:p2"]);
  }),
);

test(
  "retention by age and by count, then compaction returns pages",
  withDb((_dir, open) => {
    const db = open();
    const store = new SqlitePostStore(db);
    assert.equal(db.pragma("auto_vacuum", { simple: true }), 2, "a fresh file is switched to incremental vacuum");
    store.upsertMany(Array.from({ length: 2000 }, (_, i) => ({ post: post(i, { text: `post ${i} ` + "padding words ".repeat(30) }) })));
    const last = Date.parse(post(1999).createdAt);
    const removed = store.applyRetention({ maxAgeMs: 999 * 60_000, nowMs: last });
    assert.equal(removed, 1000);
    assert.equal(store.count(), 1000);
    assert.equal(store.applyRetention({ maxPosts: 400 }), 600);
    assert.equal(store.count(), 400);
    assert.ok(store.get("bluesky:p1999"), "the newest posts stay");
    assert.equal(store.get("bluesky:p1599"), undefined);
    const freeBefore = db.pragma("freelist_count", { simple: true }) as number;
    store.compact();
    const freeAfter = db.pragma("freelist_count", { simple: true }) as number;
    assert.ok(freeBefore > 0 && freeAfter < freeBefore, `free pages ${freeBefore} → ${freeAfter}`);
    assert.equal(store.searchFts('"padding"', {}, 1000).length, 400);
  }),
);

test(
  "cursor writes wait for the batch that covers them",
  withDb((_dir, open) => {
    const cursors = new SqliteCursorStore(open());
    let pending = true;
    cursors.deferWhile = () => pending;
    cursors.set("bluesky", "10");
    assert.equal(cursors.get("bluesky"), "10", "the source reads back what it set");
    const fresh = new SqliteCursorStore(open());
    assert.equal(fresh.get("bluesky"), undefined, "nothing durable yet");
    cursors.commitStaged();
    assert.equal(fresh.get("bluesky"), "10");
    pending = false;
    cursors.set("bluesky", "11");
    assert.equal(fresh.get("bluesky"), "11");
  }),
);

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReplaySource, StreamPacer, type ReplayClock } from "../../../src/knowledge/sources/replay-source.js";
import type { Post, PostEvent } from "../../../src/knowledge/post.js";

/** A clock whose sleeps only move its own time forward: pacing is checked exactly, without measuring wall time. */
function fakeClock(): ReplayClock & { sleeps: number[] } {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    async sleep(ms) {
      sleeps.push(Math.round(ms));
      t += ms;
    },
  };
}

function post(i: number, at: string): Post {
  return { id: `replay:${i}`, source: "replay", sourceId: String(i), url: `https://e.example/${i}`, author: { id: "a" }, text: `post ${i}`, lang: "en", createdAt: at, hashtags: [], links: [], mentions: [], images: [] };
}

test("replays a JSONL file following createdAt gaps at the given speed; bad lines are skipped and counted", async () => {
  const dir = mkdtempSync(join(tmpdir(), "candor-replay-"));
  try {
    const file = join(dir, "s.jsonl");
    const jet = { did: "did:plc:j", time_us: Date.parse("2025-01-01T00:03:00Z") * 1000, kind: "commit", commit: { rev: "r", operation: "create", collection: "app.bsky.feed.post", rkey: "k", record: { text: "from jetstream", createdAt: "2025-01-01T00:03:00Z" } } };
    writeFileSync(
      file,
      [
        JSON.stringify(post(1, "2025-01-01T00:00:00Z")),
        JSON.stringify(post(2, "2025-01-01T00:01:00Z")),
        "",
        "{oops",
        JSON.stringify({ kind: "delete", source: "replay", sourceId: "1" }),
        JSON.stringify({ hello: "world" }),
        JSON.stringify(jet),
        JSON.stringify({ id: "replay:4", source: "replay", sourceId: "4", text: "minimal line", createdAt: "2025-01-01T00:03:30Z" }),
      ].join("\n"),
    );
    const clock = fakeClock();
    const events: PostEvent[] = [];
    const src = new ReplaySource({ file, speed: 60, clock });
    await src.start((e) => void events.push(e));
    await src.whenDone();
    assert.deepEqual(
      events.map((e) => (e.kind === "upsert" ? e.post.id : `del:${e.sourceId}`)),
      ["replay:1", "replay:2", "del:1", "bluesky:at://did:plc:j/app.bsky.feed.post/k", "replay:4"],
    );
    // 60x: one minute of stream → 1 s; two minutes → 2 s; thirty seconds → 0.5 s.
    assert.deepEqual(clock.sleeps, [1000, 2000, 500]);
    assert.equal(src.malformed, 2);
    assert.ok(src.finished);
    const minimal = events[4]!.kind === "upsert" ? events[4]!.post : undefined;
    assert.deepEqual([minimal?.hashtags, minimal?.lang, minimal?.author.id], [[], "und", "unknown"]);

    const fast = fakeClock();
    const all: PostEvent[] = [];
    const asap = new ReplaySource({ file, speed: 0, clock: fast });
    await asap.start((e) => void all.push(e));
    await asap.whenDone();
    assert.equal(all.length, 5);
    assert.deepEqual(fast.sleeps, [], "speed 0 never waits");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("pacer at real speed, and bad arguments", async () => {
  const clock = fakeClock();
  const pacer = new StreamPacer(1, clock);
  await pacer.waitFor(0);
  await pacer.waitFor(1500);
  await pacer.waitFor(1500);
  assert.deepEqual(clock.sleeps, [1500]);
  assert.throws(() => new StreamPacer(-1), /speed must be a number >= 0/);
  assert.throws(() => new ReplaySource({ file: "/nonexistent/x.jsonl" }), /file not found/);
});

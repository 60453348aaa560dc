import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDemoStream, writeDemoStreamJsonl } from "../../fixtures/demo-stream.js";
import { DemoSource } from "../../../src/knowledge/sources/demo-source.js";
import { ReplaySource } from "../../../src/knowledge/sources/replay-source.js";
import { detectLanguage } from "../../../src/knowledge/sources/language.js";
import type { PostEvent } from "../../../src/knowledge/post.js";

const START = "2025-06-01T12:00:00Z";
const hash = (x: unknown) => createHash("sha256").update(JSON.stringify(x)).digest("hex");

test("same seed, same stream; another seed, another stream", () => {
  const a = generateDemoStream({ seed: 7, startTime: START, scale: 0.3 });
  const b = generateDemoStream({ seed: 7, startTime: START, scale: 0.3 });
  const c = generateDemoStream({ seed: 8, startTime: START, scale: 0.3 });
  assert.equal(hash(a), hash(b));
  assert.notEqual(hash(a.posts), hash(c.posts));
});

test("ground truth: planted events, camps, spam, duplicates, languages, replies and images", () => {
  const { posts, truth } = generateDemoStream({ seed: 42, startTime: START });
  const byId = new Map(posts.map((p) => [p.id, p]));
  assert.ok(posts.length > 10_000, `a realistic volume (${posts.length})`);
  assert.equal(truth.startTime, "2025-06-01T12:00:00.000Z");
  assert.equal(truth.endTime, "2025-06-01T15:00:00.000Z");
  const seenIds = new Set<string>();
  const originals = posts.filter((p) => (seenIds.has(p.id) ? false : (seenIds.add(p.id), true)));
  for (let i = 1; i < originals.length; i++) assert.ok(originals[i - 1]!.createdAt <= originals[i]!.createdAt, "first deliveries in time order");

  assert.ok(truth.events.length >= 4);
  for (const e of truth.events) {
    assert.ok(e.postIds.length > 500, `${e.id} has a burst`);
    const times = e.postIds.map((id) => byId.get(id)!.createdAt).sort();
    assert.equal(times[0], new Date(e.startTime).toISOString(), `${e.id} starts at its planted start`);
    // The first 15 minutes after the start carry far more posts about it than any 15 minutes of background on one hashtag.
    const early = times.filter((t) => Date.parse(t) < Date.parse(e.startTime) + 15 * 60_000).length;
    assert.ok(early > 150, `${e.id} bursts (${early} posts in 15 min)`);
    assert.equal(e.camps.length, 2);
    for (const c of e.camps) assert.ok(c.postIds.length > 100, `${e.id}/${c.id} has posts`);
    assert.ok(Math.sign(e.camps[0]!.sentiment) !== Math.sign(e.camps[1]!.sentiment), "camps oppose each other");
    const withTag = e.postIds.filter((id) => byId.get(id)!.hashtags.includes(e.hashtags[0]!)).length;
    assert.ok(withTag > e.postIds.length * 0.7, `${e.id} posts mostly carry its hashtag`);
    for (const id of e.camps[0]!.postIds) assert.equal(truth.campOf[id], `${e.id}/${e.camps[0]!.id}`);
  }
  // The planted shift: the launch starts with fans and ends with skeptics.
  const launch = truth.events.find((e) => e.id === "launch")!;
  const fans = new Set(launch.camps[0]!.postIds);
  const campPosts = [...launch.camps[0]!.postIds, ...launch.camps[1]!.postIds].map((id) => byId.get(id)!).sort((x, y) => x.createdAt.localeCompare(y.createdAt));
  const third = Math.floor(campPosts.length / 3);
  const share = (ps: typeof campPosts) => ps.filter((p) => fans.has(p.id)).length / ps.length;
  assert.ok(share(campPosts.slice(0, third)) > share(campPosts.slice(-third)) + 0.2, "fans dominate early, skeptics late");

  const spam = truth.spam.find((s) => s.mode === "exact")!;
  assert.ok(spam.postIds.length > 100 && spam.postIds.every((id) => byId.get(id)!.text === spam.text), "exact copy-paste flood");
  assert.ok(new Set(spam.postIds.map((id) => byId.get(id)!.author.id)).size > 50, "from many bot accounts");
  const near = truth.spam.find((s) => s.mode === "near")!;
  const nearTexts = new Set(near.postIds.map((id) => byId.get(id)!.text));
  assert.ok(nearTexts.size > 5 && nearTexts.size < near.postIds.length, "near-duplicates with tiny edits");
  assert.deepEqual(truth.spamOnlyHashtags.sort(), ["airdrop", "cryptogiveaway", "passiveincome", "workfromhome"]);
  for (const id of truth.spamPostIds) assert.ok(!truth.eventOf[id]);

  assert.ok(truth.redeliveredIds.length > 50);
  for (const id of truth.redeliveredIds.slice(0, 20)) assert.equal(posts.filter((p) => p.id === id).length, 2, "delivered twice, identical");
  assert.ok(truth.selfCopyIds.length > 10);

  assert.deepEqual(Object.keys(truth.languages).sort(), ["de", "en", "es", "fr", "ja", "pt"]);
  // The declared language is the real one: franc agrees on a sample of longer posts.
  const sample = posts.filter((p, i) => i % 97 === 0 && p.text.length > 60 && !truth.spamPostIds.includes(p.id));
  const agree = sample.filter((p) => detectLanguage(p.text) === p.lang).length;
  assert.ok(agree / sample.length > 0.8, `language labels are real (${agree}/${sample.length})`);

  const replies = posts.filter((p) => p.replyTo);
  assert.ok(replies.length > 500);
  for (const r of replies.slice(0, 200)) {
    const parent = byId.get(r.replyTo!);
    assert.ok(parent && parent.createdAt <= r.createdAt, "replies point to earlier posts");
    assert.ok(r.mentions.includes(parent.author.handle!));
  }
  const withImages = posts.filter((p) => p.images.length);
  assert.ok(withImages.length > 300 && withImages.every((p) => p.images.every((i) => i.alt && i.alt.length > 10)));
  assert.ok(posts.every((p) => p.engagement && p.engagement.likes! >= 0));
});

test("demo source plays the stream; JSONL output replays to the same posts", async () => {
  const dir = mkdtempSync(join(tmpdir(), "candor-demo-"));
  try {
    const opts = { seed: 3, startTime: START, hours: 0.5, scale: 0.2 };
    const file = join(dir, "demo.jsonl");
    const truth = await writeDemoStreamJsonl(file, opts);
    const lines = readFileSync(file, "utf8").trim().split("\n");
    const { posts } = generateDemoStream(opts);
    assert.equal(lines.length, posts.length);
    assert.equal(truth.events.length, 4);

    const fromDemo: PostEvent[] = [];
    const demo = new DemoSource({ ...opts, speed: 0 });
    await demo.start((e) => void fromDemo.push(e));
    await demo.whenDone();
    assert.equal(demo.status().state, "stopped");
    assert.equal(demo.groundTruth().events[0]!.startTime, truth.events[0]!.startTime);

    const fromReplay: PostEvent[] = [];
    const replay = new ReplaySource({ file, speed: 0 });
    await replay.start((e) => void fromReplay.push(e));
    await replay.whenDone();
    assert.equal(hash(fromDemo.map((e) => e.kind === "upsert" && e.post)), hash(fromReplay.map((e) => e.kind === "upsert" && e.post)));
    assert.equal(fromDemo.length, posts.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { TrendTracker, type TrendInput } from "../../../src/knowledge/analysis/trends.js";
import { openDatabase } from "../../../src/storage/database.js";
import { knowledgeMigrations } from "../../../src/knowledge/migrations.js";
import { createKnowledgeEngine } from "../../../src/knowledge/index.js";
import { generateSyntheticStream } from "./synthetic-stream.js";

const T0 = Date.parse("2026-03-01T00:00:00Z");
const MIN = 60_000;

function input(n: number, ms: number, over: Partial<TrendInput> = {}): TrendInput {
  return { postId: `p${n}`, authorId: `a${n}`, ms, lang: "en", hashtags: [], terms: [], phrases: [], links: [], sentiment: null, ...over };
}

test("a planted burst trends within seconds of stream time; floods and spam do not", () => {
  const db = openDatabase(":memory:", knowledgeMigrations);
  const engine = createKnowledgeEngine({ db, timers: false, config: { ingest: { batchSize: 20, flushMs: 100, rebuild: "6h" } } });
  const burstStart = T0 + 150 * MIN;
  const stream = generateSyntheticStream({
    minutes: 180,
    backgroundPerMinute: 60,
    events: [{ id: "flood", hashtag: "riverflood", terms: ["flood", "river", "levee", "evacuation", "rain"], startMs: burstStart, durationMs: 20 * MIN, postsPerMinute: 30 }],
    spam: [{ hashtag: "freetokens", startMs: T0 + 100 * MIN, minutes: 20, perMinute: 60 }],
  });
  let detectedAt: number | undefined;
  let spamSeen = false;
  engine.pipeline.onBatch((r) => {
    const top = engine.trends.top(15 * MIN, { limit: 10 }).map((t) => t.label);
    if (top.includes("#freetokens") || top.some((l) => /giveaway|tokens|crypto/.test(l))) spamSeen = true;
    if (detectedAt === undefined && r.clockMs >= burstStart && top.slice(0, 10).includes("#riverflood")) detectedAt = r.clockMs;
  });
  for (const p of stream.posts) engine.pipeline.handle({ kind: "upsert", post: p });
  engine.pipeline.flush();
  assert.ok(detectedAt !== undefined, "the burst was never in the top 10");
  const delay = (detectedAt - burstStart) / 1000;
  assert.ok(delay <= 30, `burst detected after ${delay}s of stream time`);
  assert.equal(spamSeen, false, "spam reached the top 10");
  db.close();
});

test("steady chatter scores nothing once it has a baseline", () => {
  const t = new TrendTracker({ minAuthors: 3 });
  let n = 0;
  for (let m = 0; m < 120; m++) for (let i = 0; i < 10; i++) t.observe(input(n++, T0 + m * MIN + i * 6000, { hashtags: ["weather"] }));
  const s = t.topic("#weather", 15 * MIN)!;
  assert.ok(s.observed >= 100);
  assert.ok(s.score < 5, `steady topic scored ${s.score}`);
  assert.ok(Math.abs(s.expected - s.observed) / s.observed < 0.2);
});

test("one author repeating a hashtag counts once per bucket and stops counting past the rate cap", () => {
  const t = new TrendTracker({ minAuthors: 3, maxPostsPerAuthorPerBucket: 3 });
  for (let i = 0; i < 100; i++) t.observe(input(i, T0 + i * 100, { authorId: "bot", hashtags: ["buynow"], terms: ["cheap"] }));
  assert.equal(t.topic("#buynow", 5 * MIN)!.observed, 1);
  assert.deepEqual(t.top(5 * MIN), []);
});

test("a post contributes at most maxHashtagsPerPost hashtags", () => {
  const t = new TrendTracker({ maxHashtagsPerPost: 2 });
  t.observe(input(1, T0, { hashtags: ["a", "b", "c", "d"] }));
  assert.ok(t.topic("#a", 5 * MIN));
  assert.ok(t.topic("#b", 5 * MIN));
  assert.equal(t.topic("#c", 5 * MIN), undefined);
});

test("trends by language, sentiment averages and a volume series", () => {
  const t = new TrendTracker({ minAuthors: 3 });
  for (let i = 0; i < 12; i++) t.observe(input(i, T0 + i * 5000, { lang: i % 2 ? "de" : "en", hashtags: ["wahl"], sentiment: i % 2 ? null : 0.6 }));
  const all = t.top(5 * MIN);
  assert.equal(all[0]!.label, "#wahl");
  assert.equal(all[0]!.observed, 12);
  assert.equal(all[0]!.sentiment.average, 0.6);
  assert.equal(all[0]!.series.length, 5);
  assert.equal(all[0]!.series.at(-1)!.count, 12);
  assert.equal(t.top(5 * MIN, { lang: "de" })[0]!.observed, 6);
  assert.deepEqual(t.top(5 * MIN, { lang: "fr" }), []);
});

test("a burst fades out of the ranking once it is over", () => {
  const t = new TrendTracker({ minAuthors: 3 });
  let n = 0;
  for (let m = 0; m < 60; m++) t.observe(input(n++, T0 + m * MIN, { hashtags: ["noise"] }));
  for (let i = 0; i < 40; i++) t.observe(input(n++, T0 + 60 * MIN + i * 3000, { hashtags: ["quake"] }));
  assert.equal(t.top(15 * MIN)[0]!.label, "#quake");
  t.advance(T0 + 120 * MIN);
  assert.ok(!t.top(15 * MIN).some((x) => x.label === "#quake"));
});

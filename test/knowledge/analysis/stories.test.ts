import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { StoryTracker } from "../../../src/knowledge/analysis/stories.js";
import { TermWeights } from "../../../src/knowledge/analysis/story-term-weights.js";
import { tokenize } from "../../../src/knowledge/analysis/text.js";
import { scoreSentiment } from "../../../src/knowledge/analysis/sentiment.js";
import { generateSyntheticStream } from "./synthetic-stream.js";

const T0 = Date.parse("2026-03-01T00:00:00Z");
const MIN = 60_000;

test("planted events become pure stories with both camps as perspectives", () => {
  const stream = generateSyntheticStream({
    minutes: 120,
    backgroundPerMinute: 40,
    events: [
      { id: "quake", hashtag: "quake", terms: ["earthquake", "tremor", "magnitude", "aftershock", "epicentre"], startMs: T0 + 30 * MIN, durationMs: 40 * MIN, postsPerMinute: 10 },
      { id: "vote", hashtag: "budgetvote", terms: ["budget", "parliament", "tax", "spending", "minister"], startMs: T0 + 50 * MIN, durationMs: 40 * MIN, postsPerMinute: 8 },
    ],
  });
  const tracker = new StoryTracker();
  const storyOf = new Map<string, string>();
  const sentimentOf = new Map<string, number | null>();
  for (const p of stream.posts) {
    const tok = tokenize(p.text, p.lang);
    const sentiment = scoreSentiment(p.text, p.lang);
    sentimentOf.set(p.id, sentiment);
    storyOf.set(p.id, tracker.add({ postId: p.id, authorId: p.author.id, ms: Date.parse(p.createdAt), terms: tok.terms, hashtags: p.hashtags, sentiment, engagement: 0 }));
  }
  for (const ev of ["quake", "vote"]) {
    const eventPosts = [...stream.eventOf].filter(([, e]) => e === ev).map(([id]) => id);
    const counts = new Map<string, number>();
    for (const id of eventPosts) counts.set(storyOf.get(id)!, (counts.get(storyOf.get(id)!) ?? 0) + 1);
    const [storyId, n] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    const members = [...storyOf].filter(([, s]) => s === storyId).map(([id]) => id);
    const purity = members.filter((id) => stream.eventOf.get(id) === ev).length / members.length;
    const coverage = n / eventPosts.length;
    assert.ok(purity >= 0.95, `${ev}: purity ${purity}`);
    assert.ok(coverage >= 0.8, `${ev}: coverage ${coverage}`);

    const story = tracker.get(storyId)!;
    assert.ok(story.title.includes(ev === "quake" ? "#quake" : "#budgetvote"), story.title);
    assert.equal(story.keyPosts.earliest, eventPosts.sort((a, b) => stream.posts.findIndex((p) => p.id === a) - stream.posts.findIndex((p) => p.id === b))[0]);
    assert.ok(story.timeline.length >= 30);
    const pos = story.perspectives.find((p) => p.stance === "positive")!;
    const neg = story.perspectives.find((p) => p.stance === "negative")!;
    assert.ok(pos.averageSentiment! > 0.3 && neg.averageSentiment! < -0.3);
    assert.ok(pos.posts + neg.posts >= 0.9 * story.posts);
    for (const id of pos.representativePostIds) assert.equal(stream.campOf.get(id), "pro", `${id} is not a pro-camp post`);
    for (const id of neg.representativePostIds) assert.equal(stream.campOf.get(id), "anti", `${id} is not an anti-camp post`);
    assert.ok(pos.distinctiveTerms.length > 0 && neg.distinctiveTerms.length > 0);
  }
  const listed = tracker.list({ limit: 50 }).map((s) => s.id);
  assert.ok(listed.includes(storyOf.get([...stream.eventOf.keys()][0]!)!));
});

test("stories expire after their ttl of stream time without posts", () => {
  const tracker = new StoryTracker({ storyTtlMs: 10 * MIN, minPosts: 2, minAuthors: 1 });
  const id = tracker.add({ postId: "a", authorId: "u1", ms: T0, terms: ["eclipse", "totality"], hashtags: [], sentiment: null, engagement: 0 });
  assert.equal(tracker.add({ postId: "b", authorId: "u2", ms: T0 + 1000, terms: ["eclipse", "totality"], hashtags: [], sentiment: null, engagement: 5 }), id);
  assert.equal(tracker.get(id)!.keyPosts.mostEngaged, "b");
  tracker.add({ postId: "c", authorId: "u3", ms: T0 + 30 * MIN, terms: ["unrelated", "words"], hashtags: [], sentiment: null, engagement: 0 });
  tracker.add({ postId: "d", authorId: "u3", ms: T0 + 32 * MIN, terms: ["other", "things"], hashtags: [], sentiment: null, engagement: 0 });
  assert.equal(tracker.get(id), undefined);
});

test("clustering output is unchanged: ids, lists and details match the digest of the pre-slab implementation", () => {
  // Digests taken from the implementation before seeds, members and centroids moved into typed arrays (and
  // checked against it on the bench and demo streams). A deliberate change to clustering or its output must
  // update them; an accidental one — a tie broken differently, a sum rounded in another order — must not.
  const stream = generateSyntheticStream({
    seed: 5,
    minutes: 240,
    backgroundPerMinute: 50,
    events: [
      { id: "quake", hashtag: "quake", terms: ["earthquake", "tremor", "magnitude", "aftershock", "epicentre"], startMs: T0 + 30 * MIN, durationMs: 60 * MIN, postsPerMinute: 10 },
      { id: "vote", hashtag: "budgetvote", terms: ["budget", "parliament", "tax", "spending", "minister"], startMs: T0 + 100 * MIN, durationMs: 90 * MIN, postsPerMinute: 8 },
    ],
    spam: [{ hashtag: "freetokens", startMs: T0 + 60 * MIN, minutes: 20, perMinute: 30 }],
  });
  const inputs = stream.posts.map((p, i) => ({
    postId: p.id,
    authorId: p.author.id,
    ms: Date.parse(p.createdAt),
    terms: tokenize(p.text, p.lang).terms,
    hashtags: p.hashtags,
    sentiment: scoreSentiment(p.text, p.lang),
    engagement: i % 7,
  }));
  const cases = [
    { opts: {}, listed: 462, clusters: 1488, digest: "a6285c3db9f6caf94882413ac261bd4ae59d49cd1c2ed7d732615602b5c80a6c" },
    {
      opts: { seedTtlMs: 10 * MIN, storyTtlMs: 60 * MIN, clustersPerTerm: 8, membersKept: 20 },
      listed: 187,
      clusters: 570,
      digest: "624604474405bf28b9d74edc88e3f8d91c14efcf57167be141b5d0fccd85deca",
    },
  ];
  for (const { opts, listed, clusters, digest } of cases) {
    const tracker = new StoryTracker(opts);
    const ids = inputs.map((input, i) => {
      const id = tracker.add(input);
      if (i % 11 === 0) tracker.addCopy(id);
      return id;
    });
    const list = tracker.list({ limit: 10_000 });
    const details = [...new Set([...list.map((s) => s.id), ...ids.filter((_, j) => j % 17 === 0)])].map((id) => tracker.get(id) ?? null);
    assert.equal(list.length, listed);
    assert.equal(tracker.clusterCount, clusters);
    assert.equal(createHash("sha256").update(JSON.stringify({ ids, listed: list, details })).digest("hex"), digest, JSON.stringify(opts));
  }
});

test("a seed is a one-post story until a second post joins, and keeps its id, copies and first post", () => {
  const tracker = new StoryTracker({ minPosts: 1, minAuthors: 1 });
  const id = tracker.add({ postId: "a", authorId: "u1", ms: T0, terms: ["volcano", "eruption", "ash"], hashtags: ["#Etna"], sentiment: -0.6, engagement: 9 });
  tracker.addCopy(id);
  const seed = tracker.get(id)!;
  assert.equal(seed.posts, 1);
  assert.equal(seed.copies, 1);
  assert.deepEqual(seed.hashtags, ["#etna"]);
  assert.deepEqual(seed.keyPosts, { earliest: "a", mostEngaged: "a", mostRepresentative: "a" });
  assert.deepEqual(seed.sentiment, { average: -0.6, positive: 0, negative: 1, neutral: 0, unscored: 0 });
  assert.deepEqual(tracker.list().map((s) => s.id), [id], "with minPosts 1 a seed is listed");
  // Reading a seed leaves it a seed: the second post still joins it.
  assert.equal(tracker.add({ postId: "b", authorId: "u2", ms: T0 - 60_000, terms: ["volcano", "eruption", "ash"], hashtags: [], sentiment: null, engagement: 1 }), id);
  tracker.addCopy(id);
  const story = tracker.get(id)!;
  assert.equal(story.posts, 2);
  assert.equal(story.copies, 2);
  assert.equal(story.authors, 2);
  assert.deepEqual(story.hashtags, ["#etna"]);
  assert.equal(story.keyPosts.earliest, "b");
  assert.equal(story.keyPosts.mostEngaged, "a");
  assert.deepEqual(story.sentiment, { average: -0.6, positive: 0, negative: 1, neutral: 0, unscored: 1 });
  assert.deepEqual(story.timeline.map((p) => p.posts), [1, 1]);
  assert.equal(tracker.clusterCount, 1);
});

test("seeds expire after seedTtlMs of stream time, late posts by their own time", () => {
  const tracker = new StoryTracker();
  const post = (id: string, ms: number, terms: string[]) => tracker.add({ postId: id, authorId: id, ms, terms, hashtags: [], sentiment: null, engagement: 0 });
  const early = post("early", T0, ["glacier", "calving"]);
  const kept = post("kept", T0 + 20 * MIN, ["meteor", "shower"]);
  post("tick", T0 + 31 * MIN, ["unrelated", "words"]);
  assert.equal(tracker.get(early), undefined, "30 minutes without a second post");
  assert.ok(tracker.get(kept));
  // Its terms now start a new story instead of finding the forgotten one.
  assert.notEqual(post("again", T0 + 32 * MIN, ["glacier", "calving"]), early);
  // A post arriving late, already 29 minutes old: gone at the first sweep once the clock passes its own time + 30 min.
  const late = post("late", T0 + 3 * MIN, ["comet", "tail"]);
  assert.ok(tracker.get(late));
  post("tick2", T0 + 32.9 * MIN, ["other", "things"]);
  assert.ok(tracker.get(late), "the clock is at most 30 minutes past it");
  post("tick3", T0 + 35 * MIN, ["more", "things"]);
  assert.equal(tracker.get(late), undefined);
  assert.ok(tracker.get(kept));
});

test("halving document frequencies keeps the terms of seeds and stories (their ids are not reused)", () => {
  const tracker = new StoryTracker({ seedTtlMs: 1e12, storyTtlMs: 1e12 });
  const add = (id: string, terms: string[]) => tracker.add({ postId: id, authorId: id, ms: T0, terms, hashtags: [], sentiment: null, engagement: 0 });
  const seed = add("seed", ["zephyr", "quasar"]);
  const story = add("s1", ["nebula", "pulsar", "magnetar"]);
  assert.equal(add("s2", ["nebula", "pulsar", "magnetar"]), story);
  // 400,000 documents in all trigger the halving; these terms each appear in many of them, so they survive it,
  // while the seed's and the story's terms halve to zero.
  for (let i = 0; i < 400_000; i++) add(`f${i}`, [`filler${i % 1000}`]);
  // Brand-new terms take the ids freed by the halving: they must not be the seed's or the story's.
  const fresh = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"];
  for (let i = 0; i < fresh.length; i += 2) {
    const id = add(`n${i}`, [fresh[i]!, fresh[i + 1]!]);
    assert.notEqual(id, seed);
    assert.notEqual(id, story);
  }
  assert.equal(add("seed2", ["zephyr", "quasar"]), seed);
  assert.equal(add("s3", ["nebula", "pulsar", "magnetar"]), story);
});

test("TermWeights behaves like the insertion-ordered Map it replaces", () => {
  let x = 99;
  const rnd = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let round = 0; round < 20; round++) {
    const tw = new TermWeights(round % 2 ? 4 : 64);
    const map = new Map<number, number>();
    const n = 50 + Math.floor(rnd() * 800);
    for (let i = 0; i < n; i++) {
      const k = Math.floor(rnd() * (round % 3 ? 300 : 5000)) * (round % 4 ? 1 : 1024);
      // Coarse weights, so that ties are common.
      const w = Math.fround(Math.ceil(rnd() * 8) / 8);
      tw.add(k, w);
      map.set(k, (map.get(k) ?? 0) + w);
      if (tw.size > 400) {
        const kept = [...map].sort((a, b) => b[1] - a[1]).slice(0, 200);
        map.clear();
        for (const [key, v] of kept) map.set(key, v);
        assert.equal(tw.keepHeaviest(200), kept.reduce((s, [, v]) => s + v * v, 0));
      }
    }
    assert.equal(tw.size, map.size);
    assert.deepEqual(Array.from({ length: tw.size }, (_, e) => [tw.keys[e], tw.weightAt(e)]), [...map]);
    for (const [k, v] of map) assert.equal(tw.get(k), v);
    assert.equal(tw.get(-5 + 0), 0);
    for (const top of [1, 4, 12, 1000]) {
      const out = new Int32Array(top);
      const outWeights = new Float64Array(top);
      const count = tw.heaviest(top, out, outWeights);
      const expected = [...map].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k]) => k);
      assert.deepEqual(Array.from(out.subarray(0, count)), expected);
    }
  }
});

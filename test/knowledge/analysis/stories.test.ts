import { test } from "node:test";
import assert from "node:assert/strict";
import { StoryTracker } from "../../../src/knowledge/analysis/stories.js";
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

import { test } from "node:test";
import assert from "node:assert/strict";
import { generateDemoStream } from "../../src/knowledge/demo/demo-stream.js";
import { openDatabase } from "../../src/storage/database.js";
import { knowledgeMigrations } from "../../src/knowledge/migrations.js";
import { createKnowledgeEngine } from "../../src/knowledge/index.js";
import { Deduplicator } from "../../src/knowledge/store/dedupe.js";
import { tokenize } from "../../src/knowledge/analysis/text.js";

/** The bundled demo stream's planted events, graded against its own ground truth. */
test("on the demo stream: every planted event trends quickly, spam never does, stories are pure and camps land on their side", () => {
  const { posts, truth } = generateDemoStream({ seed: 42, hours: 3, startTime: "2026-03-01T00:00:00Z" });
  const db = openDatabase(":memory:", knowledgeMigrations);
  const engine = createKnowledgeEngine({ db, timers: false, config: { ingest: { batchSize: 50, flushMs: 100, rebuild: "1h" } } });
  const detectedAfter = new Map<string, number>();
  const spamTrended = new Set<string>();
  const tag = (h: string) => "#" + h.replace(/^#/, "").toLowerCase();
  engine.pipeline.onBatch((r) => {
    const top = engine.trends.top(15 * 60_000, { limit: 10 }).map((t) => t.label);
    for (const e of truth.events) {
      const start = Date.parse(e.startTime);
      if (!detectedAfter.has(e.id) && r.clockMs >= start && e.hashtags.some((h) => top.includes(tag(h)))) detectedAfter.set(e.id, (r.clockMs - start) / 1000);
    }
    for (const h of truth.spamOnlyHashtags) if (top.includes(tag(h))) spamTrended.add(h);
  });
  for (const p of posts) engine.pipeline.handle({ kind: "upsert", post: p });
  engine.pipeline.flush();

  for (const e of truth.events) {
    const delay = detectedAfter.get(e.id);
    assert.ok(delay !== undefined, `${e.id} never reached the top 10`);
    assert.ok(delay <= 180, `${e.id} trended ${delay}s after it started`);
  }
  assert.deepEqual([...spamTrended], [], "spam-only hashtags trended");

  const redelivered = new Set(truth.redeliveredIds);
  assert.equal(engine.store.count(), new Set(posts.map((p) => p.id)).size, "re-deliveries are stored once");
  assert.ok(redelivered.size > 0);

  const campSign = new Map<string, number>();
  for (const e of truth.events) for (const c of e.camps) campSign.set(`${e.id}/${c.id}`, Math.sign(c.sentiment));
  for (const e of truth.events) {
    const byStory = new Map<string, number>();
    for (const id of e.postIds) {
      const s = engine.store.get(id)?.storyId;
      if (s) byStory.set(s, (byStory.get(s) ?? 0) + 1);
    }
    const [storyId] = [...byStory].sort((a, b) => b[1] - a[1])[0]!;
    const members = engine.store.postsOfStory(storyId, 100_000);
    const purity = members.filter((m) => truth.eventOf[m.id] === e.id).length / members.length;
    assert.ok(purity >= 0.95, `${e.id}: story purity ${purity}`);
    const story = engine.storyView(storyId);
    if (!story) continue;
    let agree = 0;
    let total = 0;
    for (const side of story.perspectives) {
      const sign = side.stance === "positive" ? 1 : side.stance === "negative" ? -1 : 0;
      if (!sign) continue;
      for (const id of side.representativePostIds) {
        const camp = truth.campOf[id];
        if (!camp || !campSign.get(camp)) continue;
        total++;
        if (campSign.get(camp) === sign) agree++;
      }
    }
    assert.ok(total === 0 || agree / total >= 0.66, `${e.id}: ${agree}/${total} representative posts sit with their camp's sentiment`);
  }
  db.close();
});

/**
 * People say things in their own words: apart from the planted floods and self-copies, the engine's own
 * near-duplicate filter must see distinct posts, or trends and stories would count only a sliver of the stream.
 */
test("demo posts are distinct by the engine's own dedupe, while the planted floods are caught", () => {
  const { posts, truth } = generateDemoStream({ seed: 42, hours: 3, startTime: "2026-03-01T00:00:00Z" });
  const dedupe = new Deduplicator();
  const planted = new Set([...truth.spamPostIds, ...truth.selfCopyIds]);
  const seen = new Set<string>();
  let organic = 0;
  let organicCopies = 0;
  const flagged = new Set<string>();
  for (const p of posts) {
    if (seen.has(p.id)) continue; // re-deliveries are the store's business, not dedupe's
    seen.add(p.id);
    const verdict = dedupe.check(p.id, p.author.id, tokenize(p.text, p.lang).words, Date.parse(p.createdAt));
    if (verdict.duplicateOf) flagged.add(p.id);
    if (planted.has(p.id)) continue;
    organic++;
    if (verdict.duplicateOf) organicCopies++;
  }
  const share = organicCopies / organic;
  assert.ok(organic > 10_000, `organic posts: ${organic}`);
  assert.ok(share < 0.1, `${(share * 100).toFixed(1)}% of organic posts look like copies of earlier ones`);
  for (const flood of truth.spam) {
    const caught = flood.postIds.filter((id) => flagged.has(id)).length / flood.postIds.length;
    assert.ok(caught > 0.8, `${flood.id}: only ${(caught * 100).toFixed(0)}% of the flood is flagged as copies`);
  }
  const selfCopiesCaught = truth.selfCopyIds.filter((id) => flagged.has(id)).length / truth.selfCopyIds.length;
  assert.ok(selfCopiesCaught > 0.9, `self-copies flagged: ${selfCopiesCaught}`);
});

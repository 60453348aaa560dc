import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:http";
import { once } from "node:events";
import type { FastifyInstance } from "fastify";
import { loadConfig } from "../../src/config.js";
import { createServices, type CandorServices } from "../../src/runtime/services.js";
import { buildServer } from "../../src/server/app.js";
import { scriptedRegistry } from "../fixtures/scripted-chat-model.js";
import { generateSyntheticStream } from "../knowledge/analysis/synthetic-stream.js";

const T0 = Date.parse("2026-03-01T00:00:00Z");
const MIN = 60_000;
let dir: string;
let services: CandorServices;
let app: FastifyInstance;
let base: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "candor-knowledge-routes-"));
  const config = loadConfig({ cwd: dir, env: {}, overrides: { dataDir: dir, knowledge: { demo: "off", eventsEvery: "50ms" } } });
  services = await createServices(config, { models: scriptedRegistry([]), log: () => {}, areas: { evaluation: false, access: false } });
  const stream = generateSyntheticStream({
    minutes: 90,
    backgroundPerMinute: 30,
    events: [{ id: "flood", hashtag: "riverflood", terms: ["flood", "river", "levee", "evacuation", "rain"], startMs: T0 + 75 * MIN, durationMs: 15 * MIN, postsPerMinute: 20 }],
  });
  for (const p of stream.posts) services.knowledge!.pipeline.handle({ kind: "upsert", post: p });
  services.knowledge!.pipeline.flush();
  app = await buildServer(services);
  await app.listen({ host: "127.0.0.1", port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});

after(async () => {
  await app?.close();
  await services?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async (path: string) => {
  const res = await fetch(base + path);
  return { status: res.status, body: (await res.json()) as any };
};

async function expectError(path: string, status: number, param: string | null, re: RegExp, init?: RequestInit) {
  const res = await fetch(base + path, init);
  assert.equal(res.status, status, path);
  const body = (await res.json()) as { error: { message: string; type: string; param: string | null; code: string | null } };
  assert.equal(body.error.param, param, body.error.message);
  assert.match(body.error.message, re);
}

test("GET /v1/knowledge/trends ranks the burst first with series, sentiment and sample posts", async () => {
  const { status, body } = await get("/v1/knowledge/trends?window=15m&limit=5");
  assert.equal(status, 200);
  assert.equal(body.object, "list");
  assert.equal(body.window, "15m");
  const top = body.data[0];
  assert.equal(top.label, "#riverflood");
  assert.ok(top.score > 0 && top.observed >= 100);
  assert.equal(top.series.length, 15);
  assert.ok(top.samplePosts.length > 0 && top.samplePosts[0].url.startsWith("https://"));
  assert.equal(typeof top.sentiment.average, "number");
  assert.ok(body.data.length <= 5);
  const de = await get("/v1/knowledge/trends?lang=de&kind=hashtag,term");
  assert.equal(de.status, 200);
  for (const t of de.body.data) assert.ok(["hashtag", "term"].includes(t.kind));
});

test("trends parameters are validated and named", async () => {
  await expectError("/v1/knowledge/trends?window=forever", 400, "window", /duration/);
  await expectError("/v1/knowledge/trends?window=3h", 400, "window", /at most 1h/);
  await expectError("/v1/knowledge/trends?limit=0", 400, "limit", /between 1 and 100/);
  await expectError("/v1/knowledge/trends?limit=abc", 400, "limit", /integer/);
  await expectError("/v1/knowledge/trends?lang=english!", 400, "lang", /language code/);
  await expectError("/v1/knowledge/trends?kind=emoji", 400, "kind", /hashtag, term, phrase, link/);
  await expectError("/v1/knowledge/trends?windw=5m", 400, "windw", /unknown query parameter/);
});

test("stories list and detail with timeline, key posts and perspectives", async () => {
  const list = await get("/v1/knowledge/stories?limit=3");
  assert.equal(list.status, 200);
  const story = list.body.data.find((s: any) => s.hashtags.includes("#riverflood"));
  assert.ok(story, JSON.stringify(list.body.data.map((s: any) => s.title)));
  const detail = await get(`/v1/knowledge/stories/${story.id}`);
  assert.equal(detail.status, 200);
  assert.equal(detail.body.object, "story");
  assert.ok(detail.body.timeline.length >= 10);
  assert.ok(detail.body.keyPostViews.earliest.url);
  const sides = detail.body.perspectivesWithPosts.map((p: any) => p.stance);
  assert.ok(sides.includes("positive") && sides.includes("negative"));
  for (const p of detail.body.perspectivesWithPosts) assert.ok(p.representativePosts.length > 0);
  await expectError("/v1/knowledge/stories/st_nope", 404, "id", /no story/);
  await expectError("/v1/knowledge/stories?since=yesterday", 400, "since", /ISO 8601/);
});

test("stats report stored posts, stream time and analysis size", async () => {
  const { status, body } = await get("/v1/knowledge/stats");
  assert.equal(status, 200);
  assert.ok(body.postsStored > 2500);
  assert.equal(body.postsBySource.demo, body.postsStored);
  assert.ok(body.streamTime.startsWith("2026-03-01T01:"));
  assert.ok(body.analysis.topics > 0);
  assert.ok(Array.isArray(body.sources));
  // No embedding model configured: the block says so, and search is BM25.
  assert.equal(body.embeddings.state, "off");
  assert.equal(body.embeddings.model, null);
  assert.equal(body.embeddings.postsEmbedded, 0);
});

test("search with filters; every hit has a url; bad parameters are named", async () => {
  const { status, body } = await get(`/v1/knowledge/search?q=${encodeURIComponent("levee evacuation")}&limit=5&source=demo&lang=en&since=30m`);
  assert.equal(status, 200);
  assert.equal(body.ranking, "bm25");
  assert.equal(body.data.length, 5);
  for (const h of body.data) {
    assert.match(h.text, /levee|evacuation/);
    assert.match(h.url, /^https:\/\//);
    assert.ok(Date.parse(h.createdAt) >= T0 + 60 * MIN);
  }
  const author = body.data[0].author.handle;
  const byAuthor = await get(`/v1/knowledge/search?q=flood&author=${encodeURIComponent(author)}`);
  for (const h of byAuthor.body.data) assert.equal(h.author.handle, author);
  await expectError("/v1/knowledge/search?q=x&source=myspace", 400, "source", /one of/);
  await expectError("/v1/knowledge/search?q=x&since=2026-03-02&until=2026-03-01", 400, "since", /after until/);
  await expectError("/v1/knowledge/search?q=x&until=notadate", 400, "until", /ISO 8601/);
  await expectError(`/v1/knowledge/search?q=${"x".repeat(501)}`, 400, "q", /500/);
  await expectError("/v1/knowledge/search?q=a&q=b", 400, "q", /more than once/);
});

test("the events stream sends a snapshot, then live updates", async () => {
  const controller = new AbortController();
  const res = await fetch(base + "/v1/knowledge/events", { signal: controller.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")!, /text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const seen = new Set<string>();
  const k = services.knowledge!;
  // New posts after the snapshot must produce a live update.
  const more = generateSyntheticStream({ seed: 99, startMs: T0 + 90 * MIN, minutes: 1, backgroundPerMinute: 10 });
  let pushed = false;
  while (!(seen.has("stats") && seen.has("trends") && seen.has("stories") && (text.match(/event: stats/g)?.length ?? 0) >= 2)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
    for (const m of text.matchAll(/event: (\w+)\ndata: (.*)\n\n/g)) {
      seen.add(m[1]!);
      JSON.parse(m[2]!);
    }
    if (!pushed && seen.has("stories")) {
      pushed = true;
      for (const p of more.posts) k.pipeline.handle({ kind: "upsert", post: p });
      k.pipeline.flush();
    }
  }
  controller.abort();
  assert.ok(seen.has("trends") && seen.has("stories") && seen.has("stats"));
  assert.ok((text.match(/event: stats/g)?.length ?? 0) >= 2, "a live update followed the snapshot");
});

test("alerts: create, list, get, delete, with errors that name the field", async () => {
  const hook = createServer((_req, res) => res.writeHead(200).end());
  hook.listen(0, "127.0.0.1");
  await once(hook, "listening");
  try {
    const url = `http://127.0.0.1:${(hook.address() as { port: number }).port}/hook`;
    const post = (body: unknown) => fetch(base + "/v1/knowledge/alerts", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const res = await post({ topic: "#riverflood", condition: "volume_spike", threshold: 3, window: "10m", url });
    assert.equal(res.status, 201);
    const alert = (await res.json()) as any;
    assert.equal(alert.object, "alert");
    assert.equal(alert.matchKind, "hashtag");
    assert.equal((await get("/v1/knowledge/alerts")).body.data.length, 1);
    assert.equal((await get(`/v1/knowledge/alerts/${alert.id}`)).body.topic, "#riverflood");
    const json = { method: "POST", headers: { "content-type": "application/json" } };
    await expectError("/v1/knowledge/alerts", 400, "condition", /volume_spike/, { ...json, body: JSON.stringify({ topic: "x", condition: "loud", threshold: 1, url }) });
    await expectError("/v1/knowledge/alerts", 400, "url", /required/, { ...json, body: JSON.stringify({ topic: "x", condition: "volume_spike", threshold: 1 }) });
    await expectError("/v1/knowledge/alerts", 400, "window", /duration/, { ...json, body: JSON.stringify({ topic: "x", condition: "volume_spike", threshold: 1, url, window: "soon" }) });
    await expectError("/v1/knowledge/alerts", 400, "topic", /hashtag/, { ...json, body: JSON.stringify({ condition: "volume_spike", threshold: 1, url }) });
    await expectError("/v1/knowledge/alerts", 400, "colour", /unknown field/, { ...json, body: JSON.stringify({ topic: "x", condition: "volume_spike", threshold: 1, url, colour: "red" }) });
    await expectError("/v1/knowledge/alerts", 400, null, /not valid JSON/, { ...json, body: "{oops" });
    const del = await fetch(`${base}/v1/knowledge/alerts/${alert.id}`, { method: "DELETE" });
    assert.deepEqual(await del.json(), { object: "alert.deleted", id: alert.id, deleted: true });
    await expectError(`/v1/knowledge/alerts/${alert.id}`, 404, "id", /no alert/);
    await expectError(`/v1/knowledge/alerts/${alert.id}`, 404, "id", /no alert/, { method: "DELETE" });
  } finally {
    hook.close();
  }
});

test("with the engine disabled the routes answer 503", async () => {
  const d = mkdtempSync(join(tmpdir(), "candor-knowledge-off-"));
  const s = await createServices(loadConfig({ cwd: d, env: {}, overrides: { dataDir: d, knowledge: { enabled: false } } }), {
    models: scriptedRegistry([]),
    log: () => {},
    areas: { evaluation: false, access: false },
  });
  const a = await buildServer(s);
  try {
    const res = await a.inject({ method: "GET", url: "/v1/knowledge/trends" });
    assert.equal(res.statusCode, 503);
    assert.match(res.json().error.message, /not running/);
  } finally {
    await a.close();
    await s.close();
    rmSync(d, { recursive: true, force: true });
  }
});

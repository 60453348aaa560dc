/**
 * The whole path with the real engine: a synthetic GGUF served by node-llama-cpp, named in `knowledge.embeddings.model`
 * and resolved through the ModelRegistry, embeds stored posts into sqlite-vec, and /v1/knowledge/search runs hybrid.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { loadConfig } from "../../../src/config.js";
import { createServices, type CandorServices } from "../../../src/runtime/services.js";
import { buildServer } from "../../../src/server/app.js";
import { syntheticModels } from "../../fixtures/synthetic-gguf.js";
import type { Post } from "../../../src/knowledge/post.js";

const T0 = Date.parse("2026-05-10T10:00:00Z");
const TOPICS = ["river flood near the levee", "power outage downtown", "election results tonight", "wildfire smoke over the hills", "new bakery opens on main street"];

let dir: string;
let services: CandorServices;
let app: FastifyInstance;
let base: string;
const logs: string[] = [];

function post(n: number): Post {
  return {
    id: `bluesky:p${n}`,
    source: "bluesky",
    sourceId: `p${n}`,
    url: `https://bsky.app/profile/a${n % 9}/post/p${n}`,
    author: { id: `did:plc:a${n % 9}`, handle: `a${n % 9}.bsky.social` },
    text: `${TOPICS[n % TOPICS.length]} report ${n} from reader${n} at spot${n}`,
    lang: "en",
    createdAt: new Date(T0 + n * 1000).toISOString(),
    hashtags: [],
    links: [],
    mentions: [],
    images: [],
  };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "candor-llama-embed-"));
  const models = join(dir, "models");
  syntheticModels.random(models, { name: "emb" });
  const config = loadConfig({
    cwd: dir,
    env: {},
    overrides: {
      dataDir: dir,
      models: { dir: models, threads: 2, contextSize: 512, parallelSequences: 1 },
      knowledge: { demo: "off", embeddings: { model: "emb", batchSize: 16 } },
    },
  });
  services = await createServices(config, { log: (l) => logs.push(l), areas: { evaluation: false, access: false } });
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

test("posts are embedded by the GGUF through node-llama-cpp into sqlite-vec, and search runs hybrid", async () => {
  const k = services.knowledge!;
  assert.ok(k.embedder, logs.join("\n"));
  for (let n = 1; n <= 60; n++) k.pipeline.handle({ kind: "upsert", post: post(n) });
  k.pipeline.flush();
  const originals = (services.db.prepare("SELECT count(*) AS n FROM knowledge_posts WHERE duplicate_of IS NULL").get() as { n: number }).n;
  await k.embedder.whenIdle();

  const stats = (await get("/v1/knowledge/stats")).body.embeddings;
  assert.equal(stats.model, "emb");
  assert.equal(stats.state, "idle", JSON.stringify(stats));
  assert.equal(stats.dimension, 64, "the synthetic model's embedding length");
  assert.equal(stats.postsEmbedded, originals);
  assert.equal(stats.coverage, 1);
  assert.equal(stats.failed, 0);
  assert.equal(k.vectors!.indexRows(), originals);

  // The stored vector is what /v1/embeddings (the same llama.cpp path) returns for the post's text.
  const res = await fetch(`${base}/v1/embeddings`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "emb", input: post(7).text }) });
  assert.equal(res.status, 200);
  const served = ((await res.json()) as { data: { embedding: number[] }[] }).data[0]!.embedding;
  const pk = (services.db.prepare("SELECT pk FROM knowledge_posts WHERE id = 'bluesky:p7'").get() as { pk: number }).pk;
  const stored = k.vectors!.vectorOf(pk)!;
  let dot = 0;
  let nn = 0;
  for (let i = 0; i < served.length; i++) {
    dot += served[i]! * stored[i]!;
    nn += served[i]! * served[i]!;
  }
  assert.ok(dot / Math.sqrt(nn) > 0.99, `cosine ${dot / Math.sqrt(nn)}`);

  // A post's own text finds that post through the vector side; every hit carries its url.
  const search = (await get(`/v1/knowledge/search?q=${encodeURIComponent(post(7).text)}&limit=5`)).body;
  assert.equal(search.ranking, "hybrid");
  assert.equal(search.data[0].id, "bluesky:p7");
  assert.ok(search.data[0].similarity > 0.99, JSON.stringify(search.data[0]));
  for (const h of search.data) assert.match(h.url, /^https:\/\/bsky\.app\//);
});

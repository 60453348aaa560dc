/**
 * A local server for the parts of Candor's API whose real routes have not landed yet (knowledge, arena, keys),
 * speaking the shapes issues 3, 4 and 5 specify. It lets the browser tests drive the Pulse, Arena and Settings
 * flows end to end today; the same flows run against the real routes in app.test.ts once they exist.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { ApiError } from "../../src/server/errors.js";

const t0 = Date.parse("2026-11-23T08:00:00Z");
const iso = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();

function post(id: string, handle: string, text: string, minutes: number, extra: Record<string, unknown> = {}) {
  return {
    id: `demo:${id}`,
    source: "demo",
    sourceId: id,
    url: `https://bsky.app/profile/${handle}/post/${id}`,
    author: { id: `did:plc:${handle}`, handle, displayName: handle.split(".")[0] },
    text,
    lang: "en",
    createdAt: iso(minutes),
    hashtags: [],
    links: [],
    mentions: [],
    images: [],
    ...extra,
  };
}

export const launchPosts = [
  post("p1", "rocketwatch.bsky.social", "Liftoff! The heavy launcher just cleared the tower #launch", 5),
  post("p2", "skeptic.bsky.social", "Another launch, another delay announced for the next one. Not impressed. #launch", 20),
  post("p3", "spacefan.bsky.social", "Incredible footage of the booster landing #launch", 12),
  post("p4", "newsdesk.bsky.social", "Officials confirm the payload reached orbit #launch", 30),
];

export const STORY_TITLE = "Heavy launcher reaches orbit";

export interface FakeAreas {
  /** Adds a trend and tells the browsers listening on the events stream. */
  pushTrend(topic: string): void;
  votes: { id: string; winner: string }[];
  keys: Map<string, { id: string; name: string; scopes: string[]; created_at: string; prefix: string; rpm?: number; tpm?: number }>;
}

export async function registerFakeAreas(app: FastifyInstance): Promise<FakeAreas> {
  const trends = [
    { topic: "#launch", kind: "hashtag", score: 42.5, volume: [1, 2, 2, 5, 9, 14, 22, 31], sentiment: { mean: 0.31 }, sample_posts: launchPosts.slice(0, 2), story_id: "s1" },
    { topic: "solar storm", kind: "phrase", score: 17.2, volume: [3, 3, 4, 4, 6, 5, 8, 9], sentiment: { mean: -0.22 }, sample_posts: [], story_id: null },
    { topic: "#election", kind: "hashtag", score: 9.1, volume: [8, 7, 9, 8, 7, 9, 8, 10], sentiment: { mean: 0.01 }, sample_posts: [] },
  ];
  const story = {
    id: "s1",
    title: STORY_TITLE,
    first_seen: iso(5),
    last_seen: iso(40),
    size: 84,
    volume: [1, 3, 8, 15, 22, 18, 11, 6],
    sentiment: { mean: 0.18 },
    topics: ["#launch", "orbit", "booster"],
    key_posts: [launchPosts[3], launchPosts[0], launchPosts[2]],
    perspectives: [
      { label: "Celebrating", share: 0.64, sentiment: { mean: 0.71 }, posts: [launchPosts[0], launchPosts[2]] },
      { label: "Sceptical", share: 0.36, sentiment: { mean: -0.48 }, posts: [launchPosts[1]] },
    ],
  };
  const listeners = new Set<FastifyReply>();
  const fake: FakeAreas = {
    votes: [],
    keys: new Map(),
    pushTrend(topic) {
      trends.unshift({ topic, kind: "hashtag", score: 99, volume: [0, 1, 4, 16, 40, 80, 120, 160], sentiment: { mean: 0.5 }, sample_posts: [], story_id: null });
      for (const r of listeners) r.raw.write(`event: trends\ndata: ${JSON.stringify({ topic })}\n\n`);
    },
  };

  app.get("/v1/knowledge/trends", async () => ({ object: "list", data: trends }));
  app.get("/v1/knowledge/stories", async () => ({ object: "list", data: [{ ...story, key_posts: undefined, perspectives: undefined }] }));
  app.get<{ Params: { id: string } }>("/v1/knowledge/stories/:id", async (req) => {
    if (req.params.id !== story.id) throw new ApiError(404, `story '${req.params.id}' not found`, "id", "not_found");
    return story;
  });
  app.get<{ Querystring: Record<string, string> }>("/v1/knowledge/search", async (req) => {
    const { q = "", source, lang, author, since, until } = req.query;
    if (!q.trim()) throw new ApiError(400, "q is required", "q", "invalid_value");
    const hits = launchPosts.filter(
      (p) =>
        p.text.toLowerCase().includes(q.toLowerCase().replace(/^#/, "")) &&
        (!source || p.source === source) &&
        (!lang || p.lang === lang) &&
        (!author || p.author.handle.startsWith(author.replace(/^@/, ""))) &&
        (!since || p.createdAt >= since) &&
        (!until || p.createdAt <= until),
    );
    return { object: "list", data: hits };
  });
  app.get("/v1/knowledge/stats", async () => ({
    posts: 12345,
    sources: [
      { name: "bluesky", kind: "bluesky", state: "connected", lagSeconds: 0.8, postsPerSecond: 41.5, received: 9000 },
      { name: "demo", kind: "demo", state: "reconnecting", lagSeconds: 12.5, postsPerSecond: 0, received: 3345 },
    ],
  }));
  app.get("/v1/knowledge/events", (req, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    reply.raw.write(": connected\n\n");
    listeners.add(reply);
    req.raw.on("close", () => listeners.delete(reply));
  });
  app.addHook("onClose", async () => {
    for (const r of listeners) r.raw.end();
  });

  // Arena (shapes of src/server/routes/arena.ts): two fixed contestants; ratings move with the votes (Elo, K=32).
  const battles = new Map<string, { a: string; b: string; answers: { A: string; B: string }; voted?: string }>();
  app.post<{ Body: { prompt?: string; stream?: boolean } }>("/v1/arena/battles", async (req, reply) => {
    const prompt = req.body?.prompt?.trim();
    if (!prompt) throw new ApiError(400, "give `prompt` (a string) or `messages` (an array)", "prompt", "missing_required_parameter");
    const id = `battle_${battles.size + 1}`;
    const answers = { A: `**Alpha** says: ${prompt} — short answer.`, B: `Beta says:\n\n- point one\n- point two about ${prompt}` };
    battles.set(id, { a: "alpha-7b", b: "beta-8b", answers });
    const view = { id, object: "arena.battle", status: "awaiting_vote", answers, winner: null, models: null };
    if (!req.body.stream) return view;
    reply.hijack();
    reply.raw.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const send = (d: unknown) => reply.raw.write(`data: ${JSON.stringify(d)}\n\n`);
    send({ type: "battle.created", id });
    for (const side of ["A", "B"] as const) for (const piece of answers[side].match(/[\s\S]{1,8}/g)!) send({ type: "answer.delta", side, content: piece });
    send({ type: "battle.ready", battle: view });
    reply.raw.end("data: [DONE]\n\n");
  });
  app.post<{ Params: { id: string }; Body: { winner?: string } }>("/v1/arena/battles/:id/vote", async (req) => {
    const b = battles.get(req.params.id);
    if (!b) throw new ApiError(404, `battle '${req.params.id}' not found`, "id", "not_found");
    const winner = req.body?.winner;
    if (!["A", "B", "tie", "both_bad"].includes(winner ?? "")) throw new ApiError(400, "winner must be A, B, tie or both_bad", "winner", "invalid_value");
    if (b.voted) throw new ApiError(409, "this battle already has a vote", "id", "already_voted");
    b.voted = winner;
    fake.votes.push({ id: req.params.id, winner: winner! });
    return { id: req.params.id, object: "arena.battle", status: "voted", answers: b.answers, winner, models: { A: b.a, B: b.b } };
  });
  app.get<{ Querystring: { style_control?: string } }>("/v1/arena/leaderboard", async (req) => {
    const r: Record<string, number> = { "alpha-7b": 1000, "beta-8b": 1000, "gamma-3b": 980 };
    const n: Record<string, number> = { "alpha-7b": 0, "beta-8b": 0, "gamma-3b": 12 };
    for (const v of fake.votes) {
      const s = v.winner === "A" ? 1 : v.winner === "B" ? 0 : 0.5;
      const e = 1 / (1 + 10 ** ((r["beta-8b"]! - r["alpha-7b"]!) / 400));
      r["alpha-7b"]! += 32 * (s - e);
      r["beta-8b"]! -= 32 * (s - e);
      n["alpha-7b"]!++;
      n["beta-8b"]!++;
    }
    const style = req.query.style_control === "true";
    const rows = Object.keys(r)
      .map((model) => {
        const rating = r[model]! - (style && model === "beta-8b" ? 15 : 0);
        const half = 60 / Math.sqrt(n[model]! + 1);
        return { model, rating, ci_lower: rating - half, ci_upper: rating + half, battles: n[model]! };
      })
      .sort((x, y) => y.rating - x.rating)
      .map((row, i) => ({ ...row, rank: i + 1 }));
    return {
      object: "arena.leaderboard",
      method: style ? "bradley-terry-style-control" : "bradley-terry",
      battles: fake.votes.length + 12,
      models: rows,
      ...(style ? { style_control: { battles_used: fake.votes.length, coefficients: [{ feature: "length", coefficient: 0.21, ci_lower: 0.1, ci_upper: 0.3 }] } } : {}),
      notes: [],
    };
  });

  // Keys: the secret is returned once, at creation; listings show only a prefix.
  let keySeq = 0;
  app.get("/v1/keys", async () => ({ object: "list", data: [...fake.keys.values()] }));
  app.post<{ Body: { name?: string; scopes?: string[]; rpm?: number; tpm?: number } }>("/v1/keys", async (req, reply) => {
    const name = req.body?.name?.trim();
    if (!name) throw new ApiError(400, "name is required", "name", "invalid_value");
    const id = `key_${++keySeq}`;
    const secret = `candor-sk-${id}-${"x".repeat(24)}`;
    const row = { id, name, scopes: req.body.scopes ?? ["inference"], created_at: new Date().toISOString(), prefix: secret.slice(0, 14), rpm: req.body.rpm, tpm: req.body.tpm };
    fake.keys.set(id, row);
    reply.status(201);
    return { ...row, key: secret };
  });
  app.delete<{ Params: { id: string } }>("/v1/keys/:id", async (req) => {
    if (!fake.keys.delete(req.params.id)) throw new ApiError(404, `key '${req.params.id}' not found`, "id", "not_found");
    return { id: req.params.id, deleted: true };
  });
  return fake;
}

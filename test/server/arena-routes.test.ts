import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { loadConfig } from "../../src/config.js";
import { createServices, type CandorServices } from "../../src/runtime/services.js";
import { buildServer } from "../../src/server/app.js";
import { ScriptedChatModel, scriptedRegistry } from "../fixtures/scripted-chat-model.js";

let dir: string;
let services: CandorServices;
let app: FastifyInstance;
let base: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "candor-arena-routes-"));
  const config = loadConfig({ cwd: dir, env: {}, overrides: { dataDir: dir, evaluation: { arena: { models: ["alpha", "beta"] }, ratings: { bootstrapRounds: 20 } } } });
  const models = ["alpha", "beta", "gamma"].map((id) => new ScriptedChatModel({ id, chunkDelayMs: 1, answer: (m) => `**${id}** says: ${m[m.length - 1].content}` }));
  services = await createServices(config, { models: scriptedRegistry(models), log: () => {}, areas: { knowledge: false, access: false } });
  app = await buildServer(services);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const addr = app.server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}`;
});

after(async () => {
  await app?.close();
  await services?.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown, headers: Record<string, string> = { "content-type": "application/json" }) =>
  fetch(base + path, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });

async function expectError(res: Response, status: number, param: string | null, re: RegExp) {
  assert.equal(res.status, status);
  const body = (await res.json()) as { error: { message: string; type: string; param: string | null; code: string | null } };
  assert.equal(body.error.param, param, body.error.message);
  assert.match(body.error.message, re);
  assert.equal(typeof body.error.type, "string");
}

test("create a blind battle, vote once, and the models are revealed", async () => {
  const res = await post("/v1/arena/battles", { prompt: "what is 2+2?" });
  assert.equal(res.status, 200);
  const battle = (await res.json()) as { id: string; answers: { A: string; B: string }; models: unknown; status: string };
  assert.equal(battle.status, "awaiting_vote");
  assert.equal(battle.models, null);
  assert.match(battle.answers.A, /says: what is 2\+2\?/);
  assert.ok(!/gamma/.test(battle.answers.A + battle.answers.B), "only the configured contestants are drawn");

  const hidden = (await (await fetch(`${base}/v1/arena/battles/${battle.id}`)).json()) as { models: unknown };
  assert.equal(hidden.models, null);

  const voted = await post(`/v1/arena/battles/${battle.id}/vote`, { winner: "A" });
  assert.equal(voted.status, 200);
  const v = (await voted.json()) as { models: { A: string; B: string }; winner: string };
  assert.deepEqual(new Set([v.models.A, v.models.B]), new Set(["alpha", "beta"]));
  assert.ok(battle.answers.A.includes(`**${v.models.A}**`), "the revealed A is the model that wrote answer A");

  await expectError(await post(`/v1/arena/battles/${battle.id}/vote`, { winner: "B" }), 409, "id", /already been voted/);
  await expectError(await post("/v1/arena/battles/battle_missing/vote", { winner: "B" }), 404, "id", /no battle/);
  await expectError(await fetch(`${base}/v1/arena/battles/battle_missing`), 404, "id", /no battle/);
});

test("bad requests name the parameter", async () => {
  await expectError(await post("/v1/arena/battles", {}), 400, "prompt", /give `prompt`/);
  await expectError(await post("/v1/arena/battles", { prompt: "x", models: ["alpha"] }), 400, "models", /models/);
  await expectError(await post("/v1/arena/battles", { prompt: "x", models: ["alpha", "alpha"] }), 400, "models", /different models/);
  await expectError(await post("/v1/arena/battles", { prompt: "x", models: ["alpha", "nope"] }), 400, "models", /unknown model 'nope'/);
  await expectError(await post("/v1/arena/battles", { prompt: "x", colour: "red" }), 400, "colour", /unknown field/);
  await expectError(await post("/v1/arena/battles", { messages: [{ role: "wizard", content: "x" }] }), 400, "messages.0.role", /messages/);
  await expectError(await post("/v1/arena/battles", "{oops"), 400, null, /not valid JSON/);
  const created = (await (await post("/v1/arena/battles", { prompt: "y", models: ["alpha", "gamma"] })).json()) as { id: string };
  await expectError(await post(`/v1/arena/battles/${created.id}/vote`, { winner: "C" }), 400, "winner", /winner/);
  await expectError(await fetch(`${base}/v1/arena/leaderboard?bootstrap=many`), 400, "bootstrap", /integer/);
  await expectError(await fetch(`${base}/v1/arena/leaderboard?style_control=maybe`), 400, "style_control", /true or false/);
});

test("streamed battle interleaves both answers as server-sent events", async () => {
  const res = await post("/v1/arena/battles", { messages: [{ role: "user", content: "stream a fairly long answer please" }], models: ["beta", "gamma"], stream: true });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /text\/event-stream/);
  const text = await res.text();
  const events = text.split("\n\n").filter(Boolean).map((chunk) => chunk.replace(/^data: /, ""));
  assert.equal(events[events.length - 1], "[DONE]");
  const parsed = events.slice(0, -1).map((e) => JSON.parse(e) as { type: string; side?: string; content?: string; battle?: { id: string; answers: { A: string; B: string } } });
  assert.equal(parsed[0].type, "battle.created");
  const ready = parsed.find((e) => e.type === "battle.ready")!;
  const joined = (side: string) => parsed.filter((e) => e.type === "answer.delta" && e.side === side).map((e) => e.content).join("");
  assert.equal(joined("A"), ready.battle!.answers.A);
  assert.equal(joined("B"), ready.battle!.answers.B);
  const stored = (await (await fetch(`${base}/v1/arena/battles/${ready.battle!.id}`)).json()) as { answers: unknown };
  assert.deepEqual(stored.answers, ready.battle!.answers);
});

test("import JSONL, leaderboard with style control, and export in LMArena columns", async () => {
  const conv = (a: string) => [{ role: "user", content: "q" }, { role: "assistant", content: a }];
  const rows = [];
  for (let i = 0; i < 30; i++) {
    rows.push({ question_id: `imp${i}`, model_a: i % 2 ? "big-model" : "small-model", model_b: i % 2 ? "small-model" : "big-model", winner: i % 5 === 0 ? "tie" : i % 2 ? "model_a" : "model_b", conversation_a: conv(`answer ${"x ".repeat(i)}`), conversation_b: conv("- short"), tstamp: 1700000000 + i });
  }
  const jsonl = rows.map((r) => JSON.stringify(r)).join("\n");
  const imp = await post("/v1/arena/import", jsonl, { "content-type": "application/x-ndjson" });
  assert.equal(imp.status, 200);
  assert.deepEqual(await imp.json(), { object: "arena.import", lines: 30, imported: 30, duplicates: 0, skipped: [] });
  const again = (await (await post("/v1/arena/import", jsonl, { "content-type": "application/x-ndjson" })).json()) as { imported: number; duplicates: number };
  assert.deepEqual([again.imported, again.duplicates], [0, 30]);
  await expectError(await post("/v1/arena/import", `${jsonl}\n{"model_a":"x"}`, { "content-type": "application/x-ndjson" }), 400, "body", /line 31: model_b/);

  const lb = (await (await fetch(`${base}/v1/arena/leaderboard?style_control=true&bootstrap=30&seed=3`)).json()) as {
    method: string;
    bootstrap_rounds: number;
    models: { model: string; rating: number; ci_lower: number; ci_upper: number; rank: number; battles: number; elo: number; raw_rating: number }[];
    style_control: { coefficients: { feature: string; coefficient: number }[] };
  };
  assert.equal(lb.method, "bradley-terry-style-control");
  assert.equal(lb.bootstrap_rounds, 30);
  const big = lb.models.find((m) => m.model === "big-model")!;
  const small = lb.models.find((m) => m.model === "small-model")!;
  assert.ok(big.raw_rating > small.raw_rating && big.elo > small.elo);
  for (const k of ["rating", "ci_lower", "ci_upper", "rank", "battles", "elo", "raw_rating"] as const) assert.equal(typeof big[k], "number", k);
  assert.equal(big.battles, 30);
  assert.deepEqual(lb.style_control.coefficients.map((c) => c.feature), ["tokens", "headers", "listItems", "bold"]);

  const exp = await fetch(`${base}/v1/arena/export`);
  assert.equal(exp.status, 200);
  assert.match(exp.headers.get("content-type") ?? "", /ndjson/);
  const lines = (await exp.text()).trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  const imported = lines.filter((l) => String(l.question_id).startsWith("imp"));
  assert.equal(imported.length, 30);
  assert.deepEqual(Object.keys(imported[0]).slice(0, 6), ["question_id", "model_a", "model_b", "winner", "judge", "conversation_a"]);
  assert.ok(lines.some((l) => l.winner === "model_a" && l.voter_kind === "human"));
});

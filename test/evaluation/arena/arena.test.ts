import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../../src/storage/database.js";
import { coreMigrations } from "../../../src/runtime/migrations.js";
import { Arena, ArenaError, type BattleStreamEvent } from "../../../src/evaluation/arena/index.js";
import { createRng } from "../../../src/evaluation/ratings/random.js";
import { ScriptedChatModel, scriptedRegistry } from "../../fixtures/scripted-chat-model.js";

const dir = mkdtempSync(join(tmpdir(), "candor-arena-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let dbCount = 0;

function setup(models = ["alpha", "beta", "gamma"]) {
  const db = openDatabase(join(dir, `arena-${dbCount++}.db`), coreMigrations);
  const scripted = models.map(
    (id) => new ScriptedChatModel({ id, chunkDelayMs: 2, answer: (msgs) => `## ${id}\n- answer from **${id}** to: ${msgs[msgs.length - 1].content}` }),
  );
  const arena = new Arena({ db, models: scriptedRegistry(scripted), rng: createRng(1) });
  return { db, arena, scripted };
}

test("a battle stores both answers, hides the models until the one vote, then reveals them", async () => {
  const { db, arena, scripted } = setup();
  const view = await arena.createBattle({ messages: [{ role: "user", content: "hi there" }], models: ["alpha", "beta"] });
  assert.equal(view.status, "awaiting_vote");
  assert.equal(view.models, null);
  assert.match(view.answers.A, /answer from \*\*alpha\*\* to: hi there/);
  assert.match(view.answers.B, /beta/);
  assert.deepEqual(view.messages, [{ role: "user", content: "hi there" }]);
  assert.equal(arena.getBattle(view.id).models, null);
  assert.equal(scripted[0].calls[0].options.temperature, 0.7);

  const stored = arena.getStoredBattle(view.id)!;
  assert.deepEqual(stored.styleA, { tokens: stored.styleA!.tokens, headers: 1, listItems: 1, bold: 1 });

  const voted = arena.vote(view.id, "B");
  assert.deepEqual(voted.models, { A: "alpha", B: "beta" });
  assert.equal(voted.winner, "B");
  assert.equal(voted.voter_kind, "human");
  assert.throws(() => arena.vote(view.id, "A"), (e: unknown) => e instanceof ArenaError && e.kind === "conflict");
  assert.equal(arena.getBattle(view.id).winner, "B", "a second vote never overwrites the first");
  assert.throws(() => arena.getBattle("battle_nope"), (e: unknown) => e instanceof ArenaError && e.kind === "not_found");
  db.close();
});

test("both answers are generated concurrently and stream interleaved", async () => {
  const { db, arena } = setup();
  const events: BattleStreamEvent[] = [];
  for await (const e of arena.streamBattle({ messages: [{ role: "user", content: "a somewhat longer question to answer" }], models: ["alpha", "gamma"] })) events.push(e);
  assert.equal(events[0].type, "battle.created");
  const deltas = events.filter((e) => e.type === "answer.delta").map((e) => (e as { side: string }).side);
  const firstDone = events.findIndex((e) => e.type === "answer.done");
  const sidesBeforeDone = new Set(events.slice(0, firstDone).filter((e) => e.type === "answer.delta").map((e) => (e as { side: string }).side));
  assert.deepEqual([...sidesBeforeDone].sort(), ["A", "B"], `both sides streamed before either finished: ${deltas.join("")}`);
  const ready = events[events.length - 1];
  assert.equal(ready.type, "battle.ready");
  db.close();
});

test("bad battle requests get errors naming the field", async () => {
  const { db, arena } = setup(["solo"]);
  const reject = async (req: Parameters<Arena["createBattle"]>[0], param: string, re: RegExp) =>
    assert.rejects(arena.createBattle(req), (e: unknown) => e instanceof ArenaError && e.param === param && re.test(e.message));
  await reject({ messages: [] }, "messages", /needs a prompt/);
  await reject({ messages: [{ role: "assistant", content: "x" }] }, "messages", /last message must be the user's/);
  await reject({ messages: [{ role: "user", content: "x" }], models: ["solo", "solo"] }, "models", /different models/);
  await reject({ messages: [{ role: "user", content: "x" }], models: ["solo", "ghost"] }, "models", /unknown model 'ghost'/);
  await reject({ messages: [{ role: "user", content: "x" }] }, "models", /at least two models/);
  db.close();
});

test("contestants are drawn from configured models, favouring pairs with fewer battles", async () => {
  const { db, arena } = setup();
  // alpha–beta has fought a lot; gamma has not fought at all.
  for (let i = 0; i < 30; i++) {
    const v = await arena.createBattle({ messages: [{ role: "user", content: `q${i}` }], models: i % 2 ? ["alpha", "beta"] : ["beta", "alpha"] });
    arena.vote(v.id, i % 3 === 0 ? "tie" : "A");
  }
  const counts = new Map<string, number>();
  for (let i = 0; i < 400; i++) {
    const [a, b] = arena.pickContestants();
    assert.notEqual(a, b);
    const k = [a, b].sort().join("-");
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  assert.ok((counts.get("alpha-beta") ?? 0) < 40, JSON.stringify([...counts]));
  assert.ok((counts.get("alpha-gamma") ?? 0) > 150 && (counts.get("beta-gamma") ?? 0) > 150, JSON.stringify([...counts]));
  const drawn = await arena.createBattle({ messages: [{ role: "user", content: "who?" }] });
  const stored = arena.getStoredBattle(drawn.id)!;
  assert.ok(stored.anony);
  assert.notEqual(stored.modelA, stored.modelB);
  db.close();
});

test("the leaderboard rates voted battles and follows new votes", async () => {
  const { db, arena } = setup();
  assert.deepEqual(arena.leaderboard().models, []);
  for (let i = 0; i < 12; i++) {
    const v = await arena.createBattle({ messages: [{ role: "user", content: `q${i}` }], models: i % 2 ? ["alpha", "beta"] : ["beta", "alpha"] });
    arena.vote(v.id, i % 2 ? "A" : i % 4 === 0 ? "B" : "tie");
  }
  const unvoted = await arena.createBattle({ messages: [{ role: "user", content: "pending" }], models: ["alpha", "gamma"] });
  const lb = arena.leaderboard({ bootstrapRounds: 50, styleControl: true });
  assert.equal(lb.battles, 12, "battles awaiting a vote are not rated");
  assert.equal(lb.models[0].model, "alpha");
  assert.equal(lb.models[0].battles, 12);
  assert.ok(lb.style_control && lb.style_control.coefficients.length === 4);
  arena.vote(unvoted.id, "B");
  const after = arena.leaderboard({ bootstrapRounds: 50, styleControl: true });
  assert.equal(after.battles, 13);
  assert.ok(after.models.some((m) => m.model === "gamma"));
  db.close();
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../../src/storage/database.js";
import { coreMigrations } from "../../../src/runtime/migrations.js";
import {
  activateRewardModel,
  arenaPairs,
  bestOfN,
  gradedPairs,
  installBestOfN,
  listRewardModels,
  loadRewardModel,
  recordGradedPair,
  RewardModelScorer,
  saveRewardModel,
  toDpoJsonl,
  trainRewardModel,
  type PreferencePair,
} from "../../../src/evaluation/reward/index.js";
import type { AreaContext } from "../../../src/runtime/area-context.js";
import type { CandidateScorer } from "../../../src/assistant/hooks.js";
import { ScriptedJudgeModel, scriptedRegistry } from "../../fixtures/scripted-judge-model.js";

function rng(seed: number) {
  let a = seed;
  return () => ((a = (a * 1103515245 + 12345) % 2147483648) / 2147483648);
}

const filler = "the a system value process result method data table record point level group area field way case part".split(" ");
const topics = "tides bridges vaccines interest rates volcanoes compilers bees glaciers batteries tariffs".split(" ");
/** The planted preference: people preferred answers that give a reason and a concrete figure over vague hedges. Lengths are matched. */
function plantedPairs(n: number, seed: number): PreferencePair[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const words = (k: number) => Array.from({ length: k }, () => pick(filler)).join(" ");
  return Array.from({ length: n }, () => {
    const topic = pick(topics);
    const len = 6 + Math.floor(r() * 6);
    return {
      prompt: `Explain ${topic} briefly.`,
      chosen: `${words(len)} ${topic} works because of ${Math.floor(r() * 90 + 10)} percent ${words(len)}.`,
      rejected: `${words(len)} ${topic} maybe works perhaps somewhat ${words(len)} possibly.`,
    };
  });
}

function withDb<T>(fn: (db: ReturnType<typeof openDatabase>, dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "candor-reward-"));
  const db = openDatabase(join(dir, "candor.db"), coreMigrations);
  return fn(db, dir).finally(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
}

test("the text-feature reward model learns a planted preference (held-out accuracy well above chance)", async () => {
  const { model, metrics, spec } = await trainRewardModel({ pairs: plantedPairs(200, 7), seed: 3, epochs: 150 });
  assert.equal(spec.kind, "text");
  assert.equal(metrics.heldOutPairs, 40);
  assert.ok(metrics.heldOutAccuracy! >= 0.9, `held-out accuracy ${metrics.heldOutAccuracy}`);
  // Fresh pairs from another seed are ranked the planted way too.
  const fresh = plantedPairs(50, 99);
  let right = 0;
  for (const p of fresh) {
    const [c, r] = await model.score(p.prompt, [p.chosen, p.rejected]);
    if (c! > r!) right++;
  }
  assert.ok(right / fresh.length >= 0.9, `fresh accuracy ${right / fresh.length}`);
});

test("a shuffled (unlearnable) preference stays near chance on held-out pairs", async () => {
  const r = rng(5);
  const pairs = plantedPairs(200, 11).map((p) => (r() < 0.5 ? p : { ...p, chosen: p.rejected, rejected: p.chosen }));
  const { metrics } = await trainRewardModel({ pairs, seed: 3, epochs: 150 });
  assert.ok(metrics.heldOutAccuracy! < 0.75, `held-out accuracy ${metrics.heldOutAccuracy}`);
});

test("trains on a served embedding model's vectors when one is given", async () => {
  // A toy embedding: dimensions for reasons, hedges and length.
  const embedder = (t: string) => [(t.match(/because/g) ?? []).length, (t.match(/maybe|perhaps|possibly/g) ?? []).length, t.length / 100, 1];
  const emb = new ScriptedJudgeModel("embedder", () => "", embedder);
  const models = scriptedRegistry([emb, new ScriptedJudgeModel("chat-only", () => "")]);
  const { metrics, spec, model } = await trainRewardModel({ pairs: plantedPairs(60, 1), models, embeddingModel: "embedder", epochs: 200 });
  assert.deepEqual(spec, { kind: "embedding", model: "embedder", dims: 4 });
  assert.equal(metrics.heldOutAccuracy, 1);
  const [good, bad] = await model.score("q", ["it works because of 5", "maybe perhaps"]);
  assert.ok(good! > bad!);
  await assert.rejects(trainRewardModel({ pairs: plantedPairs(10, 1), models, embeddingModel: "chat-only" }), /cannot compute embeddings/);
  await assert.rejects(trainRewardModel({ pairs: plantedPairs(10, 1), models, embeddingModel: "nope" }), /'nope' is not served/);
  await assert.rejects(trainRewardModel({ pairs: plantedPairs(1, 1) }), /at least 2 preference pairs/);
});

test("save, version, activate and load round-trip through SQLite; installBestOfN uses the active model", () =>
  withDb(async (db, dir) => {
    const first = await trainRewardModel({ pairs: plantedPairs(60, 2), epochs: 80 });
    const v1 = saveRewardModel(db, first.spec, first.model.weights, first.metrics, "file:a.jsonl");
    const second = await trainRewardModel({ pairs: plantedPairs(60, 3), epochs: 80 });
    const v2 = saveRewardModel(db, second.spec, second.model.weights, second.metrics, "file:b.jsonl");
    assert.deepEqual(listRewardModels(db).map((m) => [m.version, m.active]), [[v1, false], [v2, true]]);
    activateRewardModel(db, v1);
    assert.throws(() => activateRewardModel(db, 999), /no reward model version 999/);
    db.close();
    const reopened = openDatabase(join(dir, "candor.db"), coreMigrations);
    try {
      const loaded = loadRewardModel(reopened, undefined)!;
      assert.equal(loaded.version, v1);
      assert.deepEqual(Array.from(loaded.weights), Array.from(first.model.weights));
      const answers = ["it works because of 42 percent", "maybe perhaps possibly"];
      assert.deepEqual(await loaded.score("Explain bees.", answers), await first.model.score("Explain bees.", answers));
      assert.equal(listRewardModels(reopened).find((m) => m.active)!.metrics.pairs, 60);

      let installed: CandidateScorer | undefined;
      const logs: string[] = [];
      const ctx = {
        config: { evaluation: {} },
        db: reopened,
        models: scriptedRegistry([]),
        assistant: { setCandidateScorer: (s: CandidateScorer) => (installed = s) },
        log: (l: string) => logs.push(l),
      } as unknown as AreaContext;
      await installBestOfN(ctx);
      assert.ok(installed instanceof RewardModelScorer);
      assert.match(logs[0]!, new RegExp(`reward model v${v1}`));
      const scores = await installed!.score([{ role: "user", content: "Explain bees." }], answers);
      assert.ok(scores[0]! > scores[1]!);
      await assert.rejects(installBestOfN({ ...ctx, config: { evaluation: { bestOfN: { scorer: "grader" } } } } as unknown as AreaContext), /judges is empty/);
      await assert.rejects(installBestOfN({ ...ctx, config: { evaluation: { bestOfN: { scorr: "x" } } } } as unknown as AreaContext), /invalid evaluation.bestOfN/);
    } finally {
      reopened.close();
    }
  }));

test("installBestOfN does nothing when no reward model was trained", () =>
  withDb(async (db) => {
    let installed = false;
    const ctx = { config: { evaluation: {} }, db, models: scriptedRegistry([]), assistant: { setCandidateScorer: () => (installed = true) }, log: () => {} } as unknown as AreaContext;
    await installBestOfN(ctx);
    assert.equal(installed, false);
  }));

test("bestOfN picks the highest-scored candidate and counts the usage of all N", async () => {
  const texts = ["maybe", "it works because of 12 percent", "perhaps"];
  let generated = 0;
  const scorer: CandidateScorer = { score: async (_c, cands) => cands.map((c) => (c.includes("because") ? 1 : 0)) };
  const r = await bestOfN({
    n: 3,
    conversation: [{ role: "user", content: "q" }],
    scorer,
    generate: async (i) => (generated++, { content: texts[i]!, usage: { promptTokens: 10, completionTokens: 5 + i, reasoningTokens: 0, cachedTokens: 0 } }),
  });
  assert.equal(generated, 3);
  assert.equal(r.bestIndex, 1);
  assert.equal(r.best.content, texts[1]);
  assert.deepEqual(r.usage, { promptTokens: 30, completionTokens: 18, reasoningTokens: 0, cachedTokens: 0 });
  const tie = await bestOfN({ n: 2, conversation: [], scorer: { score: async () => [1, 1] }, generate: async (i) => ({ content: `c${i}`, usage: r.usage }) });
  assert.equal(tie.bestIndex, 0);
  await assert.rejects(bestOfN({ n: 2, conversation: [], scorer: { score: async () => [1] }, generate: async () => ({ content: "x", usage: r.usage }) }), /1 scores for 2 candidates/);
  await assert.rejects(bestOfN({ n: 0, conversation: [], scorer, generate: async () => ({ content: "x", usage: r.usage }) }), /positive integer/);
});

test("preference pairs from grader verdicts and decisive arena votes export as DPO JSONL", () =>
  withDb(async (db) => {
    recordGradedPair(db, { prompt: "p1", chosen: "good", rejected: "bad", rubric: "helpfulness", judge: "j" });
    const insert = db.prepare(
      "INSERT INTO arena_battles (id, tstamp, model_a, model_b, conversation_a, conversation_b, winner, voter_kind, source) VALUES (?, ?, 'm1', 'm2', ?, ?, ?, 'human', 'arena')",
    );
    const conv = (answer: string) => JSON.stringify([{ role: "user", content: "Say hi" }, { role: "assistant", content: answer }]);
    insert.run("b1", 1, conv("hello!"), conv("go away"), "A");
    insert.run("b2", 2, conv("meh"), conv("hi there"), "B");
    insert.run("b3", 3, conv("x"), conv("y"), "tie");
    insert.run("b4", 4, conv("x"), conv("y"), null);
    const arena = arenaPairs(db);
    assert.deepEqual(arena.map((p) => [p.prompt, p.chosen, p.rejected]), [["Say hi", "hello!", "go away"], ["Say hi", "hi there", "meh"]]);
    assert.equal(arenaPairs(db, "judge").length, 0);
    const jsonl = toDpoJsonl([...gradedPairs(db), ...arena, ...arena]);
    const lines = jsonl.trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(lines.length, 3);
    assert.deepEqual(Object.keys(lines[0]), ["prompt", "chosen", "rejected"]);
    assert.deepEqual(lines[0], { prompt: "p1", chosen: "good", rejected: "bad" });
  }));

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Grader, GraderError, aggregatePair } from "../../../src/evaluation/graders/grader.js";
import { SqliteJudgementRecorder, judgeBiasReport } from "../../../src/evaluation/graders/judge-stats.js";
import { modelFamily } from "../../../src/evaluation/graders/model-family.js";
import { extractJsonObject } from "../../../src/evaluation/graders/judge-call.js";
import { getRubric, helpfulnessRubric, creativeWritingRubric } from "../../../src/evaluation/rubrics/index.js";
import { openDatabase } from "../../../src/storage/database.js";
import { coreMigrations } from "../../../src/runtime/migrations.js";
import { ScriptedJudgeModel, scriptedRegistry, lastUser } from "../../fixtures/scripted-judge-model.js";

function answers(text: string): { A: string; B: string } {
  return { A: /<answer_A>\n([\s\S]*?)\n<\/answer_A>/.exec(text)![1]!, B: /<answer_B>\n([\s\S]*?)\n<\/answer_B>/.exec(text)![1]! };
}

const helpCriteria = helpfulnessRubric.criteria.map((c) => c.id);

/** A fair judge: prefers the answer containing `good`, in whichever position it appears. */
function fairPair(messages: Parameters<typeof lastUser>[0]): string {
  const { A, B } = answers(lastUser(messages));
  const winner = A.includes("good") && !B.includes("good") ? "A" : B.includes("good") && !A.includes("good") ? "B" : "tie";
  return JSON.stringify({ reasoning: `prefers ${winner}`, criteria: Object.fromEntries(helpCriteria.map((c) => [c, winner])), winner });
}

/** A position-biased judge: always picks whatever is shown first. */
function firstPicker(): string {
  return JSON.stringify({ reasoning: "the first one reads better", criteria: Object.fromEntries(helpCriteria.map((c) => [c, "A"])), winner: "A" });
}

const pair = { id: "p1", prompt: "How do I boil an egg?", a: { answer: "good: 9 minutes in boiling water", model: "gemma-2b" }, b: { answer: "meh", model: "phi-3" } };

test("pairwise judging runs both orders with neutral labels, at temperature 0 with a json_schema", async () => {
  const judge = new ScriptedJudgeModel("qwen3-judge", (m) => fairPair(m));
  const grader = new Grader({ models: scriptedRegistry([judge]), rubric: helpfulnessRubric, judges: ["qwen3-judge"] });
  const r = await grader.gradePairwise(pair);
  assert.equal(r.status, "ok");
  assert.equal(r.verdict, "a");
  assert.equal(r.criteria.correctness, "a");
  assert.equal(judge.calls.length, 2);
  const shown = judge.calls.map((c) => answers(lastUser(c.messages)));
  assert.deepEqual(shown[0], { A: pair.a.answer, B: pair.b.answer });
  assert.deepEqual(shown[1], { A: pair.b.answer, B: pair.a.answer });
  for (const c of judge.calls) {
    assert.equal(c.options.temperature, 0);
    assert.equal(c.options.responseFormat?.type, "json_schema");
    // Model names never reach the judge.
    assert.ok(!lastUser(c.messages).includes("gemma-2b") && !lastUser(c.messages).includes("phi-3"));
  }
  const flipped = await grader.gradePairwise({ ...pair, a: pair.b, b: pair.a });
  assert.equal(flipped.verdict, "b");
});

test("orders that disagree become a tie and are recorded as a position flip", async () => {
  const dir = mkdtempSync(join(tmpdir(), "candor-grader-"));
  const db = openDatabase(join(dir, "candor.db"), coreMigrations);
  try {
    const biased = new ScriptedJudgeModel("llama-judge", () => firstPicker());
    const fair = new ScriptedJudgeModel("qwen3-judge", (m) => fairPair(m));
    const recorder = new SqliteJudgementRecorder(db);
    const models = scriptedRegistry([biased, fair]);
    const g1 = new Grader({ models, rubric: helpfulnessRubric, judges: ["llama-judge"], recorder });
    const r = await g1.gradePairwise(pair);
    assert.equal(r.verdict, "tie");
    assert.equal(r.judgements[0]!.positionFlip, true);
    assert.equal(r.judgements[0]!.orders[0].winner, "a");
    assert.equal(r.judgements[0]!.orders[1].winner, "b");
    await new Grader({ models, rubric: helpfulnessRubric, judges: ["qwen3-judge"], recorder }).gradePairwise(pair);
    const report = judgeBiasReport(db);
    const llama = report.find((x) => x.judge === "llama-judge")!;
    assert.equal(llama.positionFlipRate, 1);
    assert.equal(llama.firstPositionRate, 1);
    const qwen = report.find((x) => x.judge === "qwen3-judge")!;
    assert.equal(qwen.positionFlipRate, 0);
    assert.equal(qwen.firstPositionRate, 0.5);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a judge may not be one of the contestants", async () => {
  const judge = new ScriptedJudgeModel("qwen3-judge", (m) => fairPair(m));
  const grader = new Grader({ models: scriptedRegistry([judge]), rubric: helpfulnessRubric, judges: ["qwen3-judge"] });
  await assert.rejects(
    grader.gradePairwise({ ...pair, b: { answer: "x", model: "scripted/qwen3-judge" } }),
    (e: unknown) => e instanceof GraderError && e.code === "judge_is_contestant" && /qwen3-judge/.test(e.message),
  );
  await assert.rejects(grader.gradePointwise({ prompt: "q", answer: "x", model: "qwen3-judge" }), /may not judge its own answers/);
  assert.equal(judge.calls.length, 0);
  assert.throws(() => new Grader({ models: scriptedRegistry([judge]), rubric: helpfulnessRubric, judges: ["nope"] }), /judge model 'nope' is not served; available models: qwen3-judge/);
});

test("panels aggregate by majority or by mean", async () => {
  const fair1 = new ScriptedJudgeModel("j1", (m) => fairPair(m));
  const fair2 = new ScriptedJudgeModel("j2", (m) => fairPair(m));
  const biased = new ScriptedJudgeModel("j3", () => firstPicker());
  const models = scriptedRegistry([fair1, fair2, biased]);
  const majority = await new Grader({ models, rubric: helpfulnessRubric, judges: ["j1", "j2", "j3"], aggregation: "majority" }).gradePairwise(pair);
  assert.equal(majority.verdict, "a");
  assert.deepEqual(majority.judgements.map((j) => j.verdict), ["a", "a", "tie"]);
  assert.equal(aggregatePair(["a", "b", "tie"], "majority"), "tie");
  assert.equal(aggregatePair(["a", "b", "b"], "majority"), "b");
  assert.equal(aggregatePair(["a", "tie", "tie"], "majority"), "tie");
  assert.equal(aggregatePair(["a", "tie", "tie"], "mean"), "a");
  assert.equal(aggregatePair(["a", "b"], "mean"), "tie");
  assert.equal(aggregatePair(["both_bad", "both_bad", "tie"], "mean"), "both_bad");

  // Pointwise: judges give 5, 4, 4 on every criterion (unwanted refusal: 1, 1, 3).
  const pointJudge = (id: string, s: number, refusal: number) =>
    new ScriptedJudgeModel(id, () => JSON.stringify({ reasoning: `${id} thinks ${s}`, scores: Object.fromEntries(helpCriteria.map((c) => [c, c === "unwarranted_refusal" ? refusal : s])) }));
  const pm = scriptedRegistry([pointJudge("p1", 5, 1), pointJudge("p2", 4, 1), pointJudge("p3", 4, 3)]);
  const item = { prompt: "How do I boil an egg?", answer: "9 minutes." };
  const maj = await new Grader({ models: pm, rubric: helpfulnessRubric, judges: ["p1", "p2", "p3"], aggregation: "majority" }).gradePointwise(item);
  assert.equal(maj.scores.correctness, 4);
  assert.equal(maj.scores.unwarranted_refusal, 1);
  const mean = await new Grader({ models: pm, rubric: helpfulnessRubric, judges: ["p1", "p2", "p3"], aggregation: "mean" }).gradePointwise(item);
  assert.ok(Math.abs(mean.scores.correctness! - 13 / 3) < 1e-9);
  assert.ok(Math.abs(mean.scores.unwarranted_refusal! - 5 / 3) < 1e-9);
  // Majority: positives 4 → 0.75 each, the negative 1 → 1.0; weights 2,1.5,1,0.5 + 1.
  const expected = (0.75 * 5 + 1 * 1) / 6;
  assert.ok(Math.abs(maj.overall - expected) < 1e-9, `${maj.overall} vs ${expected}`);
  assert.ok(Math.abs(maj.score - (1 + 4 * expected)) < 1e-9);
  assert.match(maj.reasoning, /\[p1\] p1 thinks 5/);
});

test("invalid JSON is retried once, then the item is reported failed rather than scored", async () => {
  const valid = JSON.stringify({ reasoning: "fine", scores: Object.fromEntries(helpCriteria.map((c) => [c, 3])) });
  const recovering = new ScriptedJudgeModel("recovering", (_m, _o, i) => (i === 0 ? "I think it is a 3/5." : "```json\n" + valid + "\n```"));
  const ok = await new Grader({ models: scriptedRegistry([recovering]), rubric: helpfulnessRubric, judges: ["recovering"] }).gradePointwise({ prompt: "q", answer: "a" });
  assert.equal(ok.status, "ok");
  assert.equal(ok.judgements[0]!.attempts, 2);
  assert.match(recovering.calls[1]!.messages.at(-1)!.content, /not valid JSON/);

  const outOfRange = JSON.stringify({ reasoning: "x", scores: Object.fromEntries(helpCriteria.map((c) => [c, 9])) });
  const broken = new ScriptedJudgeModel("broken", () => outOfRange);
  const failed = await new Grader({ models: scriptedRegistry([broken]), rubric: helpfulnessRubric, judges: ["broken"] }).gradePointwise({ id: "x1", prompt: "q", answer: "a" });
  assert.equal(broken.calls.length, 2);
  assert.equal(failed.status, "failed");
  assert.equal(failed.verdict, "failed");
  assert.deepEqual(failed.scores, {});
  assert.match(failed.errors[0]!.message, /invalid output 2 times.*scores\.correctness/);
  assert.equal(failed.errors[0]!.replies!.length, 2);

  const pairBroken = new ScriptedJudgeModel("pb", () => "{not json");
  const pf = await new Grader({ models: scriptedRegistry([pairBroken]), rubric: helpfulnessRubric, judges: ["pb"] }).gradePairwise(pair);
  assert.equal(pf.status, "failed");
  assert.equal(pf.verdict, "failed");
});

test("self-preference is measured when exactly one contestant shares the judge's family", async () => {
  const dir = mkdtempSync(join(tmpdir(), "candor-grader-"));
  const db = openDatabase(join(dir, "candor.db"), coreMigrations);
  try {
    // This judge always prefers the answer mentioning Qwen, its own family's signature.
    const judge = new ScriptedJudgeModel("qwen2.5-7b-instruct", (m) => {
      const { A, B } = answers(lastUser(m));
      const w = A.includes("Qwen") ? "A" : B.includes("Qwen") ? "B" : "tie";
      return JSON.stringify({ reasoning: "r", criteria: Object.fromEntries(creativeWritingRubric.criteria.map((c) => [c.id, w])), winner: w });
    });
    const grader = new Grader({ models: scriptedRegistry([judge]), rubric: getRubric("creative-writing"), judges: [judge.id], recorder: new SqliteJudgementRecorder(db) });
    for (let i = 0; i < 4; i++) {
      const own = { answer: `poem ${i} by Qwen`, model: "qwen3-1.7b" };
      const other = { answer: `poem ${i}`, model: "llama-3.2-1b" };
      await grader.gradePairwise(i % 2 ? { prompt: "write", a: own, b: other } : { prompt: "write", a: other, b: own });
    }
    const [report] = judgeBiasReport(db);
    assert.equal(report!.family, "qwen");
    assert.equal(report!.selfPreferenceComparisons, 4);
    assert.equal(report!.selfPreferenceRate, 1);
    assert.equal(report!.positionFlipRate, 0);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("rubric requirements and model families", async () => {
  const judge = new ScriptedJudgeModel("j", () => "{}");
  const ei = new Grader({ models: scriptedRegistry([judge]), rubric: getRubric("emotional-intelligence"), judges: ["j"] });
  await assert.rejects(ei.gradePointwise({ prompt: "hi", answer: "hello" }), /needs a 'scenario'/);
  assert.throws(() => getRubric("nope"), /unknown rubric 'nope'; available: creative-writing/);
  assert.equal(modelFamily("meta-llama/Llama-3.1-8B-Instruct"), "llama");
  assert.equal(modelFamily("qwen3-1.7b"), "qwen");
  assert.equal(modelFamily("openai/gpt-4o-mini"), "gpt");
  assert.equal(modelFamily("dolphin-2.9"), "dolphin");
  assert.deepEqual(extractJsonObject('<think>hmm {"x":1}</think> here: {"a": 2}'), { a: 2 });
});

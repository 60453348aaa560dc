import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../../../src/cli/commands/eval.js";
import { helpfulnessRubric } from "../../../src/evaluation/rubrics/index.js";
import { ScriptedJudgeModel, scriptedRegistry, lastUser } from "../../fixtures/scripted-judge-model.js";

const samples = fileURLToPath(new URL("../../fixtures/eval-samples/", import.meta.url));

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const log = console.log;
  const error = console.error;
  let out = "";
  let err = "";
  console.log = (...a: unknown[]) => void (out += `${a.join(" ")}\n`);
  console.error = (...a: unknown[]) => void (err += `${a.join(" ")}\n`);
  try {
    return { code: await fn(), out, err };
  } finally {
    console.log = log;
    console.error = error;
  }
}

test("candor eval: run, grade, judges, reward train/list/activate/export-dpo end to end", async () => {
  const dir = mkdtempSync(join(tmpdir(), "candor-eval-cli-"));
  try {
    const data = ["--data", join(dir, "data")];
    const student = new ScriptedJudgeModel("student", () => "Answer: B");
    const judge = new ScriptedJudgeModel("judge", (m) => {
      const u = lastUser(m);
      const a = /<answer_A>\n([\s\S]*?)\n<\/answer_A>/.exec(u)![1]!;
      const w = a.includes("because") ? "A" : "B";
      return JSON.stringify({ reasoning: "r", criteria: Object.fromEntries(helpfulnessRubric.criteria.map((c) => [c.id, w])), winner: w });
    });
    const models = scriptedRegistry([student, judge]);

    const out = join(dir, "mmlu.jsonl");
    const r1 = await capture(() => run(["run", "--bench", "mmlu", "--file", join(samples, "mmlu.jsonl"), "--model", "student", "--out", out, ...data], { models }));
    assert.equal(r1.code, 0, r1.err);
    assert.match(r1.out, /mmlu · student: accuracy 40\.0% \(2\/5\), 95% CI \[11\.8%, 76\.9%\]/);
    assert.equal(readFileSync(out, "utf8").trim().split("\n").length, 5);

    await assert.rejects(run(["run", "--bench", "mmlu", "--file", join(samples, "mmlu.jsonl"), "--model", "ghost", ...data], { models }), /the model 'ghost' is not served; available models: student, judge/);
    const usage = await capture(() => run(["run", "--bench", "nope", "--file", "x", "--model", "m", ...data], { models }));
    assert.equal(usage.code, 2);
    assert.match(usage.err, /unknown benchmark 'nope'/);

    const gradeFile = join(dir, "pairs.jsonl");
    const lines = Array.from({ length: 12 }, (_, i) => ({
      id: `g${i}`,
      prompt: `Why do leaves fall, question ${i}?`,
      answer_a: i % 2 ? "maybe it is autumn perhaps" : `trees drop them because of ${i + 10} percent less light`,
      answer_b: i % 2 ? `trees drop them because of ${i + 10} percent less light` : "maybe it is autumn perhaps",
      model_a: "qwen3-1.7b",
      model_b: "llama-3.2-1b",
    }));
    lines.push({ id: "self", prompt: "x", answer_a: "a", answer_b: "b", model_a: "judge", model_b: "llama-3.2-1b" });
    writeFileSync(gradeFile, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
    const g = await capture(() => run(["grade", "--rubric", "helpfulness", "--judge", "judge", "--file", gradeFile, "--out", join(dir, "grades.jsonl"), ...data], { models }));
    assert.equal(g.code, 1, "the self-judged item fails the run");
    assert.match(g.out, /pairwise: A 6, B 6, tie 0, both bad 0/);
    assert.match(g.err, /self: FAILED — judge 'judge' is also a contestant/);
    assert.match(g.out, /judge judge \(judge\): 12 pairwise, position flips 0\.0%, picks first shown 50\.0%/);

    const j = await capture(() => run(["judges", "--json", ...data], { models }));
    assert.equal(JSON.parse(j.out)[0].pairwise, 12);

    const t = await capture(() => run(["reward", "train", "--from-graded", "--epochs", "100", ...data], { models }));
    assert.equal(t.code, 0, t.err);
    assert.match(t.out, /trained reward model v1 on 10 pairs \(text features\).*held-out accuracy 100\.0% on 2 pairs — now active/);
    await capture(() => run(["reward", "train", "--from-graded", "--no-activate", ...data], { models }));
    const l = await capture(() => run(["reward", "list", ...data], { models }));
    assert.match(l.out, /^\* v1 .*\n  v2 /m);
    const a = await capture(() => run(["reward", "activate", "2", ...data], { models }));
    assert.equal(a.code, 0);
    await assert.rejects(run(["reward", "activate", "9", ...data], { models }), /no reward model version 9/);

    const dpo = join(dir, "dpo.jsonl");
    const e = await capture(() => run(["reward", "export-dpo", "--out", dpo, ...data], { models }));
    assert.match(e.out, /wrote 12 DPO pairs/);
    const first = JSON.parse(readFileSync(dpo, "utf8").split("\n")[0]!);
    assert.deepEqual(Object.keys(first), ["prompt", "chosen", "rejected"]);
    assert.match(first.chosen, /because/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Grader } from "../../../src/evaluation/graders/grader.js";
import { rubrics } from "../../../src/evaluation/rubrics/index.js";
import { ScriptedJudgeModel, scriptedRegistry, lastUser } from "../../fixtures/scripted-judge-model.js";

test("every shipped rubric is well-formed and grades its sample set (pointwise and pairwise)", async () => {
  assert.deepEqual(Object.keys(rubrics).sort(), ["creative-writing", "emotional-intelligence", "helpfulness", "personality-consistency", "truthfulness"]);
  for (const rubric of Object.values(rubrics)) {
    assert.ok(rubric.criteria.length >= 4, rubric.name);
    for (const c of rubric.criteria) {
      assert.match(c.id, /^[a-z_]+$/);
      assert.ok(c.weight > 0 && c.description.length > 20 && Object.keys(c.anchors).length >= 3, `${rubric.name}.${c.id}`);
    }
    const items = readFileSync(new URL(`../../fixtures/eval-samples/${rubric.name}.jsonl`, import.meta.url), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const judge = new ScriptedJudgeModel("judge", (m, o) => {
      const text = lastUser(m);
      for (const c of rubric.criteria) assert.ok(text.includes(c.name), `${rubric.name} prompt names ${c.name}`);
      const schema = o.responseFormat?.type === "json_schema" ? o.responseFormat.schema : {};
      const required = (schema as { required?: string[] }).required ?? [];
      if (required.includes("winner")) return JSON.stringify({ reasoning: "A is more specific", criteria: Object.fromEntries(rubric.criteria.map((c) => [c.id, "tie"])), winner: "tie" });
      return JSON.stringify({ reasoning: "solid", scores: Object.fromEntries(rubric.criteria.map((c) => [c.id, 3])) });
    });
    const grader = new Grader({ models: scriptedRegistry([judge]), rubric, judges: ["judge"] });
    for (const item of items) {
      const r = "a" in item ? await grader.gradePairwise(item) : await grader.gradePointwise(item);
      assert.equal(r.status, "ok", `${rubric.name}/${item.id}`);
      const shown = lastUser(judge.calls.at(-1)!.messages);
      if (item.persona) assert.ok(shown.includes(item.persona));
      if (item.scenario) assert.ok(shown.includes(item.scenario));
      if (item.conversation) assert.ok(shown.includes(item.conversation.at(-1).content));
    }
  }
});

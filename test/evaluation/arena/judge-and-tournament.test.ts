import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../../src/storage/database.js";
import { coreMigrations } from "../../../src/runtime/migrations.js";
import { Arena, ArenaError, judgePair, runTournament } from "../../../src/evaluation/arena/index.js";
import type { ChatMessage } from "../../../src/models/chat-model.js";
import { ScriptedChatModel, scriptedRegistry } from "../../fixtures/scripted-chat-model.js";

const dir = mkdtempSync(join(tmpdir(), "candor-judge-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Pulls the two labelled responses out of the judge prompt. */
function responses(messages: ChatMessage[]): { A: string; B: string } {
  const text = messages[messages.length - 1].content;
  const grab = (label: string) => new RegExp(`<response label="${label}">\\n([\\s\\S]*?)\\n</response>`).exec(text)![1];
  return { A: grab("A"), B: grab("B") };
}

/** A fair judge: prefers the answer with the higher "quality N" marker, wherever it is shown. */
const fairJudge = new ScriptedChatModel({
  id: "judge",
  answer: (messages) => {
    const { A, B } = responses(messages);
    const q = (s: string) => Number(/quality (\d+)/.exec(s)?.[1] ?? 0);
    const winner = q(A) > q(B) ? "A" : q(B) > q(A) ? "B" : "tie";
    return "```json\n" + JSON.stringify({ winner, reasoning: `A has ${q(A)}, B has ${q(B)}` }) + "\n```";
  },
});

test("judgePair asks both orders at temperature 0 with a JSON schema and maps the verdict back", async () => {
  const v = await judgePair({ judge: fairJudge, conversation: [{ role: "user", content: "q" }], answerA: "quality 2", answerB: "quality 7" });
  assert.equal(v.winner, "B");
  assert.ok(v.consistent);
  assert.deepEqual(v.orders.map((o) => [o.shownFirst, o.winner]), [["A", "B"], ["B", "B"]]);
  const calls = fairJudge.calls.slice(-2);
  for (const c of calls) {
    assert.equal(c.options.temperature, 0);
    assert.equal(c.options.responseFormat?.type, "json_schema");
  }
  // The second order really swapped the answers.
  assert.deepEqual(responses(calls[0].messages), { A: "quality 2", B: "quality 7" });
  assert.deepEqual(responses(calls[1].messages), { A: "quality 7", B: "quality 2" });
});

test("a judge whose verdict follows the position gets a tie; bad output and self-judging are refused", async () => {
  const firstAlways = new ScriptedChatModel({ id: "biased", answer: () => JSON.stringify({ winner: "A", reasoning: "first is best" }) });
  const v = await judgePair({ judge: firstAlways, conversation: [{ role: "user", content: "q" }], answerA: "x", answerB: "y" });
  assert.equal(v.winner, "tie");
  assert.equal(v.consistent, false);

  const rambling = new ScriptedChatModel({ id: "rambler", answer: () => "I think the first one, probably." });
  await assert.rejects(
    judgePair({ judge: rambling, conversation: [{ role: "user", content: "q" }], answerA: "x", answerB: "y" }),
    (e: unknown) => e instanceof ArenaError && e.kind === "judge_output" && /rambler did not answer with a valid verdict/.test(e.message),
  );
  await assert.rejects(
    judgePair({ judge: fairJudge, conversation: [{ role: "user", content: "q" }], answerA: "x", answerB: "y", contestants: ["judge", "other"] }),
    (e: unknown) => e instanceof ArenaError && e.param === "judge" && /one of the contestants/.test(e.message),
  );
});

test("a judge-only tournament plays every pair on every prompt and ranks the better model first", async () => {
  const contestants = [
    new ScriptedChatModel({ id: "strong", answer: (m) => `quality 9: ${m[m.length - 1].content}` }),
    new ScriptedChatModel({ id: "middle", answer: (m) => `quality 5: ${m[m.length - 1].content}` }),
    new ScriptedChatModel({ id: "weak", answer: (m) => `quality 1: ${m[m.length - 1].content}` }),
  ];
  const registry = scriptedRegistry([...contestants, fairJudge], { "judge-alias": ["judge"], "strong-alias": ["strong"] });
  const db = openDatabase(join(dir, "tournament.db"), coreMigrations);
  const arena = new Arena({ db, models: registry });
  const prompts: ChatMessage[][] = ["one", "two", "three"].map((p) => [{ role: "user", content: p }]);
  const progress: number[] = [];
  const res = await runTournament({ arena, models: registry, prompts, contestants: ["strong", "middle", "weak"], judge: "judge", rounds: 2, concurrency: 3, onBattle: (d) => progress.push(d) });
  assert.deepEqual(res, { battles: 18, inconsistent: 0, failures: [] });
  assert.equal(progress.length, 18);
  const lb = arena.leaderboard({ bootstrapRounds: 50 });
  assert.deepEqual(lb.models.map((m) => m.model), ["strong", "middle", "weak"]);
  assert.deepEqual(lb.models.map((m) => m.battles), [12, 12, 12]);
  const exported = [...arena.exportJsonl()].map((l) => JSON.parse(l));
  assert.ok(exported.every((r) => r.judge === "judge" && r.voter_kind === "judge"));
  // A tournament battle keeps the judge's per-order verdicts.
  const stored = [...arena.store.iterateVoted()][0];
  assert.equal((stored.meta as { judge_orders: unknown[] }).judge_orders.length, 2);

  await assert.rejects(
    runTournament({ arena, models: registry, prompts, contestants: ["strong-alias", "weak"], judge: "strong" }),
    (e: unknown) => e instanceof ArenaError && e.param === "judge" && /also a contestant/.test(e.message),
  );
  await assert.rejects(
    runTournament({ arena, models: registry, prompts, contestants: ["strong", "weak"], judge: "nobody" }),
    (e: unknown) => e instanceof ArenaError && /unknown model 'nobody'/.test(e.message),
  );
  db.close();
});

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../../src/storage/database.js";
import { coreMigrations } from "../../../src/runtime/migrations.js";
import { Arena, ArenaError } from "../../../src/evaluation/arena/index.js";
import { scriptedRegistry } from "../../fixtures/scripted-chat-model.js";

const dir = mkdtempSync(join(tmpdir(), "candor-arena-io-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const newArena = () => {
  const db = openDatabase(join(dir, `io-${n++}.db`), coreMigrations);
  return { db, arena: new Arena({ db, models: scriptedRegistry([]) }) };
};

const conv = (q: string, a: string) => [
  { role: "user", content: q },
  { role: "assistant", content: a },
];

const dump = [
  { question_id: "q1", model_a: "vicuna-13b", model_b: "koala-13b", winner: "model_a", judge: "arena_user_1", conversation_a: conv("hi", "# Hello\n- **hi**"), conversation_b: conv("hi", "hey"), turn: 1, anony: true, language: "English", tstamp: 1682351591.13 },
  { question_id: "q2", model_a: "koala-13b", model_b: "vicuna-13b", winner: "tie (bothbad)", judge: "arena_user_2", conversation_a: conv("2+2?", "5"), conversation_b: conv("2+2?", "22"), turn: 1, anony: true, language: "English", tstamp: 1682351600 },
  // Content as parts, as newer dumps store it.
  { question_id: "q3", model_a: "vicuna-13b", model_b: "alpaca-13b", winner: "tie", judge: "arena_user_3", conversation_a: [{ role: "user", content: [{ type: "text", text: "yo" }] }, { role: "assistant", content: [{ type: "text", text: "yo!" }] }], conversation_b: conv("yo", "hello"), turn: 1, anony: false, language: "English", tstamp: 1682351700 },
  // No conversations, style only from conv_metadata (as in the clean battle dumps).
  { question_id: "q4", model_a: "alpaca-13b", model_b: "koala-13b", winner: "model_b", judge: "arena_user_4", turn: 1, anony: true, language: "German", tstamp: 1682351800, conv_metadata: { sum_assistant_a_tokens: 120, sum_assistant_b_tokens: 300, header_count_a: { h1: 0, h2: 1 }, header_count_b: { h1: 1, h2: 2 }, list_count_a: { ordered: 0, unordered: 3 }, list_count_b: { ordered: 2, unordered: 1 }, bold_count_a: { "**": 1, __: 0 }, bold_count_b: { "**": 4, __: 0 } } },
];
const jsonl = dump.map((r) => JSON.stringify(r)).join("\n") + "\n\n";
const lines = (text: string) => () => text.split("\n");

test("imports an LMArena dump, ignores a re-import, and exports it back with the same columns", async () => {
  const { db, arena } = newArena();
  const first = await arena.importJsonl(lines(jsonl));
  assert.deepEqual(first, { lines: 4, imported: 4, duplicates: 0, skipped: [] });
  const again = await arena.importJsonl(lines(jsonl));
  assert.deepEqual(again, { lines: 4, imported: 0, duplicates: 4, skipped: [] });

  const exported = [...arena.exportJsonl()].map((l) => JSON.parse(l));
  assert.equal(exported.length, 4);
  for (const [i, row] of exported.entries()) {
    for (const col of ["question_id", "model_a", "model_b", "winner", "judge", "turn", "anony", "language", "tstamp"]) {
      assert.deepEqual(row[col], (dump[i] as Record<string, unknown>)[col], `${col} of line ${i + 1}`);
    }
  }
  assert.deepEqual(exported[2].conversation_a, [{ role: "user", content: "yo" }, { role: "assistant", content: "yo!" }]);
  assert.equal(exported[1].winner, "tie (bothbad)");
  assert.equal(exported[0].voter_kind, "human");

  const stored = [...arena.store.iterateVoted()];
  assert.deepEqual(stored[0].styleA, { tokens: stored[0].styleA!.tokens, headers: 1, listItems: 1, bold: 1 });
  assert.deepEqual(stored[3].styleB, { tokens: 300, headers: 3, listItems: 3, bold: 4 });
  assert.equal(stored[1].winner, "both_bad");

  // The export imports into a fresh arena unchanged (style features travel in conv_metadata).
  const other = newArena();
  const round = await other.arena.importJsonl(lines([...arena.exportJsonl()].join("\n")));
  assert.equal(round.imported, 4);
  assert.deepEqual([...other.arena.store.iterateVoted()].map((b) => [b.styleA, b.styleB]), stored.map((b) => [b.styleA, b.styleB]));
  assert.deepEqual(other.arena.leaderboard({ bootstrapRounds: 20 }).models, arena.leaderboard({ bootstrapRounds: 20 }).models);
  db.close();
  other.db.close();
});

test("an invalid line refuses the whole import, naming the line and column; skipInvalid imports the rest", async () => {
  const { db, arena } = newArena();
  const bad = [
    JSON.stringify(dump[0]),
    JSON.stringify({ ...dump[1], winner: "model_c" }),
    "{not json",
    JSON.stringify({ ...dump[2], model_b: dump[2].model_a }),
    JSON.stringify({ ...dump[3], model_a: undefined }),
  ].join("\n");
  await assert.rejects(arena.importJsonl(lines(bad)), (e: unknown) => {
    assert.ok(e instanceof ArenaError && e.kind === "invalid");
    assert.match(e.message, /4 invalid lines, nothing imported/);
    assert.match(e.message, /line 2: winner: winner must be one of/);
    assert.match(e.message, /line 3: not valid JSON/);
    assert.match(e.message, /line 4: model_a and model_b must differ/);
    assert.match(e.message, /line 5: model_a/);
    return true;
  });
  assert.equal([...arena.exportJsonl()].length, 0, "nothing was imported");
  const partial = await arena.importJsonl(lines(bad), { skipInvalid: true });
  assert.equal(partial.imported, 1);
  assert.deepEqual(partial.skipped.map((s) => s.line), [2, 3, 4, 5]);
  db.close();
});

test("battles fought here and exported are recognised when imported again", async () => {
  const { db, arena } = newArena();
  await arena.importJsonl(lines(jsonl));
  const exported = [...arena.exportJsonl()];
  const res = await arena.importJsonl(lines(exported.join("\n")));
  assert.equal(res.imported, 0);
  assert.equal(res.duplicates, 4);
  db.close();
});

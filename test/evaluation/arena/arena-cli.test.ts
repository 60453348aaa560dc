import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runArena } from "../../../src/cli/commands/arena.js";
import { ScriptedChatModel, scriptedRegistry } from "../../fixtures/scripted-chat-model.js";

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "candor-arena-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const candor = (args: string[]) => exec(process.execPath, ["bin/candor.mjs", ...args], { cwd: process.cwd(), env: { ...process.env, CANDOR_CONFIG: "" } });

test("candor arena import, leaderboard (json and table) and export on a real data folder", async () => {
  const data = join(dir, "data");
  const file = join(dir, "battles.jsonl");
  const conv = (a: string) => [{ role: "user", content: "q" }, { role: "assistant", content: a }];
  const rows = Array.from({ length: 40 }, (_, i) => ({
    question_id: `c${i}`,
    model_a: ["m-one", "m-two", "m-three"][i % 3],
    model_b: ["m-two", "m-three", "m-one"][i % 3],
    winner: i % 3 === 0 ? "model_a" : i % 3 === 1 ? "tie" : "model_b",
    conversation_a: conv(`## a${i}\n- x`),
    conversation_b: conv(`b${i}`),
    tstamp: 1700000000 + i,
  }));
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");

  const imp = await candor(["arena", "import", file, "--data", data]);
  assert.match(imp.stdout, /imported 40 battles .*40 lines, 0 already stored/);

  const json = JSON.parse((await candor(["arena", "leaderboard", "--format", "json", "--bootstrap", "50", "--seed", "9", "--style-control", "--data", data])).stdout);
  assert.equal(json.bootstrap_rounds, 50);
  assert.equal(json.models.length, 3);
  for (const m of json.models) for (const k of ["model", "rating", "ci_lower", "ci_upper", "rank", "battles"]) assert.ok(k in m, k);
  // m-one wins every battle it fights (as A against m-two, as B against m-three); the other two only tie.
  assert.equal(json.models[0].model, "m-one");
  assert.equal(json.models[0].rank, 1);
  assert.ok(json.style_control.coefficients.length === 4);

  const table = (await candor(["arena", "leaderboard", "--data", data])).stdout;
  assert.match(table, /Rank\s+Model\s+Rating\s+95% CI/);
  assert.match(table, /40 battles, 100 bootstrap rounds/);

  const out = join(dir, "export.jsonl");
  await candor(["arena", "export", "--out", out, "--data", data]);
  const exported = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(exported.length, 40);
  assert.deepEqual(exported.map((r: { question_id: string }) => r.question_id), rows.map((r) => r.question_id));

  await assert.rejects(candor(["arena", "leaderboard", "--format", "xml", "--data", data]), (e: { stderr: string }) => /--format must be json or table/.test(e.stderr));
  await assert.rejects(candor(["arena", "import", join(dir, "missing.jsonl"), "--data", data]), (e: { stderr: string }) => /file not found/.test(e.stderr));
});

test("candor arena run holds a judge-only tournament over the prompts file", async () => {
  const data = join(dir, "run");
  const prompts = join(dir, "prompts.jsonl");
  writeFileSync(prompts, ['"plain json string"', JSON.stringify({ prompt: "explain" }), JSON.stringify({ turns: ["first turn", "second"] }), "just a text line"].join("\n"));
  const judge = new ScriptedChatModel({
    id: "referee",
    answer: (m) => {
      const text = m[m.length - 1].content;
      const a = /<response label="A">\n([\s\S]*?)\n<\/response>/.exec(text)![1];
      return JSON.stringify({ winner: a.startsWith("good") ? "A" : "B", reasoning: "good beats meh" });
    },
  });
  const registry = scriptedRegistry([
    new ScriptedChatModel({ id: "good", answer: () => "good answer" }),
    new ScriptedChatModel({ id: "meh", answer: () => "meh answer" }),
    judge,
  ]);
  const lines: string[] = [];
  const code = await runArena(["run", "--prompts", prompts, "--models", "good,meh", "--judge", "referee", "--rounds", "2", "--data", data], { models: registry, out: (l) => lines.push(l) });
  assert.equal(code, 0);
  assert.match(lines[0], /judged 8 battles with referee \(0 flipped/);
  assert.match(lines.join("\n"), /1\s+good/);
  assert.equal(judge.calls.length, 16, "both orders for every battle");
  await assert.rejects(runArena(["run", "--prompts", prompts, "--models", "good,meh", "--judge", "good", "--data", data], { models: registry, out: () => {} }), /also a contestant/);
  await assert.rejects(runArena(["run", "--prompts", prompts, "--models", "good,meh", "--data", data], { models: registry, out: () => {} }), /needs --judge/);
});

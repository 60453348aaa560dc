import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runBenchmark, formatSummary } from "../../../src/evaluation/benchmarks/runner.js";
import { extractChoiceLetter } from "../../../src/evaluation/benchmarks/multiple-choice.js";
import { answersEquivalent, extractFinalAnswer, goldFinalAnswer } from "../../../src/evaluation/benchmarks/math-answer.js";
import { wilsonInterval } from "../../../src/evaluation/benchmarks/wilson.js";
import { Bm25Index } from "../../../src/evaluation/graders/bm25.js";
import type { LiveSearchProvider } from "../../../src/assistant/hooks.js";
import { ScriptedJudgeModel, lastUser } from "../../fixtures/scripted-judge-model.js";

const samples = fileURLToPath(new URL("../../fixtures/eval-samples/", import.meta.url));

function withTemp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "candor-bench-"));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test("Wilson interval matches reference values", () => {
  const { lower, upper } = wilsonInterval(4, 5);
  assert.ok(Math.abs(lower - 0.3755) < 1e-4 && Math.abs(upper - 0.9638) < 1e-4, `${lower} ${upper}`);
  const zero = wilsonInterval(0, 10);
  assert.equal(zero.lower, 0);
  assert.ok(Math.abs(zero.upper - 0.2775) < 1e-4);
});

test("multiple-choice letter extraction", () => {
  const ch = ["Sydney", "Canberra", "Melbourne", "Perth"];
  assert.equal(extractChoiceLetter("The answer is (B).", ch), "B");
  assert.equal(extractChoiceLetter("**Answer:** C", ch), "C");
  assert.equal(extractChoiceLetter("Let me think. A is wrong because... Answer: D", ch), "D");
  assert.equal(extractChoiceLetter("\\boxed{B}", ch), "B");
  assert.equal(extractChoiceLetter("B) Canberra", ch), "B");
  assert.equal(extractChoiceLetter("It is Canberra, the planned capital.", ch), "B");
  assert.equal(extractChoiceLetter("A", ch), "A");
  assert.equal(extractChoiceLetter("Answer: E", ch), null);
  assert.equal(extractChoiceLetter("I am not sure.", ch), null);
  assert.equal(extractChoiceLetter("<think>maybe answer: A</think>The answer is C", ch), "C");
});

test("maths final-answer extraction and equivalence", () => {
  assert.equal(extractFinalAnswer("so the total is \\boxed{\\frac{3}{4}} units"), "\\frac{3}{4}");
  assert.equal(extractFinalAnswer("nested \\boxed{\\sqrt{\\frac{1}{2}}}"), "\\sqrt{\\frac{1}{2}}");
  assert.equal(extractFinalAnswer("Step 1... #### 1,200"), "1,200");
  assert.equal(extractFinalAnswer("The answer is $300."), "$300");
  assert.equal(extractFinalAnswer("3 apples and then 12 more"), "12");
  assert.equal(goldFinalAnswer("work\n#### 72"), "72");
  assert.ok(answersEquivalent("0.75", "\\frac{3}{4}"));
  assert.ok(answersEquivalent("\\dfrac34", "3/4"));
  assert.ok(answersEquivalent("1,200", "1200"));
  assert.ok(answersEquivalent("$300", "300"));
  assert.ok(answersEquivalent("x = 5", "5"));
  assert.ok(answersEquivalent("2.828427125", "2\\sqrt{2}"));
  assert.ok(answersEquivalent("(2, 3)", "(2,3)"));
  assert.ok(answersEquivalent("18 \\text{ cm}", "18"));
  assert.ok(answersEquivalent("50\\%", "50"));
  assert.ok(answersEquivalent("90^\\circ", "90"));
  assert.ok(!answersEquivalent("0.7", "\\frac{3}{4}"));
  assert.ok(!answersEquivalent("(3, 2)", "(2,3)"));
  assert.ok(!answersEquivalent("x+1", "x+2"));
});

test("multiple-choice runner on the sample set: accuracy, Wilson CI and per-item results", () =>
  withTemp(async (dir) => {
    const replies: Record<string, string> = {
      "capital of Australia": "The answer is (B).",
      "elastic collision": "**Answer:** C",
      "sodium": "\\boxed{D}",
      "7 × 8": "B) 56",
      "Muhammad": "I believe it was Medina, so A.",
    };
    const model = new ScriptedJudgeModel("student", (m) => {
      const q = lastUser(m);
      return Object.entries(replies).find(([k]) => q.includes(k))![1];
    });
    const out = join(dir, "mmlu-results.jsonl");
    const { summary, results } = await runBenchmark({ bench: "mmlu", file: join(samples, "mmlu.jsonl"), model, out });
    assert.equal(summary.n, 5);
    assert.equal(summary.correct, 4);
    assert.equal(summary.accuracy, 0.8);
    assert.ok(Math.abs(summary.ci95.lower - 0.3755) < 1e-4);
    assert.deepEqual(results.map((r) => r.prediction), ["B", "C", "D", "B", "A"]);
    assert.equal(model.calls[0]!.options.temperature, 0);
    const saved = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(saved.length, 5);
    assert.equal(saved[4].correct, false);
    assert.equal(saved[4].gold, "C");
    assert.match(formatSummary(summary), /accuracy 80\.0% \(4\/5\), 95% CI \[37\.6%, 96\.4%\]/);
    const limited = await runBenchmark({ bench: "mmlu", file: join(samples, "mmlu.jsonl"), model, limit: 2 });
    assert.equal(limited.summary.n, 2);
  }));

test("bad benchmark files are refused with the line named, before any model call", () =>
  withTemp(async (dir) => {
    const model = new ScriptedJudgeModel("student", () => "A");
    const f = join(dir, "bad.jsonl");
    writeFileSync(f, '{"question":"q","choices":["a","b"],"answer":"A"}\n{"question":"q","choices":["a","b"],"answer":"C"}\n');
    await assert.rejects(runBenchmark({ bench: "mmlu", file: f, model }), /bad\.jsonl: line 2: 'answer' must be a letter A–B/);
    writeFileSync(f, "{oops\n");
    await assert.rejects(runBenchmark({ bench: "math", file: f, model }), /bad\.jsonl:1: not valid JSON/);
    await assert.rejects(runBenchmark({ bench: "nope", file: f, model }), /unknown benchmark 'nope'; available: mmlu, math, code, realtimeqa/);
    await assert.rejects(runBenchmark({ bench: "math", file: join(dir, "missing.jsonl"), model }), /file not found/);
    assert.equal(model.calls.length, 0);
  }));

test("maths runner on the sample set (GSM8K and MATH formats)", async () => {
  const replies: Record<string, string> = {
    Natalia: "She sold 24 in May, so 48 + 24 = 72.\n\\boxed{72}",
    pencils: "1,200 × 0.25 = 300. The answer is $300.",
    "frac{1}{2}": "Common denominator: \\boxed{\\dfrac{3}{4}}",
    "x^2 = 8": "x = sqrt(8).\nAnswer: 2.828427125",
    midpoint: "Average the coordinates: \\boxed{(2, 3)}",
    "15%": "15% of 80 is 13 apples",
  };
  const model = new ScriptedJudgeModel("student", (m) => Object.entries(replies).find(([k]) => lastUser(m).includes(k))![1]);
  const { summary, results } = await runBenchmark({ bench: "math", file: join(samples, "math.jsonl"), model });
  assert.deepEqual(results.map((r) => r.correct), [true, true, true, true, true, false]);
  assert.equal(results[0]!.gold, "72");
  assert.equal(results[2]!.gold, "\\frac{3}{4}");
  assert.equal(summary.correct, 5);
});

test("code runner executes hidden tests in the sandbox: pass, fail, timeout, memory, no network", async () => {
  const answers = JSON.parse(readFileSync(join(samples, "code-answers.json"), "utf8")) as Record<string, string>;
  const model = new ScriptedJudgeModel("coder", (m) => {
    const prompt = lastUser(m);
    const key = Object.keys(answers).find((k) => prompt.includes(k.split("/")[0] === "py" ? "```python" : "```javascript") && prompt.includes(entryOf(k)));
    return answers[key!]!;
  });
  const entries: Record<string, string> = {
    "py/add": "def add(", "py/sorted_unique": "def sorted_unique(", "py/no_network": "def can_connect(", "py/timeout": "def collatz_steps(",
    "py/memory": "def big_list(", "js/add": "function add(", "js/reverse": "function reverse(", "js/memory": "function identity(",
  };
  function entryOf(k: string) {
    return entries[k]!;
  }
  const { results, summary } = await runBenchmark({ bench: "code", file: join(samples, "code.jsonl"), model, timeoutMs: 3000, memoryMb: 256 });
  const status = Object.fromEntries(results.map((r) => [r.id, r.prediction]));
  assert.equal(status["py/add"], "passed");
  assert.equal(status["py/sorted_unique"], "passed", JSON.stringify(results[1]!.details));
  assert.equal(status["py/timeout"], "timeout");
  assert.equal(status["py/memory"], "memory", JSON.stringify(results[4]!.details));
  assert.equal(status["js/add"], "passed", JSON.stringify(results[5]!.details));
  assert.equal(status["js/reverse"], "passed", JSON.stringify(results[6]!.details));
  assert.equal(status["js/memory"], "memory", JSON.stringify(results[7]!.details));
  const net = results[2]!;
  if (net.details!.networkIsolated) assert.equal(net.prediction, "failed", "with no network namespace the loopback connection must fail");
  assert.equal(summary.correct, net.details!.networkIsolated ? 4 : 5);
});

test("realtime QA runner gives the model live search limited to the question date", async () => {
  const posts = readFileSync(join(samples, "realtimeqa-posts.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  const calls: { q: string; toDate?: string }[] = [];
  const search: LiveSearchProvider = {
    async search(q, params) {
      calls.push({ q, toDate: params.toDate });
      const visible = posts.filter((p) => !params.toDate || p.createdAt <= params.toDate);
      const index = new Bm25Index(visible.map((p) => ({ id: p.id, text: p.text })));
      return index.search(q, params.maxSearchResults ?? 5).map((h) => ({ ...visible.find((p) => p.id === h.docId)!, score: h.score }));
    },
  };
  // The model answers from whatever the search results say.
  const model = new ScriptedJudgeModel("reader", (m) => {
    const u = lastUser(m);
    if (u.includes("Lakeside")) return u.includes("Northfield Rovers beat") ? "They won it. Answer: the Northfield Rovers" : "Answer: unknown";
    if (u.includes("Port Elm")) return u.includes("leaf blowers") ? "Answer: C" : "Answer: A";
    const seats = /Greens win (\d+) seats|has (\d+) seats/.exec(u);
    return `Answer: ${seats ? (seats[1] ?? seats[2]) : "?"}`;
  });
  const { results, summary } = await runBenchmark({ bench: "realtimeqa", file: join(samples, "realtimeqa.jsonl"), model, search });
  assert.deepEqual(results.map((r) => r.correct), [true, true, true]);
  assert.equal(results[1]!.id, "rtqa-2");
  assert.equal(results[1]!.gold, "C");
  assert.equal(calls[2]!.toDate, "2025-03-05T23:59:59Z");
  assert.match(model.calls[0]!.messages[0]!.content, /Today is 2025-03-09/);
  assert.equal(summary.accuracy, 1);
  const noSearch = await runBenchmark({ bench: "realtimeqa", file: join(samples, "realtimeqa.jsonl"), model, limit: 1 });
  assert.match(noSearch.results[0]!.error!, /needs live search/);
  assert.equal(noSearch.summary.errors, 1);
});

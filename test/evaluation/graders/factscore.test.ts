import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { FactScorer, factScoreNumbers } from "../../../src/evaluation/graders/factscore.js";
import { Bm25Index } from "../../../src/evaluation/graders/bm25.js";
import { splitClaims } from "../../../src/evaluation/graders/claim-splitter.js";
import type { ChatMessage, GenerateOptions } from "../../../src/models/chat-model.js";
import type { LiveSearchProvider, SearchParameters } from "../../../src/assistant/hooks.js";
import { ScriptedJudgeModel, scriptedRegistry, lastUser } from "../../fixtures/scripted-judge-model.js";

const docs = readFileSync(new URL("../../fixtures/eval-samples/factscore-docs.jsonl", import.meta.url), "utf8").trim().split("\n").map((l) => JSON.parse(l));
const [item] = readFileSync(new URL("../../fixtures/eval-samples/factscore.jsonl", import.meta.url), "utf8").trim().split("\n").map((l) => JSON.parse(l));

const atomicFacts = ["Marie Curie was born in Warsaw.", "Marie Curie won two Nobel Prizes.", "Marie Curie discovered polonium.", "Marie Curie was born in 1901.", "The weather is nice today."];

/** Splits into the fixed facts; labels a claim supported when its last word appears in the evidence shown. */
function judgeReply(messages: ChatMessage[], options: GenerateOptions): string {
  const format = options.responseFormat;
  if (format?.type === "json_schema" && format.name === "atomic_facts") return JSON.stringify({ claims: atomicFacts });
  const text = lastUser(messages);
  const claim = /Claim: (.*)/.exec(text)![1]!;
  const evidence = text.slice(text.indexOf("Evidence:"));
  if (/weather/i.test(claim)) return JSON.stringify({ reasoning: "off topic", label: "irrelevant" });
  const key = claim.replace(/\.$/, "").split(" ").pop()!;
  return JSON.stringify({ reasoning: `looked for ${key}`, label: evidence.toLowerCase().includes(key.toLowerCase()) ? "supported" : "not_supported" });
}

test("FActScore and F1@K on a fixed example", async () => {
  const judge = new ScriptedJudgeModel("judge", judgeReply);
  const scorer = new FactScorer({ models: scriptedRegistry([judge]), judge: "judge", documents: docs, k: 3 });
  const r = await scorer.score(item);
  assert.equal(r.status, "ok");
  assert.equal(r.splitter, "judge");
  assert.deepEqual(r.claims.map((c) => c.label), ["supported", "supported", "supported", "not_supported", "irrelevant"]);
  assert.equal(r.supported, 3);
  assert.equal(r.notSupported, 1);
  assert.equal(r.irrelevant, 1);
  assert.equal(r.supportedFraction, 0.75);
  // 4 relevant claims < γ = 10: penalty exp(1 − 10/4) = exp(−1.5)
  assert.ok(Math.abs(r.lengthPenalty! - Math.exp(-1.5)) < 1e-12);
  assert.ok(Math.abs(r.factScore! - 0.75 * 0.22313016014842982) < 1e-12);
  assert.equal(r.recallAtK, 1);
  assert.ok(Math.abs(r.f1AtK! - 6 / 7) < 1e-12);
  // Evidence for the birthplace claim comes from the Curie document first.
  assert.equal(r.claims[0]!.evidence[0]!.source, "curie: Marie Curie");
  for (const c of judge.calls) assert.equal(c.options.temperature, 0);
});

test("factScoreNumbers follows the formulas", () => {
  const many = factScoreNumbers([...Array(12).fill("supported"), ...Array(4).fill("not_supported")], 10, 64);
  assert.equal(many.lengthPenalty, 1);
  assert.equal(many.factScore, 0.75);
  assert.equal(many.recallAtK, 12 / 64);
  assert.ok(Math.abs(many.f1AtK - (2 * 0.75 * (12 / 64)) / (0.75 + 12 / 64)) < 1e-12);
  const none = factScoreNumbers(["irrelevant"]);
  assert.equal(none.factScore, null);
  assert.equal(none.f1AtK, 0);
});

test("falls back to the sentence splitter when the judge cannot split, and says so", async () => {
  const judge = new ScriptedJudgeModel("judge", (m, o) => (o.responseFormat?.type === "json_schema" && o.responseFormat.name === "atomic_facts" ? "no" : judgeReply(m, o)));
  const r = await new FactScorer({ models: scriptedRegistry([judge]), judge: "judge", documents: docs }).score(item);
  assert.equal(r.splitter, "sentences");
  assert.match(r.splitterNote!, /judge split failed/);
  assert.deepEqual(
    r.claims.map((c) => c.claim),
    ["Marie Curie was born in Warsaw.", "She won two Nobel Prizes.", "She discovered polonium.", "Marie Curie was born in 1901.", "The weather is nice today."],
  );
});

test("uses the live search provider when one is installed, and fails the item when a label is invalid", async () => {
  const queries: { q: string; p: SearchParameters }[] = [];
  const search: LiveSearchProvider = {
    async search(q, p) {
      queries.push({ q, p });
      return [{ id: "post1", url: "https://bsky.example/post1", text: "Marie Curie, born in Warsaw, won two Nobel Prizes and discovered polonium." }];
    },
  };
  const judge = new ScriptedJudgeModel("judge", judgeReply);
  const r = await new FactScorer({ models: scriptedRegistry([judge]), judge: "judge", search }).score(item);
  assert.equal(queries.length, 5);
  assert.equal(queries[0]!.q, atomicFacts[0]);
  assert.equal(r.claims[0]!.evidence[0]!.source, "https://bsky.example/post1");
  assert.equal(r.supported, 3);

  let labels = 0;
  const flaky = new ScriptedJudgeModel("flaky", (m, o) => (o.responseFormat?.type === "json_schema" && o.responseFormat.name === "claim_label" && ++labels > 2 ? '{"label":"maybe"}' : judgeReply(m, o)));
  const f = await new FactScorer({ models: scriptedRegistry([flaky]), judge: "flaky", documents: docs }).score(item);
  assert.equal(f.status, "failed");
  assert.equal(f.factScore, undefined);
  assert.match(f.error!, /Marie Curie discovered polonium/);
  assert.throws(() => new FactScorer({ models: scriptedRegistry([flaky]), judge: "flaky" }), /needs evidence/);
});

test("BM25 ranks the matching passage first and claim splitting drops non-claims", () => {
  const index = new Bm25Index(docs);
  assert.equal(index.search("capital of Poland on the Vistula", 1)[0]!.docId, "warsaw");
  assert.equal(index.search("theory of relativity", 1)[0]!.docId, "einstein");
  assert.deepEqual(index.search("zzzz"), []);
  assert.deepEqual(splitClaims("Sure! Paris is the capital of France; it has 2 million people. Any questions?\n- Lyon is in France, but Geneva is not."), [
    "Paris is the capital of France.",
    "It has 2 million people.",
    "Lyon is in France.",
    "Geneva is not.",
  ]);
});

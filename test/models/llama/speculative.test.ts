import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configSchema } from "../../../src/config.js";
import { collectGeneration, type ChatMessage, type GenerateOptions } from "../../../src/models/chat-model.js";
import { createLocalModels } from "../../../src/models/llama/index.js";
import { syntheticModels, type BigramScript } from "../../fixtures/synthetic-gguf.js";

/**
 * "la la la…" spelled in single-byte tokens, the tokens a prompt containing " la" tokenizes to, so prompt lookup
 * finds the output in the prompt (the whole-word " la" of the endless script never appears in a tokenized prompt).
 */
const BYTE_LA: BigramScript = { chains: [["l", "a", " ", "l"]], fallback: "l" };
/** Agrees with BYTE_LA after " " and at the start, disagrees after "a" ("laaa…"): a draft that is right about half the time. */
const STUTTER: BigramScript = { chains: [["l", "a", "a"]], fallback: "l" };

let dir: string;
let target: string;
let randomTarget: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), "candor-speculative-"));
  target = syntheticModels.scripted("endless", dir, { name: "la-target", script: BYTE_LA, embeddingLength: 64, blockCount: 2 });
  randomTarget = syntheticModels.random(dir, { name: "random-target", seed: 7 });
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

const sing: ChatMessage[] = [{ role: "user", content: `Sing along:${" la".repeat(12)}` }];
const greedy: GenerateOptions = { maxTokens: 40, thinking: { enabled: false }, temperature: 0 };

async function run(
  modelFile: string,
  speculative: { draftModel?: string; promptLookup?: boolean } | undefined,
  messages: ChatMessage[],
  options: GenerateOptions,
) {
  const config = configSchema.parse({
    dataDir: join(dir, "data"),
    models: { files: [modelFile], threads: 1, contextSize: 512, parallelSequences: 2, speculative },
  });
  const registry = await createLocalModels(config, () => {});
  try {
    const id = registry.defaultModelId()!;
    const [model] = registry.resolve(id);
    const result = await collectGeneration(model!.generate(messages, options));
    return { result, predictions: registry.tokenPredictions(id)! };
  } finally {
    await registry.dispose();
  }
}

test("prompt lookup: same output as plain decoding, guesses found in the prompt are accepted", async () => {
  const plain = await run(target, undefined, sing, greedy);
  assert.match(plain.result.content, /^la la la/);
  assert.deepEqual(plain.predictions, { validated: 0, refuted: 0 });

  const lookup = await run(target, { promptLookup: true }, sing, greedy);
  assert.equal(lookup.result.content, plain.result.content);
  assert.equal(lookup.result.usage.completionTokens, plain.result.usage.completionTokens);
  // every decode verifies one guess and an accepted guess is a token the target does not decode on its own
  assert.ok(lookup.predictions.validated >= plain.result.usage.completionTokens / 3, JSON.stringify(lookup.predictions));
  assert.ok(lookup.predictions.refuted <= 2, JSON.stringify(lookup.predictions));
});

test("draft model that agrees with its target: same output, guesses accepted, none wasted", async () => {
  const draft = syntheticModels.scripted("endless", dir, { name: "la-draft", script: BYTE_LA });
  const plain = await run(target, undefined, sing, greedy);
  const drafted = await run(target, { draftModel: draft }, sing, greedy);
  assert.equal(drafted.result.content, plain.result.content);
  assert.ok(drafted.predictions.validated >= plain.result.usage.completionTokens / 3, JSON.stringify(drafted.predictions));
  assert.ok(drafted.predictions.refuted <= 2, JSON.stringify(drafted.predictions));
});

test("draft model that is often wrong: output still identical to plain decoding, refutations counted", async () => {
  const draft = syntheticModels.scripted("endless", dir, { name: "stutter-draft", script: STUTTER });
  const plain = await run(target, undefined, sing, greedy);
  const drafted = await run(target, { draftModel: draft }, sing, greedy);
  assert.equal(drafted.result.content, plain.result.content);
  assert.ok(drafted.predictions.validated > 0, JSON.stringify(drafted.predictions));
  assert.ok(drafted.predictions.refuted > 0, JSON.stringify(drafted.predictions));
});

test("random-weight target with an unrelated draft and with prompt lookup: greedy output unchanged", async () => {
  const draft = syntheticModels.random(dir, { name: "random-draft", seed: 99, embeddingLength: 32, blockCount: 1 });
  const ask: ChatMessage[] = [{ role: "user", content: "Tell me about lighthouses and the keepers of lighthouses." }];
  const options: GenerateOptions = { maxTokens: 32, thinking: { enabled: false }, temperature: 0 };
  const plain = await run(randomTarget, undefined, ask, options);
  assert.ok(plain.result.usage.completionTokens > 0);
  const drafted = await run(randomTarget, { draftModel: draft }, ask, options);
  // an unrelated draft is rarely confident enough (DraftSequenceTokenPredictor's minConfidence 0.6) to guess at all
  assert.equal(drafted.result.content, plain.result.content);
  const lookup = await run(randomTarget, { promptLookup: true }, ask, options);
  assert.equal(lookup.result.content, plain.result.content);
});

test("json_schema output under speculative decoding still follows the grammar", async () => {
  const schema = { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"], additionalProperties: false };
  const options: GenerateOptions = {
    maxTokens: 24,
    thinking: { enabled: false },
    temperature: 0,
    responseFormat: { type: "json_schema", name: "flag", schema },
  };
  const ask: ChatMessage[] = [{ role: "user", content: 'Answer {"ok": true} or {"ok": false}.' }];
  const plain = await run(randomTarget, undefined, ask, options);
  const lookup = await run(randomTarget, { promptLookup: true }, ask, options);
  assert.equal(lookup.result.content, plain.result.content);
  assert.equal(typeof JSON.parse(lookup.result.content).ok, "boolean");
});

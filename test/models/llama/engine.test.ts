import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configSchema, type CandorConfig } from "../../../src/config.js";
import { ModelError, collectGeneration, type ChatMessage, type ChatModel, type GenerationEvent } from "../../../src/models/chat-model.js";
import { createLocalModels, type LocalModelRegistry } from "../../../src/models/llama/index.js";
import { SCRIPTED_TEXT, syntheticModels } from "../../fixtures/synthetic-gguf.js";

let dir: string;
let registry: LocalModelRegistry;
const logs: string[] = [];

function config(models: Record<string, unknown>): CandorConfig {
  return configSchema.parse({ dataDir: join(dir, "data"), models: { threads: 1, ...models } });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "candor-engine-"));
  const models = join(dir, "models");
  syntheticModels.thinking(models, { name: "thinker" });
  syntheticModels.plain(models, { name: "plain" });
  syntheticModels.toolCall(models, { name: "tools" });
  syntheticModels.endless(models, { name: "endless" });
  syntheticModels.random(models, { name: "random" });
  writeFileSync(join(models, "broken.gguf"), "not a gguf");
  registry = await createLocalModels(
    config({ dir: models, default: "thinker", contextSize: 1024, parallelSequences: 4, maxQueue: 2 }),
    (l) => logs.push(l),
  );
});
after(async () => {
  await registry?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function model(id: string): ChatModel {
  const [m] = registry.resolve(id);
  assert.ok(m, `model ${id} resolves`);
  return m;
}

const ask: ChatMessage[] = [{ role: "user", content: "What is the answer?" }];

async function events(it: AsyncIterable<GenerationEvent>): Promise<GenerationEvent[]> {
  const out: GenerationEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

test("registry lists every readable GGUF with metadata and names the broken one", () => {
  const ids = registry.list().map((m) => m.id).sort();
  assert.deepEqual(ids, ["endless", "plain", "random", "thinker", "tools"]);
  const info = registry.list().find((m) => m.id === "thinker")!;
  assert.equal(info.provider, "local");
  assert.equal(info.contextLength, 4096);
  assert.equal(info.details?.architecture, "qwen3");
  assert.equal(info.details?.quantization, "F32");
  assert.ok(Number(info.details?.sizeBytes) > 0);
  assert.equal(registry.defaultModelId(), "thinker");
  assert.equal(registry.resolve("local/plain")[0]?.id, "plain");
  assert.deepEqual(registry.resolve("nope"), []);
  assert.ok(logs.some((l) => l.includes("broken.gguf")), logs.join("\n"));
  assert.deepEqual(registry.loadedModelIds(), [], "nothing loads before the first request");
});

test("thinking on: reasoning events stream before content, usage counts reasoning", async () => {
  const evs = await events(model("thinker").generate(ask, { thinking: { enabled: true } }));
  const kinds = evs.map((e) => e.type);
  const lastReasoning = kinds.lastIndexOf("reasoning");
  const firstContent = kinds.indexOf("content");
  assert.ok(lastReasoning >= 0 && firstContent > lastReasoning, kinds.join(","));
  const r = await collectGeneration(model("thinker").generate(ask, {}));
  assert.equal(r.reasoning, SCRIPTED_TEXT.thinkingReasoning);
  assert.equal(r.content, SCRIPTED_TEXT.answer);
  assert.equal(r.finishReason, "stop");
  assert.ok(r.usage.reasoningTokens >= 4, JSON.stringify(r.usage));
  assert.ok(r.usage.completionTokens > r.usage.reasoningTokens);
  assert.ok(r.usage.promptTokens > 10);
  assert.equal(r.model, "thinker");
});

test("thinking off: no reasoning at all", async () => {
  const r = await collectGeneration(model("thinker").generate(ask, { thinking: { enabled: false } }));
  assert.equal(r.reasoning, "");
  assert.equal(r.content, SCRIPTED_TEXT.answer);
  assert.equal(r.usage.reasoningTokens, 0);
});

test("thought budget cuts the reasoning short and the answer still comes", async () => {
  const r = await collectGeneration(model("thinker").generate(ask, { thinking: { enabled: true, budgetTokens: 2 } }));
  assert.ok(r.reasoning.length > 0 && r.reasoning.length < SCRIPTED_TEXT.thinkingReasoning.length, JSON.stringify(r.reasoning));
  assert.equal(r.content, SCRIPTED_TEXT.answer);
});

test("max_tokens stops with finish reason length", async () => {
  const r = await collectGeneration(model("endless").generate(ask, { maxTokens: 5 }));
  assert.equal(r.finishReason, "length");
  assert.equal(r.content, SCRIPTED_TEXT.endlessUnit.repeat(5).trimStart());
  assert.equal(r.usage.completionTokens, 5);
});

test("stop sequences end the answer and are not included", async () => {
  const r = await collectGeneration(model("plain").generate(ask, { stop: [" 42"] }));
  assert.equal(r.content, "The answer is");
  assert.equal(r.finishReason, "stop");
  await assert.rejects(
    collectGeneration(model("plain").generate(ask, { stop: Array.from({ length: 9 }, (_, i) => `s${i}`) })),
    (e: unknown) => e instanceof ModelError && e.status === 400 && e.param === "stop",
  );
});

test("tool calls come out whole with call ids and finish reason tool_calls", async () => {
  const tools = [
    { name: "get_weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } } } },
  ];
  const r = await collectGeneration(model("tools").generate([{ role: "user", content: "Weather in Paris?" }], { tools, toolChoice: "auto" }));
  assert.equal(r.finishReason, "tool_calls");
  assert.equal(r.toolCalls.length, 1);
  assert.match(r.toolCalls[0]!.id, /^call_[A-Za-z0-9_-]+$/);
  assert.equal(r.toolCalls[0]!.name, "get_weather");
  assert.deepEqual(JSON.parse(r.toolCalls[0]!.arguments), SCRIPTED_TEXT.toolCall.arguments);
  // the tool result goes back in and the next turn renders without error
  const followUp: ChatMessage[] = [
    { role: "user", content: "Weather in Paris?" },
    { role: "assistant", content: "", toolCalls: r.toolCalls },
    { role: "tool", content: '{"temp": 21}', toolCallId: r.toolCalls[0]!.id },
  ];
  const second = await collectGeneration(model("plain").generate(followUp, { tools }));
  assert.equal(second.content, SCRIPTED_TEXT.answer);
  await assert.rejects(
    collectGeneration(model("tools").generate(ask, { tools, toolChoice: { name: "other" } })),
    (e: unknown) => e instanceof ModelError && e.param === "tool_choice",
  );
});

test("json_schema output parses and validates, even from random weights", async () => {
  const schema = {
    type: "object",
    properties: {
      verdict: { enum: ["true", "false", "unclear"] },
      confident: { type: "boolean" },
    },
    required: ["verdict", "confident"],
    additionalProperties: false,
  };
  for (const seed of [1, 2, 3]) {
    const r = await collectGeneration(
      model("random").generate(ask, { responseFormat: { type: "json_schema", schema }, temperature: 1, seed, maxTokens: 200, thinking: { enabled: false } }),
    );
    const parsed = JSON.parse(r.content) as { verdict: string; confident: boolean };
    assert.ok(["true", "false", "unclear"].includes(parsed.verdict), r.content);
    assert.equal(typeof parsed.confident, "boolean");
    assert.deepEqual(Object.keys(parsed).sort(), ["confident", "verdict"]);
  }
  await assert.rejects(
    collectGeneration(model("random").generate(ask, { responseFormat: { type: "json_schema", schema: { type: "object", properties: { x: { type: "nonsense" } } } } })),
    (e: unknown) => e instanceof ModelError && e.status === 400 && e.code === "invalid_json_schema" && e.param === "response_format",
  );
});

test("abort mid-generation stops at once and frees the sequence", async () => {
  const m = model("endless");
  for (let round = 0; round < 6; round++) {
    const ac = new AbortController();
    let seen = 0;
    await assert.rejects(
      (async () => {
        for await (const e of m.generate(ask, { signal: ac.signal, maxTokens: 100000 })) {
          if (e.type === "content" && ++seen === 3) ac.abort();
        }
      })(),
      (e: unknown) => (e as Error).name === "AbortError",
    );
  }
  // 6 aborted requests on 4 sequences: if any sequence leaked, this would queue forever or be refused
  const r = await collectGeneration(m.generate(ask, { maxTokens: 3 }));
  assert.equal(r.finishReason, "length");
});

test("4 concurrent requests share one model; beyond the queue the engine answers 503", async () => {
  const m = model("endless");
  const ac = new AbortController();
  const running = Array.from({ length: 4 + 2 }, () => collectGeneration(m.generate(ask, { maxTokens: 100000, signal: ac.signal })).catch((e: unknown) => e));
  await new Promise((r) => setTimeout(r, 200));
  await assert.rejects(
    collectGeneration(m.generate(ask, { maxTokens: 3 })),
    (e: unknown) => e instanceof ModelError && e.status === 503 && e.code === "queue_full" && e.retryable,
  );
  ac.abort();
  for (const r of await Promise.all(running)) assert.equal((r as Error).name, "AbortError");

  const results = await Promise.all(Array.from({ length: 4 }, () => collectGeneration(model("plain").generate(ask, {}))));
  for (const r of results) assert.equal(r.content, SCRIPTED_TEXT.answer);
});

test("a second turn reuses the first turn's prefix (cached tokens)", async () => {
  const m = model("plain");
  const system: ChatMessage = { role: "system", content: "You are a careful assistant who answers briefly. ".repeat(4) };
  const first = await collectGeneration(m.generate([system, { role: "user", content: "First question?" }], {}));
  const second = await collectGeneration(
    m.generate([system, { role: "user", content: "First question?" }, { role: "assistant", content: first.content }, { role: "user", content: "Second?" }], {}),
  );
  assert.ok(second.usage.cachedTokens > 150, JSON.stringify(second.usage));
  assert.ok(second.usage.cachedTokens < second.usage.promptTokens);
});

test("a conversation longer than the context drops the oldest turns and says so", async () => {
  const long = "word ".repeat(150); // ~750 byte tokens per message against a 1024-token context
  const messages: ChatMessage[] = [
    { role: "system", content: "Be brief." },
    { role: "user", content: long },
    { role: "assistant", content: "ok" },
    { role: "user", content: long },
    { role: "assistant", content: "ok" },
    { role: "user", content: "What is the answer?" },
  ];
  const r = await collectGeneration(model("plain").generate(messages, {}));
  assert.equal(r.notices[0]?.code, "context_truncated");
  assert.match(r.notices[0]!.message, /dropped/);
  assert.equal(r.content, SCRIPTED_TEXT.answer);
  assert.ok(r.usage.promptTokens < 1024);

  const strict = await createLocalModels(config({ dir: join(dir, "models"), contextSize: 1024, contextOverflow: "error" }), () => {});
  try {
    await assert.rejects(
      collectGeneration(strict.resolve("plain")[0]!.generate(messages, {})),
      (e: unknown) => e instanceof ModelError && e.status === 400 && e.code === "context_length_exceeded" && e.param === "messages",
    );
  } finally {
    await strict.dispose();
  }
});

test("complete() continues a plain prompt", async () => {
  const r = await collectGeneration(model("endless").complete!("sing", { maxTokens: 4 }));
  assert.equal(r.content, SCRIPTED_TEXT.endlessUnit.repeat(4));
  assert.equal(r.finishReason, "length");
});

test("embed() returns one vector per input", async () => {
  const { embeddings, promptTokens } = await model("random").embed!(["hello", "world!"]);
  assert.equal(embeddings.length, 2);
  assert.equal(embeddings[0]!.length, 64);
  assert.ok(promptTokens >= 11);
});

test("LRU: past maxLoadedBytes the least recently used model is unloaded", async () => {
  const lines: string[] = [];
  const small = await createLocalModels(config({ dir: join(dir, "models"), contextSize: 256, parallelSequences: 1, maxLoadedBytes: 1 }), (l) => lines.push(l));
  try {
    await collectGeneration(small.resolve("plain")[0]!.generate(ask, {}));
    assert.deepEqual(small.loadedModelIds(), ["plain"]);
    await collectGeneration(small.resolve("thinker")[0]!.generate(ask, {}));
    assert.deepEqual(small.loadedModelIds(), ["thinker"]);
    assert.ok(lines.some((l) => l.startsWith("unloading model plain")), lines.join("\n"));
    const again = await collectGeneration(small.resolve("plain")[0]!.generate(ask, {}));
    assert.equal(again.content, SCRIPTED_TEXT.answer);
  } finally {
    await small.dispose();
  }
});

test("dispose cancels work that outlives the grace period", async () => {
  const own = await createLocalModels(config({ dir: join(dir, "models"), contextSize: 4096, parallelSequences: 1 }), () => {});
  let started!: () => void;
  const firstToken = new Promise<void>((r) => (started = r));
  const pending = (async () => {
    for await (const e of own.resolve("endless")[0]!.generate(ask, {})) if (e.type === "content") started();
  })().catch((e: unknown) => e);
  await firstToken;
  await own.dispose(20);
  const err = await pending;
  assert.ok(err instanceof ModelError && err.status === 503, `${String(err)} ${(err as Error)?.stack}`);
});

/**
 * The whole path a user takes: the official openai client → Candor's HTTP API → assistant → node-llama-cpp running
 * synthetic GGUF models (scripted ones answer deterministically, random ones exercise arbitrary output).
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { SCRIPTED_TEXT, syntheticModels } from "../fixtures/synthetic-gguf.js";
import { startTestServer, type TestServer } from "../fixtures/api-server.js";

let server: TestServer;

before(async () => {
  const models = mkdtempSync(join(tmpdir(), "candor-api-models-"));
  syntheticModels.thinking(models, { name: "thinker" });
  syntheticModels.toolCall(models, { name: "tools" });
  syntheticModels.endless(models, { name: "endless" });
  syntheticModels.random(models, { name: "random" });
  server = await startTestServer({
    overrides: { models: { dir: models, default: "thinker", threads: 2, contextSize: 1024, parallelSequences: 2, maxQueue: 1 } },
  });
});
after(async () => server.close());

test("models lists the GGUF files and the mode aliases", async () => {
  const ids = (await server.client.models.list()).data.map((m) => m.id);
  for (const id of ["thinker", "tools", "endless", "random", "candor", "candor-fast", "candor-thinking"]) assert.ok(ids.includes(id), id);
});

test("thinking mode returns the model's thought segment separately from the answer", async () => {
  const r = await server.client.chat.completions.create({ model: "candor-thinking", messages: [{ role: "user", content: "What is the answer?" }] });
  const msg = r.choices[0]!.message as { content: string; reasoning_content?: string };
  assert.equal(msg.reasoning_content?.trim(), SCRIPTED_TEXT.thinkingReasoning);
  assert.equal(msg.content.trim(), SCRIPTED_TEXT.answer);
  assert.ok(r.usage!.completion_tokens_details!.reasoning_tokens! > 0);
  assert.equal(r.model, "thinker");
});

test("fast mode switches the hybrid model's thinking off", async () => {
  const r = await server.client.chat.completions.create({ model: "candor-fast", messages: [{ role: "user", content: "What is the answer?" }] });
  const msg = r.choices[0]!.message as { content: string; reasoning_content?: string };
  assert.equal(msg.reasoning_content, undefined);
  assert.equal(msg.content.trim(), SCRIPTED_TEXT.answer);
});

test("streaming: reasoning deltas, then content deltas, usage, [DONE]", async () => {
  const stream = await server.client.chat.completions.create({
    model: "candor-thinking",
    messages: [{ role: "user", content: "What is the answer?" }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let reasoning = "";
  let content = "";
  let sawContentBeforeReasoning = false;
  let usage: { completion_tokens: number } | undefined;
  for await (const chunk of stream) {
    if (chunk.usage) usage = chunk.usage;
    const d = chunk.choices[0]?.delta as { content?: string; reasoning_content?: string } | undefined;
    if (d?.reasoning_content) {
      if (content) sawContentBeforeReasoning = true;
      reasoning += d.reasoning_content;
    }
    if (d?.content) content += d.content;
  }
  assert.equal(reasoning.trim(), SCRIPTED_TEXT.thinkingReasoning);
  assert.equal(content.trim(), SCRIPTED_TEXT.answer);
  assert.equal(sawContentBeforeReasoning, false);
  assert.ok(usage && usage.completion_tokens > 0);
});

test("a second turn reuses the cached prompt prefix and reports cached_tokens", async () => {
  const first = [{ role: "user" as const, content: "What is the answer? ".repeat(20) }];
  const r1 = await server.client.chat.completions.create({ model: "candor-fast", messages: first });
  const r2 = await server.client.chat.completions.create({
    model: "candor-fast",
    messages: [...first, { role: "assistant", content: r1.choices[0]!.message.content! }, { role: "user", content: "And again?" }],
  });
  assert.ok(r2.usage!.prompt_tokens_details!.cached_tokens! > 50, `cached ${r2.usage!.prompt_tokens_details!.cached_tokens}`);
});

test("json_schema output always parses and validates, even from random weights", async () => {
  const schema = {
    type: "object",
    properties: { verdict: { type: "string", enum: ["yes", "no", "unsure"] }, confident: { type: "boolean" } },
    required: ["verdict", "confident"],
    additionalProperties: false,
  };
  for (const seed of [1, 2, 3]) {
    const r = await server.client.chat.completions.create({
      model: "random",
      seed,
      temperature: 1,
      max_tokens: 200,
      messages: [{ role: "user", content: "Answer as JSON." }],
      response_format: { type: "json_schema", json_schema: { name: "verdict", schema } },
    });
    const parsed = JSON.parse(r.choices[0]!.message.content!);
    assert.ok(["yes", "no", "unsure"].includes(parsed.verdict));
    assert.equal(typeof parsed.confident, "boolean");
    assert.deepEqual(Object.keys(parsed).sort(), ["confident", "verdict"]);
  }
});

test("a schema the engine cannot compile is a 400 naming response_format", async () => {
  await assert.rejects(
    server.client.chat.completions.create({
      model: "random",
      messages: [{ role: "user", content: "x" }],
      response_format: { type: "json_schema", json_schema: { name: "bad", schema: { type: "object", properties: { a: { $ref: "#/nowhere" } } } } },
    }),
    (e: { status: number; param: string }) => e.status === 400 && e.param === "response_format",
  );
});

test("tool calls come from the engine's function-calling path", async () => {
  const r = await server.client.chat.completions.create({
    model: "tools",
    messages: [{ role: "user", content: "Weather in Paris?" }],
    tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }],
  });
  assert.equal(r.choices[0]!.finish_reason, "tool_calls");
  const call = r.choices[0]!.message.tool_calls![0] as { id: string; function: { name: string; arguments: string } };
  assert.equal(call.function.name, "get_weather");
  assert.deepEqual(JSON.parse(call.function.arguments), SCRIPTED_TEXT.toolCall.arguments);
  assert.match(call.id, /^call_/);
});

test("a client that disconnects frees its sequence at once: the queue takes new work", async () => {
  // Two sequences, one queue slot: fill both sequences with endless generations, then drop them.
  const controllers = [new AbortController(), new AbortController()];
  const streams = await Promise.all(
    controllers.map((c) => server.client.chat.completions.create({ model: "endless", max_tokens: 100000, stream: true, messages: [{ role: "user", content: "go" }] }, { signal: c.signal })),
  );
  await Promise.all(
    streams.map(async (s, i) => {
      let n = 0;
      try {
        for await (const _ of s) if (++n === 5) controllers[i]!.abort();
      } catch {
        // our own abort
      }
    }),
  );
  const r = await server.client.chat.completions.create({ model: "endless", max_tokens: 8, messages: [{ role: "user", content: "go" }] });
  assert.equal(r.choices[0]!.finish_reason, "length");
});

test("the queue beyond the parallel sequences answers 503 when full", async () => {
  const pending = Array.from({ length: 6 }, () =>
    server.client.chat.completions.create({ model: "endless", max_tokens: 40, messages: [{ role: "user", content: "go" }] }).then(
      () => 200,
      (e: { status: number }) => e.status,
    ),
  );
  const statuses = await Promise.all(pending);
  assert.ok(statuses.includes(503), statuses.join(","));
  assert.ok(statuses.filter((s) => s === 200).length >= 3, statuses.join(","));
});

test("concurrent streams on one model all complete", async () => {
  const runs = await Promise.all(
    [0, 1].map(() => server.client.chat.completions.create({ model: "random", max_tokens: 24, seed: 7, messages: [{ role: "user", content: "hi" }] })),
  );
  for (const r of runs) assert.ok(r.usage!.completion_tokens > 0);
});

test("responses API and plain completions run on the engine too", async () => {
  const r = await server.client.responses.create({ model: "candor-thinking", input: "What is the answer?" });
  assert.equal(r.output_text.trim(), SCRIPTED_TEXT.answer);
  assert.ok(r.output.some((o) => o.type === "reasoning"));
  const c = await server.client.completions.create({ model: "endless", prompt: "Sing:", max_tokens: 6 });
  assert.equal(c.choices[0]!.finish_reason, "length");
  assert.ok(c.choices[0]!.text.includes("la"));
});

test("logprobs on a model that cannot report them is a clear 400, not an empty list", async () => {
  await assert.rejects(
    server.client.chat.completions.create({ model: "random", logprobs: true, messages: [{ role: "user", content: "x" }] }),
    (e: { status: number; param: string }) => e.status === 400 && e.param === "logprobs",
  );
});

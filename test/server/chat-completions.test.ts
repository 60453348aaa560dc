import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import OpenAI from "openai";
import { ModelError } from "../../src/models/chat-model.js";
import { ScriptModel, scriptRegistry } from "../fixtures/script-model.js";
import { startTestServer, type TestServer } from "../fixtures/api-server.js";

let server: TestServer;
const thinker = new ScriptModel("thinker", (messages, options) => {
  const last = messages[messages.length - 1]!;
  if (last.content.includes("weather") && options.tools?.length) return { reasoning: "Need the tool.", toolCalls: [{ name: "get_weather", arguments: '{"city":"Paris"}' }] };
  if (last.role === "tool") return { content: `It is ${last.content}.` };
  if (last.content === "slow") return { content: "x", endless: true, delayMs: 5 };
  return { reasoning: "Let me think.", content: "The answer is 42." };
});
const flaky = new ScriptModel("flaky", () => ({ fail: new ModelError("upstream overloaded", 503, "overloaded", null, true) }));

before(async () => {
  server = await startTestServer({ models: scriptRegistry([thinker, flaky], "thinker") });
});
after(async () => server.close());

test("non-streaming completion carries reasoning, usage and the mode", async () => {
  const r = await server.client.chat.completions.create({ model: "candor-thinking", messages: [{ role: "user", content: "hi" }] });
  const msg = r.choices[0]!.message as typeof r.choices[0]["message"] & { reasoning_content?: string };
  assert.equal(msg.content, "The answer is 42.");
  assert.equal(msg.reasoning_content, "Let me think.");
  assert.equal(r.choices[0]!.finish_reason, "stop");
  assert.equal(r.model, "thinker");
  assert.ok(r.usage!.completion_tokens_details!.reasoning_tokens! > 0);
  assert.equal((r as unknown as { candor: { mode: string } }).candor.mode, "thinking");
});

test("fast mode switches thinking off", async () => {
  const r = await server.client.chat.completions.create({ model: "candor-fast", messages: [{ role: "user", content: "hi" }] });
  assert.equal((r.choices[0]!.message as { reasoning_content?: string }).reasoning_content, undefined);
  assert.equal(thinker.calls.at(-1)!.options.thinking!.enabled, false);
});

test("auto mode picks thinking for maths and fast for a greeting, and reports why", async () => {
  const a = await server.client.chat.completions.create({ model: "candor", messages: [{ role: "user", content: "Solve 3x + 7 = 22 for x" }] });
  const b = await server.client.chat.completions.create({ model: "candor", messages: [{ role: "user", content: "hello there" }] });
  const ca = (a as unknown as { candor: { mode: string; mode_reason: string } }).candor;
  const cb = (b as unknown as { candor: { mode: string } }).candor;
  assert.equal(ca.mode, "thinking");
  assert.equal(ca.mode_reason, "mathematics");
  assert.equal(cb.mode, "fast");
});

test("reasoning_effort maps to thought budgets", async () => {
  await server.client.chat.completions.create({ model: "thinker", messages: [{ role: "user", content: "hi" }], reasoning_effort: "low" });
  assert.deepEqual(thinker.calls.at(-1)!.options.thinking, { enabled: true, budgetTokens: 1024 });
  await server.client.chat.completions.create({ model: "thinker", messages: [{ role: "user", content: "hi" }], reasoning_effort: "none" as never });
  assert.equal(thinker.calls.at(-1)!.options.thinking!.enabled, false);
});

test("streaming sends reasoning and content deltas, finish_reason, then usage and [DONE]", async () => {
  const stream = await server.client.chat.completions.create({
    model: "candor-thinking",
    messages: [{ role: "user", content: "hi" }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let reasoning = "";
  let content = "";
  let finish: string | null = null;
  let usage: unknown;
  const order: string[] = [];
  for await (const chunk of stream) {
    if (chunk.usage) usage = chunk.usage;
    const c = chunk.choices[0];
    if (!c) continue;
    const d = c.delta as { content?: string; reasoning_content?: string };
    if (d.reasoning_content) {
      reasoning += d.reasoning_content;
      if (order.at(-1) !== "r") order.push("r");
    }
    if (d.content) {
      content += d.content;
      if (order.at(-1) !== "c") order.push("c");
    }
    if (c.finish_reason) finish = c.finish_reason;
  }
  assert.equal(reasoning, "Let me think.");
  assert.equal(content, "The answer is 42.");
  assert.deepEqual(order, ["r", "c"]);
  assert.equal(finish, "stop");
  assert.ok(usage);
});

test("tool calls round-trip, including reasoning accepted back on input", async () => {
  const tools = [{ type: "function" as const, function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } }];
  const r = await server.client.chat.completions.create({ model: "thinker", messages: [{ role: "user", content: "weather in Paris?" }], tools });
  const call = r.choices[0]!.message.tool_calls![0]! as { id: string; function: { name: string; arguments: string } };
  assert.equal(r.choices[0]!.finish_reason, "tool_calls");
  assert.equal(call.function.name, "get_weather");
  assert.deepEqual(JSON.parse(call.function.arguments), { city: "Paris" });
  const r2 = await server.client.chat.completions.create({
    model: "thinker",
    tools,
    messages: [
      { role: "user", content: "weather in Paris?" },
      { ...r.choices[0]!.message, reasoning_content: "Need the tool." } as never,
      { role: "tool", tool_call_id: call.id, content: "sunny" },
    ],
  });
  assert.equal(r2.choices[0]!.message.content, "It is sunny.");
  assert.equal(thinker.calls.at(-1)!.messages[1]!.reasoning, "Need the tool.");
});

test("streamed tool calls arrive as delta.tool_calls", async () => {
  const stream = await server.client.chat.completions.create({
    model: "thinker",
    stream: true,
    messages: [{ role: "user", content: "weather?" }],
    tools: [{ type: "function", function: { name: "get_weather" } }],
  });
  const calls: unknown[] = [];
  for await (const chunk of stream) for (const tc of chunk.choices[0]?.delta.tool_calls ?? []) calls.push(tc);
  assert.equal(calls.length, 1);
  assert.equal((calls[0] as { function: { name: string } }).function.name, "get_weather");
});

test("n returns several choices", async () => {
  const r = await server.client.chat.completions.create({ model: "thinker", messages: [{ role: "user", content: "hi" }], n: 3 });
  assert.equal(r.choices.length, 3);
  assert.deepEqual(r.choices.map((c) => c.index), [0, 1, 2]);
});

test("a fallback list moves past a retryable failure and says which model answered", async () => {
  const r = await server.client.chat.completions.create({ model: "flaky", messages: [{ role: "user", content: "hi" }], models: ["flaky", "thinker"] } as never);
  assert.equal((r as { model: string }).model, "thinker");
});

test("errors use OpenAI's shape and name the parameter", async () => {
  const bad = async (body: unknown) => {
    try {
      await server.client.chat.completions.create(body as never);
      assert.fail("expected an error");
    } catch (err) {
      assert.ok(err instanceof OpenAI.APIError);
      return err;
    }
  };
  const e1 = await bad({ model: "thinker", messages: [] });
  assert.equal(e1.status, 400);
  assert.equal(e1.param, "messages");
  const e2 = await bad({ model: "thinker", messages: [{ role: "user", content: "x" }], temperature: 5 });
  assert.equal(e2.param, "temperature");
  const e3 = await bad({ model: "nope", messages: [{ role: "user", content: "x" }] });
  assert.equal(e3.status, 404);
  assert.equal(e3.code, "model_not_found");
  const e4 = await bad({ model: "thinker", messages: [{ role: "wizard", content: "x" }] });
  assert.equal(e4.param, "messages[0].role");
  const e5 = await bad({ model: "thinker", messages: [{ role: "user", content: "x" }], stop: ["a", "b", "c", "d", "e", "f", "g", "h", "i"] });
  assert.equal(e5.param, "stop");
  const e6 = await bad({ model: "flaky", messages: [{ role: "user", content: "x" }] });
  assert.equal(e6.status, 503);
  const e7 = await bad({ model: "thinker", messages: [{ role: "tool", tool_call_id: "nope", content: "x" }] });
  assert.equal(e7.param, "messages[0].tool_call_id");
});

test("malformed JSON, oversized bodies and unknown routes get clear errors, and the server stays up", async () => {
  const post = (body: string | Uint8Array, path = "/v1/chat/completions") => fetch(server.url + path, { method: "POST", headers: { "content-type": "application/json" }, body: body as BodyInit });
  const r1 = await post("{not json");
  assert.equal(r1.status, 400);
  assert.equal(((await r1.json()) as { error: { code: string } }).error.code, "invalid_json");
  const r2 = await post(new Uint8Array(server.services.config.server.bodyLimitBytes + 10).fill(0x20));
  assert.equal(r2.status, 413);
  const r3 = await fetch(server.url + "/v1/nothing");
  assert.equal(r3.status, 404);
  assert.match(((await r3.json()) as { error: { message: string } }).error.message, /no route/);
  const r4 = await post("[1,2]");
  assert.equal(r4.status, 400);
  assert.equal((await fetch(server.url + "/healthz")).status, 200);
});

test("a client that disconnects aborts its generation at once", async () => {
  const before = thinker.aborted;
  const controller = new AbortController();
  const stream = await server.client.chat.completions.create({ model: "thinker", messages: [{ role: "user", content: "slow" }], stream: true }, { signal: controller.signal });
  let n = 0;
  try {
    for await (const _ of stream) if (++n === 5) controller.abort();
  } catch {
    // the client's own abort
  }
  for (let i = 0; i < 100 && thinker.aborted === before; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(thinker.aborted, before + 1);
});

test("max_tokens stops with finish_reason length", async () => {
  const r = await server.client.chat.completions.create({ model: "candor-fast", messages: [{ role: "user", content: "hi" }], max_tokens: 2 });
  assert.equal(r.choices[0]!.finish_reason, "length");
});

test("deferred completions answer 202 until ready, then the result exactly once", async () => {
  const r = await fetch(`${server.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "thinker", deferred: true, messages: [{ role: "user", content: "hi" }] }),
  });
  const { request_id } = (await r.json()) as { request_id: string };
  assert.ok(request_id);
  let res: Response;
  for (;;) {
    res = await fetch(`${server.url}/v1/chat/deferred-completion/${request_id}`);
    if (res.status !== 202) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content, "The answer is 42.");
  assert.equal((await fetch(`${server.url}/v1/chat/deferred-completion/${request_id}`)).status, 404);
});

test("models lists installed models and the mode aliases", async () => {
  const list = await server.client.models.list();
  const ids = list.data.map((m) => m.id);
  for (const id of ["thinker", "flaky", "candor", "candor-fast", "candor-thinking"]) assert.ok(ids.includes(id), id);
  const one = await server.client.models.retrieve("thinker");
  assert.equal(one.id, "thinker");
});

test("legacy completions and embeddings", async () => {
  const c = await server.client.completions.create({ model: "thinker", prompt: "Once upon", max_tokens: 50 });
  assert.equal(c.choices[0]!.text, "The answer is 42.");
  const e = await server.client.embeddings.create({ model: "thinker", input: ["abc", "de"] });
  assert.equal(e.data.length, 2);
  assert.equal(e.data[0]!.embedding[0], 3);
});

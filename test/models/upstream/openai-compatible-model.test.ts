import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import OpenAI from "openai";
import { OpenAICompatibleModel, ReplicaPool, discoverUpstreamModels } from "../../../src/models/upstream/index.js";
import { ModelError, collectGeneration, type GenerationEvent } from "../../../src/models/chat-model.js";
import { startFakeUpstream, type FakeUpstream } from "../../fixtures/fake-upstream.js";

let upstream: FakeUpstream;

before(async () => {
  upstream = await startFakeUpstream({ models: ["alpha", "beta"], apiKey: "sk-upstream-secret-000000000000" });
});
after(async () => {
  await upstream.close();
});

function model(name: string, extra: { timeoutMs?: number; baseUrls?: string[]; apiKey?: string } = {}) {
  return new OpenAICompatibleModel({
    provider: "fake",
    model: name,
    pool: new ReplicaPool({ baseUrls: extra.baseUrls ?? [upstream.url] }),
    apiKey: extra.apiKey ?? "sk-upstream-secret-000000000000",
    timeoutMs: extra.timeoutMs ?? 5000,
  });
}

async function expectModelError(p: Promise<unknown>, check: (e: ModelError) => void): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof ModelError, `expected ModelError, got ${err}`);
    check(err);
    return true;
  });
}

test("streams content deltas and reports usage, cached tokens and which model answered", async () => {
  const events: GenerationEvent[] = [];
  for await (const e of model("stream").generate([{ role: "user", content: "hi" }], {})) events.push(e);
  const content = events.filter((e) => e.type === "content").map((e) => (e as { text: string }).text);
  assert.deepEqual(content, ["Hello", " from", " the", " fake", " upstream", "."]);
  const done = events.at(-1);
  assert.deepEqual(done, {
    type: "done",
    finishReason: "stop",
    usage: { promptTokens: 11, completionTokens: 6, reasoningTokens: 0, cachedTokens: 4 },
    model: "fake/stream",
  });
});

test("splits <think> out of content even when the tags are cut across chunks", async () => {
  const r = await collectGeneration(model("think-split").generate([{ role: "user", content: "2+2?" }], {}));
  assert.equal(r.reasoning, "Let me check 2+2. It is 4.");
  assert.equal(r.content, "The answer is 4. <b>bold</b> <3");
  assert.equal(r.usage.reasoningTokens, 9);
});

test("reasoning_content and reasoning deltas both become reasoning events", async () => {
  for (const name of ["reasoning-content", "reasoning-field"]) {
    const r = await collectGeneration(model(name).generate([{ role: "user", content: "x" }], {}));
    assert.equal(r.reasoning, "Thinking hard.", name);
    assert.equal(r.content, "Done!", name);
    assert.equal(r.usage.reasoningTokens, 4, name);
  }
});

test("tool call fragments are accumulated per index and emitted whole", async () => {
  const events: GenerationEvent[] = [];
  for await (const e of model("tools").generate([{ role: "user", content: "weather?" }], {})) events.push(e);
  const calls = events.filter((e) => e.type === "tool_call");
  assert.deepEqual(calls, [
    { type: "tool_call", index: 0, call: { id: "call_a", name: "get_weather", arguments: '{"city":"Paris"}' } },
    { type: "tool_call", index: 1, call: { id: "call_b", name: "get_time", arguments: '{"tz":"CET"}' } },
  ]);
  assert.equal((events.at(-1) as { finishReason: string }).finishReason, "tool_calls");
});

test("GenerateOptions map onto the OpenAI request body, extra passed through", async () => {
  const before = upstream.bodies.length;
  await collectGeneration(
    model("stream").generate(
      [
        { role: "system", content: "be brief" },
        { role: "user", content: "look", images: [{ url: "data:image/png;base64,AAAA", detail: "low" }] },
        { role: "assistant", content: "", reasoning: "secret thoughts", toolCalls: [{ id: "c1", name: "f", arguments: "{}" }] },
        { role: "tool", content: "42", toolCallId: "c1" },
      ],
      {
        maxTokens: 50,
        temperature: 0.2,
        topP: 0.9,
        seed: 7,
        stop: ["END"],
        tools: [{ name: "f", description: "does f", parameters: { type: "object", properties: {} } }],
        toolChoice: { name: "f" },
        parallelToolCalls: false,
        responseFormat: { type: "json_schema", name: "out", schema: { type: "object" }, strict: true },
        thinking: { enabled: true, budgetTokens: 16000 },
        topLogprobs: 2,
        extra: { top_k: 20, repetition_penalty: 1.1 },
      },
    ),
  );
  const body = upstream.bodies[before]!;
  assert.equal(body.model, "stream");
  assert.equal(body.stream, true);
  assert.deepEqual(body.stream_options, { include_usage: true });
  assert.equal(body.max_tokens, 50);
  assert.equal(body.temperature, 0.2);
  assert.equal(body.top_p, 0.9);
  assert.equal(body.seed, 7);
  assert.deepEqual(body.stop, ["END"]);
  assert.deepEqual(body.tool_choice, { type: "function", function: { name: "f" } });
  assert.equal(body.parallel_tool_calls, false);
  assert.deepEqual(body.response_format, { type: "json_schema", json_schema: { name: "out", schema: { type: "object" }, strict: true } });
  assert.equal(body.reasoning_effort, "high");
  assert.equal(body.logprobs, true);
  assert.equal(body.top_logprobs, 2);
  assert.equal(body.top_k, 20);
  assert.equal(body.repetition_penalty, 1.1);
  const msgs = body.messages as Record<string, unknown>[];
  assert.deepEqual(msgs[1]!.content, [
    { type: "text", text: "look" },
    { type: "image_url", image_url: { url: "data:image/png;base64,AAAA", detail: "low" } },
  ]);
  assert.equal(msgs[2]!.content, null);
  assert.equal(msgs[2]!.reasoning_content, undefined);
  assert.deepEqual(msgs[2]!.tool_calls, [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }]);
  assert.equal(msgs[3]!.tool_call_id, "c1");
  assert.equal(upstream.headers.at(-1)!.authorization, "Bearer sk-upstream-secret-000000000000");
});

test("upstream 5xx becomes a retryable ModelError that leaks neither URL nor key", async () => {
  await expectModelError(collectGeneration(model("fail-500").generate([{ role: "user", content: "x" }], {})), (e) => {
    assert.equal(e.status, 502);
    assert.equal(e.retryable, true);
    assert.ok(!e.message.includes("10.0.0.7"), e.message);
    assert.ok(!e.message.includes("sk-upstream-secret"), e.message);
    assert.ok(!e.message.includes("127.0.0.1"), e.message);
  });
});

test("429 is retryable, 400 is not, a wrong upstream key is reported without the key", async () => {
  await expectModelError(collectGeneration(model("fail-429").generate([{ role: "user", content: "x" }], {})), (e) => {
    assert.equal(e.status, 429);
    assert.equal(e.retryable, true);
  });
  await expectModelError(collectGeneration(model("fail-400").generate([{ role: "user", content: "x" }], {})), (e) => {
    assert.equal(e.status, 400);
    assert.equal(e.retryable, false);
    assert.match(e.message, /max_tokens is too large/);
  });
  await expectModelError(collectGeneration(model("stream", { apiKey: "sk-wrong-key-1234567890abcd" }).generate([{ role: "user", content: "x" }], {})), (e) => {
    assert.equal(e.code, "upstream_auth_failed");
    assert.ok(!e.message.includes("sk-wrong"), e.message);
  });
});

test("a silent upstream times out before the first byte and between chunks", async () => {
  await expectModelError(collectGeneration(model("hang", { timeoutMs: 150 }).generate([{ role: "user", content: "x" }], {})), (e) => {
    assert.equal(e.status, 504);
    assert.equal(e.code, "upstream_timeout");
    assert.match(e.message, /first byte/);
  });
  const seen: string[] = [];
  await expectModelError(
    (async () => {
      for await (const e of model("hang-after-first", { timeoutMs: 150 }).generate([{ role: "user", content: "x" }], {})) if (e.type === "content") seen.push(e.text);
    })(),
    (e) => {
      assert.equal(e.code, "upstream_timeout");
      assert.match(e.message, /next chunk/);
    },
  );
  assert.deepEqual(seen, ["first"]);
});

test("a stream closed mid-answer is an error after the partial content", async () => {
  const seen: string[] = [];
  await expectModelError(
    (async () => {
      for await (const e of model("close-mid-stream").generate([{ role: "user", content: "x" }], {})) if (e.type === "content") seen.push(e.text);
    })(),
    (e) => {
      assert.equal(e.retryable, true);
      assert.ok(["upstream_stream_interrupted", "upstream_unavailable"].includes(e.code), e.code);
    },
  );
  assert.deepEqual(seen, ["partial", " answer"]);
});

test("aborting the signal cancels at once and the upstream sees the connection close", async () => {
  const ctl = new AbortController();
  const abortsBefore = upstream.clientAborts;
  let n = 0;
  await expectModelError(
    (async () => {
      for await (const e of model("endless").generate([{ role: "user", content: "x" }], { signal: ctl.signal })) {
        if (e.type === "content" && ++n === 3) ctl.abort();
      }
    })(),
    (e) => assert.equal(e.code, "cancelled"),
  );
  assert.equal(n, 3);
  for (let i = 0; i < 100 && upstream.clientAborts === abortsBefore; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(upstream.clientAborts, abortsBefore + 1);
});

test("breaking out of the loop also closes the upstream request", async () => {
  const abortsBefore = upstream.clientAborts;
  for await (const e of model("endless").generate([{ role: "user", content: "x" }], {})) if (e.type === "content") break;
  for (let i = 0; i < 100 && upstream.clientAborts === abortsBefore; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(upstream.clientAborts, abortsBefore + 1);
});

test("connection refused is a retryable 502 without the address", async () => {
  const port = await freePort();
  await expectModelError(collectGeneration(model("stream", { baseUrls: [`http://127.0.0.1:${port}/v1`] }).generate([{ role: "user", content: "x" }], {})), (e) => {
    assert.equal(e.status, 502);
    assert.equal(e.retryable, true);
    assert.ok(!e.message.includes(String(port)), e.message);
  });
});

test("embed() keeps input order, complete() streams text", async () => {
  const m = model("alpha");
  const r = await m.embed(["a", "bbb", "cc"]);
  assert.deepEqual(r.embeddings, [
    [1, 0, 1],
    [3, 1, 1],
    [2, 2, 1],
  ]);
  assert.equal(r.promptTokens, 3);
  const c = await collectGeneration(m.complete("Once", { maxTokens: 6 }));
  assert.equal(c.content, "Hello from the fake upstream.");
  assert.equal(c.finishReason, "length");
  assert.equal(c.usage.completionTokens, 6);
});

test("models are discovered from /models", async () => {
  const names = await discoverUpstreamModels(new ReplicaPool({ baseUrls: [upstream.url] }), { apiKey: "sk-upstream-secret-000000000000" });
  assert.deepEqual(names, ["alpha", "beta"]);
});

test("the official openai client parses what the fake upstream streams", async () => {
  const client = new OpenAI({ baseURL: upstream.url, apiKey: "sk-upstream-secret-000000000000" });
  const stream = await client.chat.completions.create({ model: "stream", messages: [{ role: "user", content: "hi" }], stream: true });
  let text = "";
  for await (const c of stream) text += c.choices[0]?.delta?.content ?? "";
  assert.equal(text, "Hello from the fake upstream.");
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test("finished answers leave the upstream connection open for reuse", async () => {
  const own = await startFakeUpstream();
  try {
    const m = new OpenAICompatibleModel({ provider: "fake", model: "stream", pool: new ReplicaPool({ baseUrls: [own.url] }) });
    for (let i = 0; i < 20; i++) await collectGeneration(m.generate([{ role: "user", content: "x" }], {}));
    assert.ok(own.connections <= 2, `20 sequential answers used ${own.connections} connections`);
  } finally {
    await own.close();
  }
});

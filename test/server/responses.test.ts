import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ScriptModel, scriptRegistry } from "../fixtures/script-model.js";
import { startTestServer, type TestServer } from "../fixtures/api-server.js";

let server: TestServer;
const model = new ScriptModel("m", (messages, options) => {
  const last = messages[messages.length - 1]!;
  if (options.tools?.length && last.role === "user") return { toolCalls: [{ name: "lookup", arguments: '{"q":"x"}' }] };
  if (last.role === "tool") return { content: `tool said ${last.content}` };
  return { reasoning: "Thinking.", content: `turns=${messages.filter((m) => m.role === "user").length}` };
});

before(async () => {
  server = await startTestServer({ models: scriptRegistry([model]) });
});
after(async () => server.close());

test("responses.create returns reasoning and message output items", async () => {
  const r = await server.client.responses.create({ model: "candor-thinking", input: "hello", instructions: "Be brief." });
  assert.equal(r.status, "completed");
  assert.equal(r.output_text, "turns=1");
  assert.equal(r.output[0]!.type, "reasoning");
  assert.ok(r.usage!.output_tokens_details.reasoning_tokens > 0);
  assert.equal(model.calls.at(-1)!.messages[0]!.role, "system");
});

test("previous_response_id chains the conversation", async () => {
  const r1 = await server.client.responses.create({ model: "m", input: "one" });
  const r2 = await server.client.responses.create({ model: "m", input: "two", previous_response_id: r1.id });
  assert.equal(r2.output_text, "turns=2");
  const got = await server.client.responses.retrieve(r2.id);
  assert.equal(got.id, r2.id);
});

test("unknown previous_response_id is a 404 naming the parameter", async () => {
  await assert.rejects(server.client.responses.create({ model: "m", input: "x", previous_response_id: "resp_nope" }), (e: { status: number; param: string }) => e.status === 404 && e.param === "previous_response_id");
});

test("streaming emits reasoning summary and output text deltas, then completed", async () => {
  const stream = await server.client.responses.create({ model: "candor-thinking", input: "hi", stream: true });
  const types: string[] = [];
  let text = "";
  let reasoning = "";
  for await (const e of stream) {
    types.push(e.type);
    if (e.type === "response.output_text.delta") text += e.delta;
    if (e.type === "response.reasoning_summary_text.delta") reasoning += e.delta;
  }
  assert.equal(text, "turns=1");
  assert.equal(reasoning, "Thinking.");
  assert.equal(types[0], "response.created");
  assert.equal(types.at(-1), "response.completed");
  assert.ok(types.indexOf("response.reasoning_summary_text.delta") < types.indexOf("response.output_text.delta"));
});

test("function calls come back as function_call items and their outputs continue the turn", async () => {
  const tools = [{ type: "function" as const, name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } }, strict: false }];
  const r1 = await server.client.responses.create({ model: "m", input: "find x", tools });
  const call = r1.output.find((o) => o.type === "function_call") as { call_id: string; name: string; arguments: string };
  assert.equal(call.name, "lookup");
  const r2 = await server.client.responses.create({ model: "m", previous_response_id: r1.id, input: [{ type: "function_call_output", call_id: call.call_id, output: "42" }], tools });
  assert.equal(r2.output_text, "tool said 42");
});

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import OpenAI from "openai";
import { configSchema } from "../../src/config.js";
import { createRouter } from "../../src/models/router/index.js";
import { assertSafeBinding, formatDuration, requiredScope } from "../../src/server/auth/index.js";
import { startTestServer, type TestServer } from "../fixtures/api-server.js";
import { startFakeUpstream, type FakeUpstream } from "../fixtures/fake-upstream.js";

let upstream: FakeUpstream;
let down: FakeUpstream;
let server: TestServer;

before(async () => {
  upstream = await startFakeUpstream({ models: ["stream", "think-split"] });
  down = await startFakeUpstream({ scenario: "fail-500" });
  const router = createRouter({
    local: { list: () => [], resolve: () => [], defaultModelId: () => undefined },
    config: configSchema.parse({
      providers: {
        fake: { kind: "openai-compatible", baseUrl: upstream.url, models: ["stream", "think-split", "endless"] },
        down: { kind: "openai-compatible", baseUrl: down.url, models: ["stream"] },
      },
      aliases: { smart: ["down/stream", "fake/stream"] },
    }),
    log: () => {},
  });
  server = await startTestServer({ models: router });
});
after(async () => {
  await server.close();
  await upstream.close();
  await down.close();
});

async function call(path: string, init: RequestInit & { key?: string; xApiKey?: string } = {}) {
  const headers: Record<string, string> = { ...(init.body ? { "content-type": "application/json" } : {}), ...(init.headers as Record<string, string>) };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  if (init.xApiKey) headers["x-api-key"] = init.xApiKey;
  const res = await fetch(server.url + path, { ...init, headers });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body };
}

const chat = (model = "fake/stream") => JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] });

test("scopes by route prefix", () => {
  assert.equal(requiredScope("POST", "/v1/chat/completions"), "inference");
  assert.equal(requiredScope("GET", "/v1/models?x=1"), "inference");
  assert.equal(requiredScope("GET", "/v1/knowledge/search"), "knowledge:read");
  assert.equal(requiredScope("POST", "/v1/arena/battles/1/vote"), "arena:vote");
  assert.equal(requiredScope("DELETE", "/v1/keys/abc"), "admin");
  assert.equal(requiredScope("GET", "/v1/usage"), "admin");
  assert.equal(requiredScope("GET", "/v1/something-new"), "any-key");
  assert.equal(requiredScope("GET", "/healthz"), "open");
  assert.equal(requiredScope("GET", "/assets/app.js"), "open");
  assert.equal(requiredScope("GET", "/v1keys"), "open", "only the /v1/ tree is protected");
  assert.equal(formatDuration(250), "250ms");
  assert.equal(formatDuration(1500), "1.5s");
  assert.equal(formatDuration(360_000), "6m0s");
});

test("with no key at all: loopback clients are served, a public bind is refused, and both say why", async () => {
  assert.equal(server.services.access!.keys.hasKeys(), false);
  const r = await call("/v1/chat/completions", { method: "POST", body: chat() });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.choices[0].message.content, "Hello from the fake upstream.");
  for (const host of ["127.0.0.1", "::1", "localhost", "[::1]"]) assert.doesNotThrow(() => assertSafeBinding(host, server.services), host);
  for (const host of ["0.0.0.0", "::", "192.168.1.20", "candor.example"]) {
    assert.throws(() => assertSafeBinding(host, server.services), /refusing to listen on .*no API key exists.*candor keys create/, host);
  }
});

test("keys: 401 when missing or invalid, 403 without the scope, then the admin endpoints", async () => {
  const access = server.services.access!;
  const admin = access.keys.create({ name: "root", scopes: ["admin"] }).secret;
  const reader = access.keys.create({ name: "reader", scopes: ["knowledge:read"] }).secret;
  assert.doesNotThrow(() => assertSafeBinding("0.0.0.0", server.services), "a public bind is allowed once keys exist");

  const missing = await call("/v1/chat/completions", { method: "POST", body: chat() });
  assert.equal(missing.status, 401);
  assert.deepEqual(Object.keys(missing.body.error).sort(), ["code", "message", "param", "type"]);
  assert.equal(missing.body.error.type, "authentication_error");
  assert.equal(missing.body.error.code, "missing_api_key");

  const invalid = await call("/v1/models", { key: "sk-candor-000000000000-" + "x".repeat(32) });
  assert.equal(invalid.status, 401);
  assert.equal(invalid.body.error.code, "invalid_api_key");
  assert.ok(!invalid.body.error.message.includes("xxxx"), "the presented key is not echoed");

  const forbidden = await call("/v1/chat/completions", { method: "POST", body: chat(), key: reader });
  assert.equal(forbidden.status, 403);
  assert.equal(forbidden.body.error.type, "permission_error");
  assert.match(forbidden.body.error.message, /'reader' lacks the 'inference' scope needed for POST \/v1\/chat\/completions/);
  const forbiddenUsage = await call("/v1/usage", { key: reader });
  assert.equal(forbiddenUsage.status, 403);

  assert.equal((await call("/healthz")).status, 200, "health check stays open");

  // Key management over HTTP (the web app's Settings page).
  const created = await call("/v1/keys", { method: "POST", key: admin, body: JSON.stringify({ name: "web", scopes: ["inference"], rpm: 1000 }) });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.match(created.body.key, /^sk-candor-/);
  const viaX = await call("/v1/chat/completions", { method: "POST", body: chat(), xApiKey: created.body.key });
  assert.equal(viaX.status, 200, "x-api-key works too");
  const listed = await call("/v1/keys", { key: admin });
  assert.deepEqual(listed.body.data.map((k: { name: string }) => k.name).sort(), ["reader", "root", "web"]);
  assert.ok(!JSON.stringify(listed.body).includes(created.body.key), "listing never shows secrets");
  const bad = await call("/v1/keys", { method: "POST", key: admin, body: JSON.stringify({ name: "x", scopes: ["superuser"] }) });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.param, "scopes");
  const badRpm = await call("/v1/keys", { method: "POST", key: admin, body: JSON.stringify({ name: "x", rpm: "fast" }) });
  assert.equal(badRpm.status, 400);
  assert.equal(badRpm.body.error.param, "rpm");
  const revoked = await call(`/v1/keys/${created.body.id}`, { method: "DELETE", key: admin });
  assert.equal(revoked.body.deleted, true);
  assert.equal((await call("/v1/models", { key: created.body.key })).status, 401, "revoked at once");
  assert.equal((await call("/v1/keys/ffffffffffff", { method: "DELETE", key: admin })).status, 404);

  // The openai client surfaces the same statuses.
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: reader, maxRetries: 0 });
  await assert.rejects(client.chat.completions.create({ model: "fake/stream", messages: [{ role: "user", content: "hi" }] }), (e: unknown) => e instanceof OpenAI.PermissionDeniedError);
});

test("rate limits: headers on every response, 429 with retry-after, tokens charged from usage", async () => {
  const access = server.services.access!;
  const limited = access.keys.create({ name: "limited", scopes: ["inference"], rpm: 2, tpm: 1200 }).secret;
  const first = await call("/v1/chat/completions", { method: "POST", body: chat(), key: limited });
  assert.equal(first.status, 200);
  assert.equal(first.headers.get("x-ratelimit-limit-requests"), "2");
  assert.equal(first.headers.get("x-ratelimit-remaining-requests"), "1");
  assert.match(first.headers.get("x-ratelimit-reset-requests")!, /^\d+(\.\d+)?(ms|s)$/);
  assert.equal(first.headers.get("x-ratelimit-limit-tokens"), "1200");
  assert.equal(first.headers.get("x-ratelimit-remaining-tokens"), "1200");
  assert.ok(first.headers.get("x-ratelimit-reset-tokens"));

  // Streaming responses carry the headers too.
  const streamed = await call("/v1/chat/completions", { method: "POST", body: JSON.stringify({ ...JSON.parse(chat()), stream: true }), key: limited });
  assert.equal(streamed.status, 200);
  assert.equal(streamed.headers.get("x-ratelimit-remaining-requests"), "0");
  assert.match(String(streamed.body), /Hello/);
  await new Promise((r) => setTimeout(r, 20));

  const third = await call("/v1/chat/completions", { method: "POST", body: chat(), key: limited });
  assert.equal(third.status, 429);
  assert.equal(third.body.error.type, "rate_limit_error");
  assert.equal(third.body.error.code, "rate_limit_exceeded");
  assert.match(third.body.error.message, /'limited': 2 requests per minute/);
  assert.ok(Number(third.headers.get("retry-after")) >= 1);
  assert.equal(third.headers.get("x-ratelimit-remaining-requests"), "0");
  // Both answers (11 prompt + 6 completion tokens each) were charged; the bucket refills 20 tokens a second meanwhile.
  assert.ok(Number(third.headers.get("x-ratelimit-remaining-tokens")) < 1200 - 10, third.headers.get("x-ratelimit-remaining-tokens")!);

  const tokenLimited = access.keys.create({ name: "tokens", scopes: ["inference"], tpm: 20 });
  const ok = await call("/v1/chat/completions", { method: "POST", body: chat(), key: tokenLimited.secret });
  assert.equal(ok.status, 200);
  // 17 tokens charged by recordUsage; a direct charge pushes the bucket into debt.
  await access.chargeTokens(tokenLimited.key.id, 50);
  const over = await call("/v1/chat/completions", { method: "POST", body: chat(), key: tokenLimited.secret });
  assert.equal(over.status, 429);
  assert.match(over.body.error.message, /20 tokens per minute/);
});

test("fallbacks through the API: the down provider is skipped and usage shows who answered", async () => {
  const admin = server.services.access!.keys.create({ name: "fallback-admin", scopes: ["admin"] }).secret;
  const r = await call("/v1/chat/completions", { method: "POST", body: chat("smart"), key: admin });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.model, "fake/stream");
  const viaList = await call("/v1/chat/completions", { method: "POST", body: JSON.stringify({ model: "down/stream", models: ["fake/stream"], messages: [{ role: "user", content: "hi" }] }), key: admin });
  assert.equal(viaList.status, 200, JSON.stringify(viaList.body));
  assert.equal(viaList.body.model, "fake/stream");

  const usage = await call("/v1/usage?group_by=model", { key: admin });
  assert.equal(usage.status, 200, JSON.stringify(usage.body));
  const row = usage.body.data.find((d: { model: string }) => d.model === "fake/stream");
  assert.ok(row && row.requests >= 2, JSON.stringify(usage.body));
  assert.equal(row.prompt_tokens % 11, 0);
  const byKey = await call("/v1/usage?group_by=key&from=2000-01-01", { key: admin });
  const mine = byKey.body.data.find((d: { key_name: string }) => d.key_name === "fallback-admin");
  assert.equal(mine.requests, 2);
  assert.equal((await call("/v1/usage?group_by=color", { key: admin })).body.error.param, "group_by");
  assert.equal((await call("/v1/usage?from=yesterday", { key: admin })).body.error.param, "from");
});

test("the responses route records usage under the caller's key, like chat completions", async () => {
  const admin = server.services.access!.keys.create({ name: "responses-usage", scopes: ["admin"] }).secret;
  const r = await call("/v1/responses", { method: "POST", body: JSON.stringify({ model: "fake/stream", input: "hi" }), key: admin });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const byKey = await call("/v1/usage?group_by=key&from=2000-01-01", { key: admin });
  const mine = byKey.body.data.find((d: { key_name: string }) => d.key_name === "responses-usage");
  assert.equal(mine?.requests, 1, JSON.stringify(byKey.body));
  assert.ok(mine.prompt_tokens > 0);
});

test("a client that goes away cancels the upstream request", async () => {
  const admin = server.services.access!.keys.create({ name: "cancel", scopes: ["inference"] }).secret;
  const before = upstream.clientAborts;
  const ctl = new AbortController();
  const res = await fetch(`${server.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${admin}` },
    body: JSON.stringify({ model: "fake/endless", stream: true, messages: [{ role: "user", content: "go" }] }),
    signal: ctl.signal,
  });
  const reader = res.body!.getReader();
  let seen = "";
  while (!seen.includes("t2 ")) seen += new TextDecoder().decode((await reader.read()).value);
  ctl.abort();
  for (let i = 0; i < 200 && upstream.clientAborts === before; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(upstream.clientAborts, before + 1);
});

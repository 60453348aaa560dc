import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, configSchema, loadConfig, type CandorConfig } from "../../../src/config.js";
import { createRouter } from "../../../src/models/router/index.js";
import { withFallbacks } from "../../../src/models/router/fallbacks.js";
import { ModelError, collectGeneration, type ChatModel, type GenerationEvent, type ModelInfo } from "../../../src/models/chat-model.js";
import type { ModelRegistry } from "../../../src/models/model-registry.js";
import { startFakeUpstream, type FakeUpstream } from "../../fixtures/fake-upstream.js";

/** A scripted embedded model: answers `text`, or fails with `fail` before answering. */
function scripted(id: string, text: string, fail?: ModelError): ChatModel {
  const info: ModelInfo = {
    id,
    provider: "local",
    ownedBy: "candor",
    capabilities: { chat: true, thinking: false, tools: false, jsonSchema: false, embeddings: false, vision: false, logprobs: false },
  };
  return {
    id,
    provider: "local",
    info: () => info,
    async *generate(): AsyncIterable<GenerationEvent> {
      yield { type: "notice", code: "context_truncated", message: `${id} dropped old turns` };
      if (fail) throw fail;
      yield { type: "content", text };
      yield { type: "done", finishReason: "stop", usage: { promptTokens: 1, completionTokens: 1, reasoningTokens: 0, cachedTokens: 0 } };
    },
  };
}

function localRegistry(models: ChatModel[]): ModelRegistry {
  return {
    list: () => models.map((m) => m.info()),
    resolve: (name) => models.filter((m) => m.id === name),
    defaultModelId: () => models[0]?.id,
  };
}

function config(raw: Record<string, unknown>): CandorConfig {
  return configSchema.parse(raw);
}

let good: FakeUpstream;
let bad: FakeUpstream;
let discoverable: FakeUpstream;
const logs: string[] = [];
const log = (l: string) => logs.push(l);

before(async () => {
  good = await startFakeUpstream();
  bad = await startFakeUpstream({ scenario: "fail-500" });
  discoverable = await startFakeUpstream({ models: ["found-1", "found-2"] });
});
after(async () => {
  await Promise.all([good.close(), bad.close(), discoverable.close()]);
});

function router(aliases: Record<string, string[]> = {}, local = localRegistry([scripted("tiny", "local answer")])) {
  return createRouter({
    local,
    log,
    env: { GOOD_KEY: "sk-good-000000000000" },
    config: config({
      providers: {
        good: { kind: "openai-compatible", baseUrl: good.url, apiKeyEnv: "GOOD_KEY", models: ["stream", "think-split", "fail-400", "hang", "close-mid-stream", "shared"] },
        bad: { kind: "openai-compatible", baseUrls: [bad.url], models: ["stream", "shared"] },
        slow: { kind: "openai-compatible", baseUrl: good.url, models: ["hang"], timeoutMs: 150 },
        disc: { kind: "openai-compatible", baseUrl: discoverable.url },
      },
      aliases,
    }),
  });
}

test("model strings route to providers, local models, aliases and bare upstream names", async () => {
  const r = router({ smart: ["bad/stream", "good/stream", "local/tiny"], nested: ["smart", "tiny"] });
  assert.deepEqual(r.resolve("good/stream").map((m) => m.id), ["good/stream"]);
  assert.deepEqual(r.resolve("good/not-offered"), []);
  assert.deepEqual(r.resolve("nowhere/x"), []);
  assert.deepEqual(r.resolve("tiny").map((m) => m.id), ["tiny"]);
  assert.deepEqual(r.resolve("local/tiny").map((m) => m.id), ["tiny"]);
  assert.deepEqual(r.resolve("smart").map((m) => m.id), ["bad/stream", "good/stream", "tiny"]);
  assert.deepEqual(r.resolve("nested").map((m) => m.id), ["bad/stream", "good/stream", "tiny"], "aliases of aliases, deduplicated");
  assert.deepEqual(r.resolve("shared").map((m) => m.id), ["good/shared", "bad/shared"]);
  assert.strictEqual(r.resolve("good/stream")[0], r.resolve("good/stream")[0], "one model object per name");
  const ids = r.list().map((m) => m.id);
  for (const id of ["tiny", "good/stream", "bad/shared", "smart"]) assert.ok(ids.includes(id), id);
  assert.equal(r.list().find((m) => m.id === "smart")!.provider, "alias");
});

test("providers without a model list are discovered from /models", async () => {
  const r = router();
  assert.equal(r.resolve("disc/anything").length, 1, "passed through while discovery runs");
  await r.ready();
  assert.deepEqual(r.resolve("disc/found-2").map((m) => m.id), ["disc/found-2"]);
  assert.deepEqual(r.resolve("disc/anything"), []);
  assert.ok(r.list().some((m) => m.id === "disc/found-1"));
});

test("fallbacks: a 5xx before any output moves to the next candidate, and the answer says who answered", async () => {
  const r = router({ smart: ["bad/stream", "good/stream"] });
  const events: GenerationEvent[] = [];
  for await (const e of withFallbacks(r.resolve("smart"), { log }).generate([{ role: "user", content: "hi" }], {})) events.push(e);
  const notice = events.find((e) => e.type === "notice" && e.code === "model_fallback") as { message: string } | undefined;
  assert.ok(notice, "fallback is announced");
  assert.match(notice.message, /answered by good\/stream; skipped bad\/stream/);
  assert.ok(!notice.message.includes("127.0.0.1"), "no upstream address in the notice");
  const done = events.at(-1) as { type: string; model?: string };
  assert.equal(done.type, "done");
  assert.equal(done.model, "good/stream");
});

test("fallbacks cover timeouts and local models; notices of a failed attempt are dropped", async () => {
  const failing = scripted("flaky", "never", new ModelError("queue full", 503, "queue_full", null, true));
  const local = localRegistry([failing, scripted("tiny", "local answer")]);
  const r = router({ chain: ["slow/hang", "local/flaky", "tiny"] }, local);
  const res = await collectGeneration(withFallbacks(r.resolve("chain")).generate([{ role: "user", content: "hi" }], {}));
  assert.equal(res.content, "local answer");
  assert.equal(res.model, "tiny");
  assert.deepEqual(res.notices.map((n) => n.code), ["model_fallback", "context_truncated"]);
  assert.ok(!res.notices.some((n) => n.message.includes("flaky dropped")), "the failed candidate's notice is not shown");
});

test("no fallback on a client error, after output has started, or once the client has gone", async () => {
  const r = router();
  await assert.rejects(
    collectGeneration(withFallbacks([...r.resolve("good/fail-400"), ...r.resolve("good/stream")]).generate([{ role: "user", content: "x" }], {})),
    (e: unknown) => e instanceof ModelError && e.status === 400,
  );
  const seen: string[] = [];
  await assert.rejects(
    (async () => {
      for await (const e of withFallbacks([...r.resolve("good/close-mid-stream"), ...r.resolve("good/stream")]).generate([{ role: "user", content: "x" }], {}))
        if (e.type === "content") seen.push(e.text);
    })(),
    (e: unknown) => e instanceof ModelError && e.retryable,
  );
  assert.deepEqual(seen, ["partial", " answer"], "no second answer glued onto a partial one");
  const ctl = new AbortController();
  ctl.abort();
  const before = good.totalRequests();
  await assert.rejects(
    collectGeneration(withFallbacks([...r.resolve("bad/stream"), ...r.resolve("good/stream")]).generate([{ role: "user", content: "x" }], { signal: ctl.signal })),
    (e: unknown) => e instanceof ModelError && e.code === "cancelled",
  );
  assert.equal(good.totalRequests(), before);
});

test("the last candidate's error is what the caller gets when all fail", async () => {
  const r = router({ doomed: ["bad/stream", "bad/shared"] });
  await assert.rejects(collectGeneration(withFallbacks(r.resolve("doomed")).generate([{ role: "user", content: "x" }], {})), (e: unknown) => {
    assert.ok(e instanceof ModelError);
    assert.equal(e.retryable, true);
    return true;
  });
});

test("embed falls back too", async () => {
  const r = router();
  const res = await withFallbacks([...r.resolve("bad/stream"), ...r.resolve("good/stream")]).embed!(["hello"]);
  assert.equal(res.embeddings.length, 1);
});

test("a config that does not validate names the path and reason of each error", () => {
  const dir = mkdtempSync(join(tmpdir(), "candor-router-"));
  try {
    const file = join(dir, "candor.config.json");
    writeFileSync(
      file,
      JSON.stringify({
        providers: {
          fleet: { kind: "openai", baseUrls: ["gpu-a:8000"], apiKeyEnv: "not a name", timeoutMs: -1 },
          empty: { kind: "openai-compatible" },
          local: { kind: "openai-compatible", baseUrl: "http://127.0.0.1:1/v1" },
        },
        aliases: { smart: [] },
      }),
    );
    assert.throws(
      () => loadConfig({ configFile: file, env: {} }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        const text = e.issues.join("\n");
        assert.match(text, /providers\.fleet\.kind: kind must be "openai-compatible"/);
        assert.match(text, /providers\.fleet\.baseUrls\.0: must be an http:\/\/ or https:\/\/ URL/);
        assert.match(text, /providers\.fleet\.apiKeyEnv: must be an environment variable name/);
        assert.match(text, /providers\.fleet\.timeoutMs/);
        assert.match(text, /providers\.empty\.baseUrls: needs baseUrl or baseUrls/);
        assert.match(text, /providers\.local: 'local' is reserved/);
        assert.match(text, /aliases\.smart: an alias needs at least one model/);
        return true;
      },
    );
    writeFileSync(file, JSON.stringify({ providers: { fleet: { kind: "openai-compatible", baseUrl: "http://127.0.0.1:1/v1", models: ["m"] } }, aliases: { smart: ["flet/m"] } }));
    const cfg = loadConfig({ configFile: file, env: {} });
    assert.throws(
      () => createRouter({ local: localRegistry([]), config: cfg, log }),
      (e: unknown) => e instanceof ConfigError && /aliases\.smart\.0: 'flet\/m' names provider 'flet', which is not defined \(known providers: local, fleet\)/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the example config validates", async () => {
  const cfg = loadConfig({ configFile: new URL("../../../examples/candor.config.json", import.meta.url).pathname, env: {} });
  assert.ok(Object.keys(cfg.providers).length >= 2);
  const r = createRouter({ local: localRegistry([]), config: { ...cfg, providers: Object.fromEntries(Object.entries(cfg.providers).map(([k, v]) => [k, { ...v, models: v.models ?? ["placeholder"] }])) }, log: () => {} });
  assert.ok(r.list().length > 0);
});

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type SqliteDatabase } from "../../src/storage/database.js";
import { coreMigrations } from "../../src/runtime/migrations.js";
import { AccessError, ApiKeyStore, MemoryRateLimiter, UsageStore, createAccess, hasScope, parseTime } from "../../src/access/index.js";
import { run as keysCommand } from "../../src/cli/commands/keys.js";
import { run as usageCommand } from "../../src/cli/commands/usage.js";

let dir: string;
let db: SqliteDatabase;

before(() => {
  dir = mkdtempSync(join(tmpdir(), "candor-access-"));
  db = openDatabase(join(dir, "candor.db"), coreMigrations);
});
after(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

test("a created key verifies; only a salted hash is stored; revoked and tampered keys do not verify", () => {
  const store = new ApiKeyStore(db);
  const { key, secret } = store.create({ name: "alice", scopes: ["inference", "knowledge:read"], rpm: 60 });
  assert.match(secret, /^sk-candor-[0-9a-f]{12}-[A-Za-z0-9_-]{32}$/);
  assert.deepEqual(store.verify(secret)?.id, key.id);
  const row = db.prepare("SELECT * FROM api_keys WHERE id = ?").get(key.id) as Record<string, unknown>;
  const stored = JSON.stringify(Object.values(row).map((v) => (Buffer.isBuffer(v) ? v.toString("base64url") : v)));
  assert.ok(!stored.includes(secret.slice(-32)), "the secret itself is not stored"); // the random part may itself contain "-"
  assert.equal((row.hash as Buffer).length, 32);
  const other = store.create({ name: "bob" });
  assert.notDeepEqual(db.prepare("SELECT salt FROM api_keys WHERE id = ?").pluck().get(other.key.id), row.salt, "salt is per key");

  const tampered = secret.slice(0, -1) + (secret.endsWith("A") ? "B" : "A");
  assert.equal(store.verify(tampered), undefined);
  assert.equal(store.verify("sk-candor-000000000000-" + "a".repeat(32)), undefined);
  assert.equal(store.verify("not a key"), undefined);
  assert.equal(store.verify(""), undefined);
  assert.ok(store.revoke(key.id));
  assert.equal(store.verify(secret), undefined);
  assert.equal(store.revoke("nope"), false);
  assert.ok(store.get(key.id)?.revokedAt);
  assert.deepEqual(other.key.scopes, ["inference"], "default scope");
});

test("bad key input is refused with the field named", () => {
  const store = new ApiKeyStore(db);
  const cases: [Parameters<ApiKeyStore["create"]>[0], string][] = [
    [{ name: "" }, "name"],
    [{ name: "x", scopes: ["inference", "root"] }, "scopes"],
    [{ name: "x", scopes: [] }, "scopes"],
    [{ name: "x", rpm: 0 }, "rpm"],
    [{ name: "x", tpm: 1.5 }, "tpm"],
  ];
  for (const [input, param] of cases) {
    assert.throws(() => store.create(input), (e: unknown) => e instanceof AccessError && e.param === param, JSON.stringify(input));
  }
});

test("admin implies every scope", () => {
  assert.ok(hasScope(["admin"], "arena:vote"));
  assert.ok(hasScope(["inference"], "inference"));
  assert.ok(!hasScope(["inference"], "knowledge:read"));
});

test("memory token buckets: requests per minute, tokens per minute with debt, refill over time", async () => {
  let now = 0;
  const lim = new MemoryRateLimiter(() => now);
  const limits = { rpm: 3, tpm: 100 };
  for (let i = 0; i < 3; i++) assert.equal((await lim.take("k", limits)).allowed, true);
  const denied = await lim.take("k", limits);
  assert.equal(denied.allowed, false);
  assert.equal(denied.limitedBy, "requests");
  assert.equal(denied.retryAfterMs, 20_000, "one request refills every 20 s at 3 rpm");
  assert.equal(denied.requests?.remaining, 0);
  now += 20_000;
  const ok = await lim.take("k", limits);
  assert.equal(ok.allowed, true);
  assert.equal(ok.tokens?.remaining, 100);

  await lim.charge("k", limits, 250);
  now += 40_000; // requests refilled; tokens at -150 + 66.7
  const byTokens = await lim.take("k", limits);
  assert.equal(byTokens.allowed, false);
  assert.equal(byTokens.limitedBy, "tokens");
  assert.ok(byTokens.retryAfterMs > 40_000 && byTokens.retryAfterMs <= 51_000, String(byTokens.retryAfterMs));
  now += byTokens.retryAfterMs;
  assert.equal((await lim.take("k", limits)).allowed, true);
  assert.equal((await lim.take("other", limits)).allowed, true, "keys have separate buckets");
  const unlimited = await lim.take("u", { rpm: null, tpm: null });
  assert.equal(unlimited.allowed, true);
  assert.equal(unlimited.requests, undefined);
});

test("usage is recorded per request and summarised by key, model and provider over a time range", () => {
  const access = createAccess({ db });
  const { key } = access.keys.create({ name: "usage-key", tpm: 1000 });
  const base = Date.parse("2025-03-01T00:00:00Z");
  const rec = (over: Partial<Parameters<typeof access.recordUsage>[0]>) =>
    access.recordUsage({
      keyId: key.id,
      model: "fleet/qwen3-32b",
      provider: "fleet",
      promptTokens: 10,
      completionTokens: 20,
      reasoningTokens: 5,
      cachedTokens: 2,
      latencyMs: 100,
      status: 200,
      endpoint: "/v1/chat/completions",
      at: base,
      ...over,
    });
  rec({});
  rec({ at: base + 1000, latencyMs: 300 });
  rec({ at: base + 2000, model: "tiny", provider: "local", status: 500, promptTokens: 3, completionTokens: 0, reasoningTokens: 0, cachedTokens: 0 });
  rec({ at: base + 3000, keyId: null, model: "tiny", provider: "local" });
  rec({ at: base + 86_400_000 * 2 });
  const usage = new UsageStore(db);
  const range = { from: base, to: base + 86_400_000 };
  const byKey = usage.summarize({ ...range, groupBy: "key" });
  const mine = byKey.find((r) => r.group === key.id)!;
  assert.equal(mine.name, "usage-key");
  assert.equal(mine.requests, 3);
  assert.equal(mine.errors, 1);
  assert.equal(mine.promptTokens, 23);
  assert.equal(mine.completionTokens, 40);
  assert.equal(mine.reasoningTokens, 10);
  assert.equal(mine.cachedTokens, 4);
  assert.equal(mine.totalTokens, 63);
  assert.equal(mine.maxLatencyMs, 300);
  assert.equal(byKey.find((r) => r.group === null)!.requests, 1);
  const byModel = usage.summarize({ ...range, groupBy: "model" });
  assert.deepEqual(byModel.map((r) => [r.group, r.requests]), [["fleet/qwen3-32b", 2], ["tiny", 2]]);
  const byProvider = usage.summarize({ ...range, groupBy: "provider" });
  assert.deepEqual(byProvider.map((r) => [r.group, r.requests]).sort(), [["fleet", 2], ["local", 2]]);
  assert.equal(usage.summarize({ from: base + 86_400_000, to: base + 86_400_000 * 3, groupBy: "key" })[0]!.requests, 1);
});

test("times parse as ISO 8601 or Unix seconds; anything else is an error naming the parameter", () => {
  assert.equal(parseTime("2025-03-01T00:00:00Z", "from"), Date.parse("2025-03-01T00:00:00Z"));
  assert.equal(parseTime("1740787200", "from"), 1740787200_000);
  assert.throws(() => parseTime("yesterday", "from"), /from must be an ISO 8601/);
});

test("candor keys create prints the key alone on its last line; list and revoke work on the same data dir", async () => {
  const data = join(dir, "cli");
  const out = await capture(() => keysCommand(["create", "--name", "ci bot", "--scopes", "inference,arena:vote", "--rpm", "30", "--data", data]));
  assert.equal(out.code, 0);
  const lines = out.text.trimEnd().split("\n");
  const secret = lines.at(-1)!;
  assert.match(secret, /^sk-candor-[0-9a-f]{12}-[A-Za-z0-9_-]{32}$/);
  const id = secret.split("-")[2]!;
  const cliDb = openDatabase(join(data, "candor.db"), coreMigrations);
  try {
    const store = new ApiKeyStore(cliDb);
    assert.deepEqual(store.verify(secret)?.scopes, ["inference", "arena:vote"]);
    const listed = await capture(() => keysCommand(["list", "--data", data]));
    assert.match(listed.text, new RegExp(`${id}\\s+ci bot\\s+inference,arena:vote\\s+30`));
    assert.ok(!listed.text.includes(secret), "list never shows the key");
    await capture(() => keysCommand(["revoke", id, "--data", data]));
    assert.equal(store.verify(secret), undefined);
    await assert.rejects(keysCommand(["revoke", "ffffffffffff", "--data", data]), /no API key with id/);
    await assert.rejects(keysCommand(["create", "--data", data]), /needs --name/);
    await assert.rejects(keysCommand(["create", "--name", "x", "--rpm", "lots", "--data", data]), /--rpm must be a positive whole number/);

    createAccess({ db: cliDb }).recordUsage({ keyId: null, model: "tiny", provider: "local", promptTokens: 1, completionTokens: 2, reasoningTokens: 0, cachedTokens: 0, latencyMs: 5, status: 200, endpoint: "/v1/chat/completions" });
    const usage = await capture(() => usageCommand(["--group-by", "model", "--data", data]));
    assert.match(usage.text, /tiny\s+1\s+0\s+1\s+2/);
    await assert.rejects(usageCommand(["--group-by", "color", "--data", data]), /--group-by must be key, model or provider/);
  } finally {
    cliDb.close();
  }
});

async function capture(fn: () => Promise<number | void>): Promise<{ code: number | void; text: string }> {
  const orig = console.log;
  let text = "";
  console.log = (...a: unknown[]) => {
    text += a.map(String).join(" ") + "\n";
  };
  try {
    const code = await fn();
    return { code, text };
  } finally {
    console.log = orig;
  }
}

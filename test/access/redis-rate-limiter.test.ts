import { test, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { RedisRateLimiter } from "../../src/access/index.js";

// The Redis server on loopback (CANDOR_TEST_REDIS_URL to point elsewhere on this machine).
const url = process.env.CANDOR_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `candor-test:${process.pid}:${randomBytes(4).toString("hex")}:`;
const admin = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });

after(async () => {
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length) await admin.del(...keys);
  await admin.quit();
});

test("two gateway replicas share one request bucket through Redis, atomically", async () => {
  await admin.connect();
  const a = new RedisRateLimiter({ url, prefix });
  const b = new RedisRateLimiter({ url, prefix });
  try {
    const limits = { rpm: 10, tpm: null };
    // 30 concurrent takes from two clients: exactly 10 may pass, whatever the interleaving.
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).take("shared", limits)));
    assert.equal(results.filter((r) => r.allowed).length, 10);
    const denied = results.find((r) => !r.allowed)!;
    assert.equal(denied.limitedBy, "requests");
    assert.ok(denied.retryAfterMs > 0 && denied.retryAfterMs <= 6000, String(denied.retryAfterMs));
    assert.equal(denied.requests?.limit, 10);
    assert.equal(denied.requests?.remaining, 0);
    const ttl = await admin.pttl(`${prefix}shared`);
    assert.ok(ttl > 0 && ttl <= 61_000, `bucket expires once it would be full again (pttl ${ttl})`);
  } finally {
    await a.close();
    await b.close();
  }
});

test("tokens charged on one replica limit the key on another", async () => {
  const a = new RedisRateLimiter({ url, prefix });
  const b = new RedisRateLimiter({ url, prefix });
  try {
    const limits = { rpm: 100, tpm: 1000 };
    const first = await a.take("tok", limits);
    assert.equal(first.allowed, true);
    assert.equal(first.tokens?.remaining, 1000);
    await a.charge("tok", limits, 1500);
    const next = await b.take("tok", limits);
    assert.equal(next.allowed, false);
    assert.equal(next.limitedBy, "tokens");
    // 501 tokens of debt at 1000/min: about 30 s.
    assert.ok(next.retryAfterMs > 29_000 && next.retryAfterMs <= 31_000, String(next.retryAfterMs));
    assert.equal((await b.take("other-key", limits)).allowed, true);
  } finally {
    await a.close();
    await b.close();
  }
});

test("an unreachable Redis makes take() reject instead of hanging", async () => {
  const dead = new RedisRateLimiter({ url: "redis://127.0.0.1:1", prefix });
  try {
    await assert.rejects(dead.take("k", { rpm: 1, tpm: null }));
  } finally {
    await dead.close();
  }
});

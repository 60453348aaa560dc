import { test } from "node:test";
import assert from "node:assert/strict";
import { OpenAICompatibleModel, ReplicaPool } from "../../../src/models/upstream/index.js";
import { collectGeneration } from "../../../src/models/chat-model.js";
import { startFakeUpstream } from "../../fixtures/fake-upstream.js";

test("least outstanding requests wins; ties rotate", () => {
  const pool = new ReplicaPool({ baseUrls: ["http://a/v1", "http://b/v1", "http://c/v1"] });
  const a = pool.acquire()!;
  const b = pool.acquire()!;
  const c = pool.acquire()!;
  assert.deepEqual(new Set([a.replica.index, b.replica.index, c.replica.index]), new Set([0, 1, 2]));
  b.release("success");
  // b is the only idle one now.
  const d = pool.acquire()!;
  assert.equal(d.replica.index, b.replica.index);
  for (const l of [a, c, d]) l.release("success");
  assert.deepEqual(pool.replicas.map((r) => r.outstanding), [0, 0, 0]);
});

test("a failing replica is ejected with exponential capped back-off, then probed by one request (half-open)", () => {
  let now = 1_000_000;
  const pool = new ReplicaPool({ baseUrls: ["http://a/v1", "http://b/v1"], ejectBaseMs: 100, ejectMaxMs: 350, now: () => now });
  const bad = pool.replicas[0]!;
  const take = (idx: number) => {
    for (;;) {
      const l = pool.acquire()!;
      if (l.replica.index === idx) return l;
      l.release("success");
    }
  };
  take(0).release("failure");
  assert.equal(bad.ejectedUntil, now + 100);
  for (let i = 0; i < 5; i++) {
    const l = pool.acquire()!;
    assert.equal(l.replica.index, 1, "ejected replica gets no traffic");
    l.release("success");
  }
  now += 101;
  const probe = take(0);
  // While the probe is in flight, nothing else goes to the replica.
  for (let i = 0; i < 3; i++) {
    const l = pool.acquire()!;
    assert.equal(l.replica.index, 1);
    l.release("success");
  }
  probe.release("failure");
  assert.equal(bad.ejectedUntil, now + 200, "second consecutive failure doubles the back-off");
  now += 201;
  take(0).release("failure");
  assert.equal(bad.ejectedUntil, now + 350, "capped");
  now += 351;
  take(0).release("success");
  assert.equal(bad.ejectedUntil, 0);
  assert.equal(bad.consecutiveFailures, 0);
});

test("with every replica ejected acquire() says so at once", () => {
  const pool = new ReplicaPool({ baseUrls: ["http://a/v1"], ejectBaseMs: 60_000 });
  pool.acquire()!.release("failure");
  assert.equal(pool.acquire(), undefined);
  assert.ok(pool.nextAvailableInMs() > 0);
});

test("a down replica costs no failed request: traffic moves to the healthy one and it is probed later", async () => {
  const good = await startFakeUpstream();
  const bad = await startFakeUpstream({ scenario: "fail-500" });
  try {
    const lines: string[] = [];
    const pool = new ReplicaPool({ baseUrls: [bad.url, good.url], ejectBaseMs: 150, log: (l) => lines.push(l), name: "fleet" });
    const m = new OpenAICompatibleModel({ provider: "fleet", model: "stream", pool });
    for (let i = 0; i < 6; i++) {
      const r = await collectGeneration(m.generate([{ role: "user", content: "hi" }], {}));
      assert.equal(r.content, "Hello from the fake upstream.");
    }
    assert.equal(bad.totalRequests(), 1, "ejected after its first failure");
    assert.equal(good.totalRequests(), 6);
    assert.ok(lines.some((l) => /replica 0 .* ejected/.test(l)), lines.join("\n"));
    assert.ok(!lines.join("\n").includes("/v1"), "logs name hosts, not paths");

    // After the back-off, live traffic probes the bad replica again; it has recovered now.
    bad.setScenario(undefined);
    await new Promise((r) => setTimeout(r, 200));
    const results = await Promise.all(Array.from({ length: 4 }, () => collectGeneration(m.generate([{ role: "user", content: "hi" }], {}))));
    for (const r of results) assert.equal(r.content, "Hello from the fake upstream.");
    assert.ok(bad.totalRequests() >= 2, "probed after the back-off");
    assert.equal(pool.replicas[0]!.ejectedUntil, 0);
    assert.ok(lines.some((l) => /healthy again/.test(l)));
  } finally {
    await good.close();
    await bad.close();
  }
});

test("concurrent streams spread over healthy replicas", async () => {
  const ups = await Promise.all([0, 1, 2].map(() => startFakeUpstream({ chunkDelayMs: 5 })));
  try {
    const pool = new ReplicaPool({ baseUrls: ups.map((u) => u.url) });
    const m = new OpenAICompatibleModel({ provider: "fleet", model: "stream", pool });
    await Promise.all(Array.from({ length: 9 }, () => collectGeneration(m.generate([{ role: "user", content: "hi" }], {}))));
    assert.deepEqual(ups.map((u) => u.totalRequests()), [3, 3, 3]);
  } finally {
    await Promise.all(ups.map((u) => u.close()));
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { XFilteredStreamSource, XRulesClient, xTweetToPost } from "../../../src/knowledge/sources/x-filtered-stream-source.js";
import { xBackoffDelay, X_BACKOFF_DEFAULTS } from "../../../src/knowledge/sources/backoff.js";
import type { PostEvent } from "../../../src/knowledge/post.js";

function tweetLine(id: string, text = `Tweet ${id} about the #RepairAct vote`): string {
  return JSON.stringify({
    data: {
      id,
      text,
      created_at: "2025-05-01T12:00:00.000Z",
      lang: "en",
      author_id: "u1",
      entities: {
        hashtags: [{ start: 16, end: 26, tag: "RepairAct" }],
        urls: [{ url: "https://t.co/a", expanded_url: "https://news.example/a" }, { url: "https://t.co/p", expanded_url: "https://x.com/u/status/1/photo/1", media_key: "3_1" }],
        mentions: [{ username: "parl" }],
      },
      public_metrics: { like_count: 5, retweet_count: 1, reply_count: 2, quote_count: 0 },
      referenced_tweets: [{ type: "replied_to", id: "900" }],
      attachments: { media_keys: ["3_1"] },
    },
    includes: { users: [{ id: "u1", username: "repairfan", name: "Repair Fan" }], media: [{ media_key: "3_1", type: "photo", url: "https://pbs.example/1.jpg", alt_text: "Tools on a bench" }] },
    matching_rules: [{ id: "r1", tag: "repair" }],
  });
}

test("tweet → Post with author, media alt text, links without media urls, metrics and references", () => {
  const p = xTweetToPost(JSON.parse(tweetLine("42")));
  assert.equal(p.id, "x:42");
  assert.equal(p.url, "https://x.com/repairfan/status/42");
  assert.deepEqual(p.author, { id: "u1", handle: "repairfan", displayName: "Repair Fan" });
  assert.deepEqual(p.links, ["https://news.example/a"]);
  assert.deepEqual(p.images, [{ url: "https://pbs.example/1.jpg", alt: "Tools on a bench" }]);
  assert.deepEqual(p.engagement, { likes: 5, reposts: 1, replies: 2, quotes: 0 });
  assert.equal(p.replyTo, "x:900");
  assert.equal(p.lang, "en");
});

test("X's documented back-off schedule", () => {
  assert.deepEqual([0, 1, 2, 100].map((a) => xBackoffDelay("network", a)), [250, 500, 750, 16_000]);
  assert.deepEqual([0, 1, 2, 6, 7].map((a) => xBackoffDelay("http", a)), [5_000, 10_000, 20_000, 320_000, 320_000]);
  assert.deepEqual([0, 1, 2].map((a) => xBackoffDelay("rate-limit", a, X_BACKOFF_DEFAULTS)), [60_000, 120_000, 240_000]);
});

interface FakeX {
  url: string;
  streamRequests: { query: URLSearchParams; auth?: string }[];
  rules: { id: string; value: string; tag?: string }[];
  close(): Promise<void>;
}

/** Connection 1: 429. Connection 2: tweets, keep-alives, an error object, then silence (a stall). Connection 3: the rest. */
async function startFakeX(): Promise<FakeX> {
  const streamRequests: FakeX["streamRequests"] = [];
  const rules: FakeX["rules"] = [{ id: "1", value: "existing rule" }];
  const open = new Set<ServerResponse>();
  let nextId = 2;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url!, "http://x");
    if (req.headers.authorization !== "Bearer tok") {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ title: "Unauthorized", status: 401 }));
      return;
    }
    if (url.pathname === "/2/tweets/search/stream/rules") {
      if (req.method === "GET") {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: rules, meta: { result_count: rules.length } }));
        return;
      }
      let body = "";
      for await (const c of req) body += c;
      const parsed = JSON.parse(body) as { add?: { value: string; tag?: string }[]; delete?: { ids: string[] } };
      const dry = url.searchParams.get("dry_run") === "true";
      if (parsed.add) {
        const created = parsed.add.map((r) => ({ id: String(nextId++), ...r }));
        if (!dry) rules.push(...created);
        res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ data: created, meta: { summary: { created: created.length, valid: created.length } } }));
      } else {
        const ids = parsed.delete?.ids ?? [];
        if (!dry) for (const id of ids) rules.splice(rules.findIndex((r) => r.id === id), 1);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ meta: { summary: { deleted: ids.length } } }));
      }
      return;
    }
    if (url.pathname === "/2/tweets/search/stream") {
      streamRequests.push({ query: url.searchParams, auth: req.headers.authorization });
      const n = streamRequests.length;
      if (n === 1) {
        res.writeHead(429, { "content-type": "application/json" }).end(JSON.stringify({ title: "Too Many Requests" }));
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      open.add(res);
      res.on("close", () => open.delete(res));
      if (n === 2) {
        res.write(`${tweetLine("1")}\r\n\r\n${tweetLine("2")}\r\n`);
        res.write("\r\n");
        res.write(`${JSON.stringify({ errors: [{ title: "ConnectionException", detail: "a hiccup" }] })}\r\n`);
        res.write("{broken json\r\n");
        res.write(tweetLine("3").slice(0, 40)); // half a line, then nothing: the stall
      } else {
        res.write(`${tweetLine("3")}\r\n${tweetLine("4")}\r\n\r\n`);
      }
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    streamRequests,
    rules,
    async close() {
      for (const r of open) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

test("rules: list, add, delete, dry run", async () => {
  const x = await startFakeX();
  try {
    const client = new XRulesClient({ apiUrl: x.url, bearerToken: "tok" });
    assert.deepEqual((await client.list()).data.map((r) => r.value), ["existing rule"]);
    await client.add([{ value: "dry rule" }], { dryRun: true });
    assert.equal(x.rules.length, 1, "dry run adds nothing");
    const added = await client.add([{ value: "quake lang:es", tag: "quake" }]);
    assert.equal(added.data[0]!.value, "quake lang:es");
    await client.delete([added.data[0]!.id]);
    assert.deepEqual(x.rules.map((r) => r.value), ["existing rule"]);
    await assert.rejects(new XRulesClient({ apiUrl: x.url, bearerToken: "bad" }).list(), /HTTP 401/);
  } finally {
    await x.close();
  }
});

test("stream: 429 back-off, keep-alives, error objects, a stall that forces a reconnect, nothing lost", async () => {
  const x = await startFakeX();
  const events: PostEvent[] = [];
  const src = new XFilteredStreamSource({
    apiUrl: x.url,
    bearerToken: "tok",
    rules: [{ value: "#RepairAct", tag: "repair" }, { value: "existing rule" }],
    stallTimeoutMs: 150,
    backoff: { networkStepMs: 5, rateLimitInitialMs: 10, httpInitialMs: 10 },
  });
  try {
    await src.start((e) => void events.push(e));
    for (let i = 0; i < 500 && events.length < 4; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(events.map((e) => (e.kind === "upsert" ? e.post.id : "?")), ["x:1", "x:2", "x:3", "x:4"]);
    assert.deepEqual(x.rules.map((r) => r.value), ["existing rule", "#RepairAct"], "only the missing rule was added");
    assert.deepEqual(src.reconnects.map((r) => r.kind), ["rate-limit", "network"], "429 then stall back-off paths");
    assert.match(src.reconnects[1]!.reason, /no data for 150 ms/);
    assert.ok(src.keepAlives >= 2);
    assert.equal(src.streamErrors, 1);
    assert.equal(src.malformed, 1);
    const q = x.streamRequests[0]!.query;
    assert.equal(q.get("tweet.fields"), "created_at,lang,author_id,entities,public_metrics,referenced_tweets,attachments");
    assert.equal(q.get("expansions"), "author_id,attachments.media_keys");
    assert.equal(q.get("user.fields"), "username");
    assert.equal(q.get("media.fields"), "url,alt_text");
  } finally {
    await src.stop();
    await x.close();
  }
  assert.equal(src.status().state, "stopped");
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MastodonSource, mastodonHtmlToText, mastodonStatusToPost, type MastodonStatus } from "../../../src/knowledge/sources/mastodon-source.js";
import type { PostEvent } from "../../../src/knowledge/post.js";

function status(id: string, extra: Partial<MastodonStatus> = {}): MastodonStatus {
  return {
    id,
    uri: `https://remote.example/users/ann/statuses/${id}`,
    url: `https://remote.example/@ann/${id}`,
    created_at: "2025-03-01T10:00:00.000Z",
    content: `<p>Status ${id} about the <a href="https://local.test/tags/quake" class="mention hashtag" rel="tag">#<span>quake</span></a> with <span class="h-card"><a href="https://remote.example/@bob" class="u-url mention">@<span>bob</span></a></span> and a link <a href="https://news.example/story?a=1&amp;b=2" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="">news.example/story?a=1&amp;b=2</span></a></p><p>Second line &amp; more</p>`,
    language: "en",
    account: { id: "1", acct: "ann@remote.example", username: "ann", display_name: "Ann" },
    tags: [{ name: "quake" }],
    mentions: [{ acct: "bob@remote.example", username: "bob" }],
    media_attachments: [{ type: "image", url: "https://files.example/a.jpg", description: "A cracked wall" }, { type: "video", url: "https://files.example/v.mp4" }],
    favourites_count: 3,
    reblogs_count: 2,
    replies_count: 1,
    ...extra,
  };
}

test("status → Post: HTML stripped, tags, mentions, links, media alt text, counts, replies and reblogs", () => {
  const p = mastodonStatusToPost(status("100", { in_reply_to_id: "99" }), "local.test");
  assert.equal(p.id, "mastodon:local.test/100");
  assert.equal(p.text, "Status 100 about the #quake with @bob and a link https://news.example/story?a=1&b=2\nSecond line & more");
  assert.deepEqual(p.hashtags, ["quake"]);
  assert.deepEqual(p.mentions, ["bob@remote.example"]);
  assert.deepEqual(p.links, ["https://news.example/story?a=1&b=2"]);
  assert.deepEqual(p.images, [{ url: "https://files.example/a.jpg", alt: "A cracked wall" }]);
  assert.deepEqual(p.engagement, { likes: 3, reposts: 2, replies: 1 });
  assert.equal(p.replyTo, "mastodon:local.test/99");
  assert.equal(p.author.handle, "ann@remote.example");
  assert.equal(p.url, "https://remote.example/@ann/100");
  const boost = mastodonStatusToPost(status("200", { reblog: status("150", { language: null, content: "<p>Der Bundestag hat heute lange über das neue Reparaturgesetz diskutiert.</p>" }) }), "local.test");
  assert.equal(boost.id, "mastodon:local.test/150", "a reblog becomes the reblogged post");
  assert.equal(boost.lang, "de", "language detected when the status declares none");
  assert.equal(mastodonHtmlToText("<p>a<br>b</p>"), "a\nb");
});

interface SseServer {
  url: string;
  requests: { path: string; auth?: string; lastEventId?: string }[];
  close(): Promise<void>;
}

/** A streaming API that serves scripted events, ends the first response mid-stream, and rejects a wrong token. */
async function startSse(script: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<SseServer> {
  const requests: SseServer["requests"] = [];
  const open = new Set<ServerResponse>();
  let accepted = 0;
  const server = createServer((req, res) => {
    requests.push({ path: req.url!, auth: req.headers.authorization, lastEventId: req.headers["last-event-id"] as string | undefined });
    if (req.headers.authorization !== "Bearer sekret") {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "The access token is invalid" }));
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    open.add(res);
    res.on("close", () => open.delete(res));
    script(req, res, ++accepted);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    async close() {
      for (const r of open) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test("public stream over SSE: bearer token, heartbeats, update/status.update/delete, reconnect with Last-Event-ID", async () => {
  const sse = await startSse((_req, res, n) => {
    res.write(":thump\n\n");
    if (n === 1) {
      // First accepted connection: two events, then the server drops it mid-stream.
      res.write(`id: 7\nevent: update\ndata: ${JSON.stringify(status("1"))}\n\n`);
      res.write(`event: update\ndata: {not json\n\n`);
      res.write(`id: 8\nevent: update\ndata: ${JSON.stringify(status("2"))}\n\n`);
      res.write(`event: update\ndata: ${JSON.stringify(status("3"))}`); // cut before the blank line: never complete
      setTimeout(() => res.destroy(), 20);
    } else {
      res.write(`event: status.update\ndata: ${JSON.stringify(status("2", { content: "<p>edited</p>" }))}\n\n`);
      res.write(`event: delete\ndata: 1\n\n`);
      res.write(`event: notification\ndata: {}\n\n`);
      res.write(`event: update\ndata: ${JSON.stringify(status("3"))}\n\n`);
    }
  });
  const events: PostEvent[] = [];
  // A wrong token first: 401, reported, retried.
  const bad = new MastodonSource({ url: sse.url, token: "wrong", reconnect: { initialMs: 5, maxMs: 10 } });
  await bad.start(() => {});
  assert.equal(bad.status().state, "reconnecting");
  assert.match(bad.status().lastError ?? "", /HTTP 401/);
  await bad.stop();
  const src = new MastodonSource({ url: sse.url, token: "sekret", reconnect: { initialMs: 5, maxMs: 10 } });
  try {
    await src.start((e) => void events.push(e));
    await waitFor(() => events.length >= 5, "five events");
    assert.deepEqual(
      events.map((e) => (e.kind === "upsert" ? `u:${e.post.sourceId}:${e.post.text.slice(0, 6)}` : `d:${e.sourceId}`)),
      ["u:127.0.0.1/1:Status", "u:127.0.0.1/2:Status", "u:127.0.0.1/2:edited", "d:127.0.0.1/1", "u:127.0.0.1/3:Status"].map((s) => s.replace("127.0.0.1", new URL(sse.url).host)),
    );
    assert.equal(src.malformed, 1);
    assert.ok(src.heartbeats >= 2);
    assert.ok(src.connections >= 2, "reconnected after the drop");
    const accepted = sse.requests.filter((r) => r.auth === "Bearer sekret");
    assert.equal(accepted[0]!.path, "/api/v1/streaming/public");
    assert.equal(accepted[1]!.lastEventId, "8", "resumes with Last-Event-ID");
  } finally {
    await src.stop();
    await sse.close();
  }
  assert.equal(src.status().state, "stopped");
});

test("hashtag stream asks for the tag; a hashtag stream without a tag is refused", async () => {
  const sse = await startSse((_req, res) => {
    res.write(`event: update\ndata: ${JSON.stringify(status("9"))}\n\n`);
  });
  const src = new MastodonSource({ url: `${sse.url}/`, token: "sekret", stream: "hashtag", tag: "#quake" });
  const got: PostEvent[] = [];
  try {
    await src.start((e) => void got.push(e));
    await waitFor(() => got.length === 1, "the hashtag status");
    assert.equal(sse.requests[0]!.path, "/api/v1/streaming/hashtag?tag=quake");
  } finally {
    await src.stop();
    await sse.close();
  }
  assert.throws(() => new MastodonSource({ url: sse.url, stream: "hashtag" }), /needs a tag/);
});

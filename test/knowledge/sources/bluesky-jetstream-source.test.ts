import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { BlueskyJetstreamSource, blueskyRecordToPost, parseJetstreamEvent, sliceUtf8 } from "../../../src/knowledge/sources/bluesky-jetstream-source.js";
import { MemoryCursorStore } from "../../../src/knowledge/sources/cursor-store.js";
import type { PostEvent } from "../../../src/knowledge/post.js";

/** Byte offsets of `part` within `text`, the way atproto facets count them. */
function byteRange(text: string, part: string): { byteStart: number; byteEnd: number } {
  const i = text.indexOf(part);
  assert.ok(i >= 0, `${part} not in text`);
  const byteStart = Buffer.byteLength(text.slice(0, i), "utf8");
  return { byteStart, byteEnd: byteStart + Buffer.byteLength(part, "utf8") };
}

test("facets are read with UTF-8 byte offsets across emoji, accents and CJK", () => {
  const text = "🌋 Café réunion à Tōkyō 東京 with @alice.bsky.social #地震 see https://example.org/x 🎉 #volcán";
  const record = {
    $type: "app.bsky.feed.post",
    text,
    createdAt: "2025-01-02T03:04:05.000Z",
    langs: ["fr"],
    facets: [
      { index: byteRange(text, "@alice.bsky.social"), features: [{ $type: "app.bsky.richtext.facet#mention", did: "did:plc:alice" }] },
      { index: byteRange(text, "#地震"), features: [{ $type: "app.bsky.richtext.facet#tag", tag: "地震" }] },
      { index: byteRange(text, "https://example.org/x"), features: [{ $type: "app.bsky.richtext.facet#link", uri: "https://example.org/x" }] },
      // A tag facet without its tag value: only correct byte slicing can recover it.
      { index: byteRange(text, "#volcán"), features: [{ $type: "app.bsky.richtext.facet#tag" }] },
    ],
    reply: { root: { uri: "at://did:plc:root/app.bsky.feed.post/r0", cid: "c0" }, parent: { uri: "at://did:plc:bob/app.bsky.feed.post/p1", cid: "c1" } },
    embed: {
      $type: "app.bsky.embed.recordWithMedia",
      record: { $type: "app.bsky.embed.record", record: { uri: "at://did:plc:carol/app.bsky.feed.post/q1", cid: "c2" } },
      media: {
        $type: "app.bsky.embed.images",
        images: [{ alt: "Lava flowing at night", image: { $type: "blob", ref: { $link: "bafkreiimage1" }, mimeType: "image/jpeg", size: 1 } }],
      },
    },
  };
  const post = blueskyRecordToPost("did:plc:me", "3kabc", record);
  assert.deepEqual(post.mentions, ["alice.bsky.social"]);
  assert.deepEqual(post.hashtags, ["地震", "volcán"]);
  assert.deepEqual(post.links, ["https://example.org/x"]);
  assert.equal(post.lang, "fr");
  assert.equal(post.url, "https://bsky.app/profile/did:plc:me/post/3kabc");
  assert.equal(post.id, "bluesky:at://did:plc:me/app.bsky.feed.post/3kabc");
  assert.equal(post.replyTo, "bluesky:at://did:plc:bob/app.bsky.feed.post/p1");
  assert.equal(post.quoteOf, "bluesky:at://did:plc:carol/app.bsky.feed.post/q1");
  assert.deepEqual(post.images, [{ url: "https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:me/bafkreiimage1@jpeg", alt: "Lava flowing at night" }]);
  assert.equal(sliceUtf8(text, 0, 4), "🌋");
  assert.equal(sliceUtf8(text, 2, 1), undefined);
});

test("plain image embeds, quote embeds and language detection without langs", () => {
  const withImages = blueskyRecordToPost("did:plc:x", "r1", {
    text: "El terremoto dejó calles agrietadas y muchos vecinos durmieron en la plaza esta noche.",
    createdAt: "2025-01-02T03:04:05Z",
    embed: { $type: "app.bsky.embed.images", images: [{ alt: "", image: { ref: { $link: "cid1" } } }, { alt: "Calle", image: { cid: "legacycid" } }] },
  });
  assert.equal(withImages.lang, "es");
  assert.deepEqual(withImages.images.map((i) => i.url.split("/").pop()), ["cid1@jpeg", "legacycid@jpeg"]);
  assert.equal(withImages.images[1]!.alt, "Calle");
  const quote = blueskyRecordToPost("did:plc:x", "r2", { text: "ok", createdAt: "2025-01-02T03:04:05Z", embed: { $type: "app.bsky.embed.record", record: { uri: "at://did:plc:y/app.bsky.feed.post/z" } } });
  assert.equal(quote.quoteOf, "bluesky:at://did:plc:y/app.bsky.feed.post/z");
  assert.equal(quote.lang, "und");
});

test("identity, account and non-post events are recognised; broken commits throw", () => {
  assert.equal(parseJetstreamEvent({ did: "did:plc:a", time_us: 1, kind: "identity", identity: { did: "did:plc:a", handle: "a.test" } }).type, "identity");
  assert.equal(parseJetstreamEvent({ did: "did:plc:a", time_us: 1, kind: "account", account: { active: false } }).type, "ignored");
  assert.equal(parseJetstreamEvent({ did: "did:plc:a", time_us: 1, kind: "commit", commit: { collection: "app.bsky.feed.like", operation: "create", rkey: "x" } }).type, "ignored");
  assert.throws(() => parseJetstreamEvent({ kind: "commit" }), /no did/);
  assert.throws(() => parseJetstreamEvent({ did: "d", time_us: 1, kind: "commit", commit: { collection: "app.bsky.feed.post", operation: "create", rkey: "x" } }), /without record/);
});

// ---------------------------------------------------------------------------------------------------------------
// A local Jetstream: a fixed log of events with time_us; a live pointer that advances on a timer whether or not anyone
// listens; `cursor` replays from the log; the first connection is cut mid-stream.

interface FakeJetstream {
  url: string;
  connections: { cursor: string | null; wantedCollections: string[] }[];
  close(): Promise<void>;
  done: Promise<void>;
}

function buildLog(n: number): { lines: string[]; postKeys: string[]; deletedKeys: string[] } {
  const lines: string[] = [];
  const postKeys: string[] = [];
  const deletedKeys: string[] = [];
  let t = 1_725_000_000_000_000;
  for (let i = 0; i < n; i++) {
    t += 1000 + (i % 7) * 13;
    const did = `did:plc:user${i % 17}`;
    if (i % 25 === 5) {
      lines.push(JSON.stringify({ did, time_us: t, kind: "identity", identity: { did, handle: `user${i % 17}.test`, seq: i, time: "x" } }));
      continue;
    }
    if (i % 31 === 7) {
      lines.push(JSON.stringify({ did, time_us: t, kind: "account", account: { did, active: true, seq: i, time: "x" } }));
      continue;
    }
    if (i % 29 === 11) {
      lines.push(`{"did":"${did}","time_us":${t},"kind":"commit","commit":{ broken`);
      continue;
    }
    if (i % 19 === 3 && postKeys.length) {
      const victim = postKeys[postKeys.length - 1]!;
      const [vdid, rkey] = victim.split("|");
      lines.push(JSON.stringify({ did: vdid, time_us: t, kind: "commit", commit: { rev: `rev${i}`, operation: "delete", collection: "app.bsky.feed.post", rkey } }));
      deletedKeys.push(victim);
      continue;
    }
    const rkey = `3k${i.toString(36).padStart(5, "0")}`;
    const text = `Post number ${i} 🚀 über café #tag${i % 5}`;
    lines.push(
      JSON.stringify({
        did,
        time_us: t,
        kind: "commit",
        commit: {
          rev: `rev${i}`,
          operation: "create",
          collection: "app.bsky.feed.post",
          rkey,
          cid: `cid${i}`,
          record: { $type: "app.bsky.feed.post", text, createdAt: new Date(t / 1000).toISOString(), langs: ["en"], facets: [{ index: byteRange(text, `#tag${i % 5}`), features: [{ $type: "app.bsky.richtext.facet#tag", tag: `tag${i % 5}` }] }] },
        },
      }),
    );
    postKeys.push(`${did}|${rkey}`);
  }
  return { lines, postKeys, deletedKeys };
}

async function startFakeJetstream(lines: string[], opts: { tickMs: number; cutFirstConnectionAfter: number }): Promise<FakeJetstream> {
  const server: Server = createServer();
  const wss = new WebSocketServer({ server, path: "/subscribe" });
  const times = lines.map((l) => Number(/"time_us":(\d+)/.exec(l)![1]));
  let live = 0;
  let finished!: () => void;
  const done = new Promise<void>((r) => (finished = r));
  const clients = new Set<{ ws: WebSocket; pos: number; budget: number }>();
  const connections: FakeJetstream["connections"] = [];
  const pump = (c: { ws: WebSocket; pos: number; budget: number }) => {
    while (c.pos < live && c.ws.readyState === c.ws.OPEN) {
      if (c.budget-- === 0) {
        c.ws.terminate(); // mid-stream disconnect, no close frame
        clients.delete(c);
        return;
      }
      c.ws.send(lines[c.pos++]!);
    }
  };
  let timer: NodeJS.Timeout | undefined;
  // The log starts flowing when the first client arrives, so "everything" is well defined for a live-tail subscriber.
  const startClock = () =>
    (timer ??= setInterval(() => {
    if (live < lines.length) live++;
    else finished();
    for (const c of clients) pump(c);
  }, opts.tickMs));
  wss.on("connection", (ws, req) => {
    const url = new URL(req.url!, "http://x");
    const cursor = url.searchParams.get("cursor");
    connections.push({ cursor, wantedCollections: url.searchParams.getAll("wantedCollections") });
    // With a cursor: replay from the first event at or after it. Without: live tail only.
    const pos = cursor === null ? live : Math.max(0, times.findIndex((t) => t >= Number(cursor)));
    const c = { ws, pos: pos < 0 ? live : pos, budget: connections.length === 1 ? opts.cutFirstConnectionAfter : -1 };
    clients.add(c);
    startClock();
    ws.on("close", () => clients.delete(c));
    pump(c);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/subscribe`,
    connections,
    done,
    async close() {
      clearInterval(timer);
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

test("kill and restart during ingest: a mid-stream disconnect and a restart lose nothing and double nothing", async () => {
  const { lines, postKeys, deletedKeys } = buildLog(600);
  const jet = await startFakeJetstream(lines, { tickMs: 2, cutFirstConnectionAfter: 120 });
  const cursors = new MemoryCursorStore();
  const upserts: string[] = [];
  const deletes: string[] = [];
  const onEvent = (e: PostEvent) => {
    if (e.kind === "upsert") upserts.push(e.post.sourceId);
    else deletes.push(e.sourceId);
  };
  const make = () =>
    new BlueskyJetstreamSource({ jetstreamUrl: jet.url, cursorStore: cursors, rewindSeconds: 0.05, cursorSaveIntervalMs: 20, reconnect: { initialMs: 20, maxMs: 100 } });
  try {
    // First run: starts live (no cursor) at the beginning of the log, gets cut after 120 events, reconnects, then is stopped.
    const first = make();
    await first.start(onEvent);
    while (upserts.length < 250) await new Promise((r) => setTimeout(r, 10));
    await first.stop();
    assert.ok(first.connections >= 2, "the cut connection was re-established");
    assert.ok(first.duplicatesDropped > 0, "the rewound replay sent events again and they were dropped");
    assert.ok(first.malformed > 0, "malformed lines are counted");
    assert.equal(first.status().state, "stopped");
    assert.ok(cursors.get("bluesky"), "cursor persisted on stop");
    // Events keep flowing while no source runs; the second run must pick them up from the stored cursor.
    await new Promise((r) => setTimeout(r, 100));
    const second = make();
    await second.start(onEvent);
    await jet.done;
    const expected = postKeys.length + deletedKeys.length;
    for (let i = 0; i < 300 && upserts.length + deletes.length < expected; i++) await new Promise((r) => setTimeout(r, 10));
    await second.stop();
    assert.ok(second.duplicatesDropped > 0, "the restart's rewind was de-duplicated");
    const resumed = jet.connections.at(-1)!;
    assert.ok(resumed.cursor && Number(resumed.cursor) < Number(cursors.get("bluesky")), "resumed from a rewound cursor");
    assert.deepEqual(resumed.wantedCollections, ["app.bsky.feed.post"]);

    const toUri = (k: string) => `at://${k.split("|")[0]}/app.bsky.feed.post/${k.split("|")[1]}`;
    assert.equal(new Set(upserts).size, upserts.length, "no post delivered twice");
    assert.deepEqual([...upserts].sort(), postKeys.map(toUri).sort(), "every post delivered");
    assert.deepEqual(deletes.sort(), deletedKeys.map(toUri).sort(), "every delete delivered once");
  } finally {
    await jet.close();
  }
});

test("identity events give later posts their handle; unreachable endpoint reports reconnecting, not a crash", async () => {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  wss.on("connection", (ws) => {
    ws.send(JSON.stringify({ did: "did:plc:h", time_us: 10, kind: "identity", identity: { did: "did:plc:h", handle: "hello.test" } }));
    ws.send("not json at all");
    ws.send(JSON.stringify({ did: "did:plc:h", time_us: 11, kind: "commit", commit: { rev: "a", operation: "create", collection: "app.bsky.feed.post", rkey: "k1", record: { text: "hi", createdAt: "2025-01-01T00:00:00Z" } } }));
    ws.send(JSON.stringify({ did: "did:plc:h", time_us: 12, kind: "commit", commit: { rev: "b", operation: "update", collection: "app.bsky.feed.post", rkey: "k1", record: { text: "hi again", createdAt: "2025-01-01T00:00:00Z" } } }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const got: PostEvent[] = [];
  const src = new BlueskyJetstreamSource({ jetstreamUrl: `ws://127.0.0.1:${port}/subscribe`, reconnect: { initialMs: 10, maxMs: 20 } });
  try {
    await src.start((e) => void got.push(e));
    for (let i = 0; i < 200 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(got.length, 2);
    assert.equal(got[0]!.kind === "upsert" && got[0]!.post.author.handle, "hello.test");
    assert.equal(got[1]!.kind === "upsert" && got[1]!.post.text, "hi again");
    assert.equal(src.malformed, 1);
  } finally {
    await src.stop();
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
    await new Promise<void>((r) => server.close(() => r()));
  }
  // Nothing listens on this port any more.
  const dead = new BlueskyJetstreamSource({ jetstreamUrl: `ws://127.0.0.1:${port}/subscribe`, reconnect: { initialMs: 10, maxMs: 20 } });
  await dead.start(() => {});
  assert.equal(dead.status().state, "reconnecting");
  assert.ok(dead.status().lastError);
  await dead.stop();
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RssSource, parseFeed } from "../../../src/knowledge/sources/rss-source.js";
import { JsonFileCursorStore } from "../../../src/knowledge/sources/cursor-store.js";
import type { PostEvent } from "../../../src/knowledge/post.js";

const rssItem = (n: number) => `<item>
  <title>Story ${n}: parliament debates the repair act</title>
  <link>https://news.example/story-${n}</link>
  <guid isPermaLink="false">story-${n}</guid>
  <pubDate>Mon, 0${n} Jun 2025 10:00:00 GMT</pubDate>
  <description><![CDATA[<p>Lawmakers argued for <b>hours</b> about spare parts &amp; manuals.</p>]]></description>
  <category>Politics</category>
  <media:content url="https://img.example/${n}.jpg" medium="image"><media:description>Parliament chamber ${n}</media:description></media:content>
</item>`;

const rss = (items: number[]) => `<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Example News</title><language>en-gb</language>
${items.map(rssItem).join("\n")}
</channel></rss>`;

const atom = (entries: number[]) => `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>Le Blog</title><id>urn:blog</id><updated>2025-06-05T00:00:00Z</updated>
${entries
  .map(
    (n) => `<entry><title>Billet ${n}</title><id>urn:blog:${n}</id><link rel="alternate" href="/billets/${n}"/><link rel="enclosure" type="image/png" href="https://img.example/b${n}.png"/>
<published>2025-06-0${n}T08:00:00Z</published><summary type="html">&lt;p&gt;La loi sur la réparation est adoptée, les fabricants devront fournir des pièces.&lt;/p&gt;</summary><author><name>Claire</name></author><category term="réparation"/></entry>`,
  )
  .join("\n")}
</feed>`;

test("parses RSS 2.0 and Atom, and names what is wrong with anything else", () => {
  const r = parseFeed(rss([1, 2]));
  assert.equal(r.format, "rss");
  assert.equal(r.items[0]!.key, "story-1");
  assert.equal(r.items[0]!.text, "Lawmakers argued for hours about spare parts & manuals.");
  assert.deepEqual(r.items[0]!.images, [{ url: "https://img.example/1.jpg", alt: "Parliament chamber 1" }]);
  const a = parseFeed(atom([1]));
  assert.equal(a.format, "atom");
  assert.equal(a.items[0]!.link, "/billets/1");
  assert.equal(a.items[0]!.author, "Claire");
  assert.throws(() => parseFeed("<html><body>hi</body></html>"), /not an RSS or Atom feed \(root element: html\)/);
});

test("polls with ETag / If-Modified-Since, handles 304, emits only new items, and remembers across restarts", async () => {
  let rssItems = [1, 2];
  let atomEntries = [1];
  const seen: { path: string; inm?: string; ims?: string; status: number }[] = [];
  const server = createServer((req, res) => {
    const path = req.url!;
    const inm = req.headers["if-none-match"] as string | undefined;
    const ims = req.headers["if-modified-since"] as string | undefined;
    let status = 200;
    if (path === "/rss.xml") {
      const etag = `"v${rssItems.length}"`;
      if (inm === etag) status = 304;
      res.writeHead(status, { etag, "content-type": "application/rss+xml" });
      res.end(status === 200 ? rss(rssItems) : undefined);
    } else if (path === "/atom.xml") {
      const lm = new Date(Date.UTC(2025, 5, atomEntries.length)).toUTCString();
      if (ims === lm) status = 304;
      res.writeHead(status, { "last-modified": lm, "content-type": "application/atom+xml" });
      res.end(status === 200 ? atom(atomEntries) : undefined);
    } else {
      status = 500;
      res.writeHead(500).end("boom");
    }
    seen.push({ path, inm, ims, status });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), "candor-rss-"));
  const feeds = [`${base}/rss.xml`, `${base}/atom.xml`, `${base}/broken.xml`];
  const events: PostEvent[] = [];
  const onEvent = (e: PostEvent) => void events.push(e);
  try {
    const store = new JsonFileCursorStore(join(dir, "cursors.json"));
    const src = new RssSource({ feeds, intervalSeconds: 3600, cursorStore: store });
    await src.start(onEvent);
    assert.deepEqual(events.map((e) => (e.kind === "upsert" ? e.post.sourceId : "")), ["story-1", "story-2", "urn:blog:1"]);
    const atomPost = events[2]!.kind === "upsert" ? events[2]!.post : undefined;
    assert.equal(atomPost?.url, `${base}/billets/1`, "relative links resolved against the feed");
    assert.equal(atomPost?.lang, "fr");
    assert.equal(events[0]!.kind === "upsert" && events[0]!.post.lang, "en");
    assert.match(src.status().lastError ?? "", /broken\.xml: HTTP 500/);

    // Second poll, nothing changed: both feeds answer 304.
    assert.equal(await src.pollFeed(feeds[0]!), 0);
    assert.equal(await src.pollFeed(feeds[1]!), 0);
    assert.equal(src.notModified, 2);
    assert.ok(seen.some((s) => s.path === "/rss.xml" && s.inm === '"v2"' && s.status === 304));
    assert.ok(seen.some((s) => s.path === "/atom.xml" && s.ims && s.status === 304));
    await src.stop();

    // New items appear; a fresh source built on the same cursor file emits only those.
    rssItems = [3, 2, 1];
    atomEntries = [2, 1];
    events.length = 0;
    const restarted = new RssSource({ feeds: feeds.slice(0, 2), intervalSeconds: 3600, cursorStore: new JsonFileCursorStore(join(dir, "cursors.json")) });
    await restarted.start(onEvent);
    await restarted.stop();
    assert.deepEqual(events.map((e) => (e.kind === "upsert" ? e.post.sourceId : "")), ["story-3", "urn:blog:2"]);
  } finally {
    server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an item the consumer rejected is fetched and delivered again on the next poll, not hidden behind a 304", async () => {
  const statuses: number[] = [];
  const server = createServer((req, res) => {
    const etag = '"v1"';
    const status = req.headers["if-none-match"] === etag ? 304 : 200;
    statuses.push(status);
    res.writeHead(status, { etag, "content-type": "application/rss+xml" });
    res.end(status === 200 ? rss([1, 2]) : undefined);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const feed = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rss.xml`;
  const delivered: string[] = [];
  let refuse = true;
  const src = new RssSource({ feeds: [feed], intervalSeconds: 3600 });
  try {
    await src.start((e) => {
      const id = e.kind === "upsert" ? e.post.sourceId : "";
      if (id === "story-2" && refuse) throw new Error("store is full");
      delivered.push(id);
    });
    assert.deepEqual(delivered, ["story-1"]);
    refuse = false;
    assert.equal(await src.pollFeed(feed), 1);
    assert.deepEqual(delivered, ["story-1", "story-2"], "the rejected item arrives once, the delivered one is not doubled");
    assert.equal(statuses[1], 200, "no validators were sent after a rejection");
    assert.equal(await src.pollFeed(feed), 0);
    assert.equal(statuses[2], 304, "validators are kept again once every item was delivered");
  } finally {
    await src.stop();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

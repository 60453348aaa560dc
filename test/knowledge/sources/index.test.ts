import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSource, parseSourceSpec, sourceSpecSchema } from "../../../src/knowledge/sources/index.js";
import { JsonFileCursorStore, MemoryCursorStore } from "../../../src/knowledge/sources/cursor-store.js";
import { detectLanguage } from "../../../src/knowledge/sources/language.js";
import Database from "better-sqlite3";
import { run as ingest } from "../../../src/cli/commands/ingest.js";

test("spec defaults and clear errors", () => {
  const bsky = parseSourceSpec({ kind: "bluesky" });
  assert.equal(bsky.kind === "bluesky" && bsky.jetstreamUrl, "wss://jetstream2.us-east.bsky.network/subscribe");
  const x = parseSourceSpec({ kind: "x", rules: ["quake", { value: "vote", tag: "v" }] });
  assert.deepEqual(x.kind === "x" && [x.apiUrl, x.bearerTokenEnv, x.rules], ["https://api.x.com", "X_BEARER_TOKEN", [{ value: "quake" }, { value: "vote", tag: "v" }]]);
  const demo = parseSourceSpec({ kind: "demo" });
  assert.deepEqual(demo.kind === "demo" && [demo.seed, demo.speed, demo.hours], [42, 60, 3]);
  assert.throws(() => parseSourceSpec({ kind: "mastodon", url: "https://m.example", stream: "hashtag" }), /'mastodon' source: tag: stream 'hashtag' needs a tag/);
  assert.throws(() => parseSourceSpec({ kind: "rss", feeds: ["ftp://x"] }), /feeds\.0: must be an http\(s\) URL/);
  assert.throws(() => parseSourceSpec({ kind: "telepathy" }), /invalid 'telepathy' source: kind/);
  assert.throws(() => parseSourceSpec({ kind: "bluesky", jetstreamUrl: "http://127.0.0.1:1" }), /ws:\/\/ or wss:\/\//);
  assert.ok(sourceSpecSchema.safeParse({ kind: "replay", file: "a.jsonl", speed: 0 }).success);
});

test("createSource builds each kind; secrets come from the environment", () => {
  assert.equal(createSource({ kind: "bluesky", jetstreamUrl: "ws://127.0.0.1:9/subscribe" }).kind, "bluesky");
  assert.equal(createSource({ kind: "mastodon", url: "http://127.0.0.1:9", tokenEnv: "MT" }, { env: { MT: "t" } }).kind, "mastodon");
  assert.throws(() => createSource({ kind: "mastodon", url: "http://127.0.0.1:9", tokenEnv: "MT" }, { env: {} }), /MT is not set/);
  assert.equal(createSource({ kind: "x", apiUrl: "http://127.0.0.1:9", bearerTokenEnv: "XB" }, { env: { XB: "b" } }).kind, "x");
  assert.equal(createSource({ kind: "rss", feeds: ["http://127.0.0.1:9/f.xml"] }).name, "rss");
  assert.equal(createSource({ kind: "demo", name: "demo-1", hours: 0.1 }).name, "demo-1");
});

test("cursor stores: memory and a JSON file that survives reopening and rejects a corrupt file", () => {
  const dir = mkdtempSync(join(tmpdir(), "candor-cursor-"));
  try {
    const m = new MemoryCursorStore();
    m.set("a", "1");
    assert.equal(m.get("a"), "1");
    const file = join(dir, "sub", "c.json");
    const f = new JsonFileCursorStore(file);
    assert.equal(f.get("bluesky"), undefined);
    f.set("bluesky", "123");
    f.set("rss:http://x", '{"seen":[]}');
    assert.equal(new JsonFileCursorStore(file).get("bluesky"), "123");
    writeFileSync(file, "{nope");
    assert.throws(() => new JsonFileCursorStore(file), /not valid JSON/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("offline language detection maps to 2-letter codes and says und when unsure", () => {
  assert.equal(detectLanguage("The parliament passed the repair act after a long and heated debate tonight."), "en");
  assert.equal(detectLanguage("Le Parlement a adopté la loi sur la réparation après un long débat ce soir."), "fr");
  assert.equal(detectLanguage("今日は朝からずっと雨が降っていて、犬が散歩に行きたがらない。"), "ja");
  assert.equal(detectLanguage("lol ok"), "und");
  assert.equal(detectLanguage("#tag @someone https://example.org/a/b/c"), "und");
});

test("candor ingest writes JSONL with --out and stops at --limit; bad flags are named", async () => {
  const dir = mkdtempSync(join(tmpdir(), "candor-ingest-"));
  const err = console.error;
  console.error = () => {};
  try {
    const out = join(dir, "posts.jsonl");
    assert.equal(await ingest(["--source", "demo", "--speed", "0", "--hours", "0.5", "--limit", "40", "--out", out, "--data", dir]), 0);
    const lines = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(lines.length, 40);
    assert.ok(lines.every((p) => p.source === "demo" && p.id && p.text));
    const again = join(dir, "again.jsonl");
    assert.equal(await ingest(["--source", "replay", "--file", out, "--speed", "0", "--out", again, "--data", dir]), 0);
    assert.equal(readFileSync(again, "utf8"), readFileSync(out, "utf8"));
    // --store feeds the knowledge engine through its ingestInto hook, into the data folder's database.
    assert.equal(await ingest(["--source", "replay", "--file", out, "--speed", "0", "--store", "--quiet", "--data", dir]), 0);
    const db = new Database(join(dir, "candor.db"), { readonly: true });
    try {
      assert.equal((db.prepare("SELECT count(*) AS n FROM knowledge_posts").get() as { n: number }).n, 40);
    } finally {
      db.close();
    }
    await assert.rejects(ingest(["--source", "demo", "--limit", "zero", "--data", dir]), /--limit must be a number/);
    await assert.rejects(ingest(["--source", "nope", "--data", dir]), /unknown --source 'nope'/);
    await assert.rejects(ingest(["--source", "demo", "--bogus", "--data", dir]), /bogus/);
  } finally {
    console.error = err;
    rmSync(dir, { recursive: true, force: true });
  }
});

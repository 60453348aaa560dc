import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeModel, pullModel, resolveModelRef } from "../../../src/models/catalog/model-catalog.js";
import { buildSyntheticGguf } from "../../fixtures/synthetic-gguf.js";

/** A local stand-in for Hugging Face: /resolve/ answers with x-linked-etag and redirects to a CDN path that honours Range. */
let server: Server;
let endpoint: string;
let file: Buffer;
let cutFirstDownloadAt = 0;
let advertiseSha = "";
const requests: { path: string; range?: string }[] = [];

before(async () => {
  file = buildSyntheticGguf({ flavour: "random", embeddingLength: 64, blockCount: 1, feedForwardLength: 128, headCount: 2 });
  advertiseSha = createHash("sha256").update(file).digest("hex");
  server = createServer((req, res) => {
    requests.push({ path: req.url!, range: req.headers.range });
    if (req.url!.includes("/resolve/main/")) {
      if (req.url!.includes("missing")) return res.writeHead(404).end();
      res.writeHead(302, { location: "/cdn/blob", "x-linked-etag": `"${advertiseSha}"`, "x-linked-size": String(file.length) });
      return res.end();
    }
    if (req.url === "/cdn/blob") {
      const m = /bytes=(\d+)-/.exec(req.headers.range ?? "");
      const start = m ? Number(m[1]) : 0;
      const body = file.subarray(start);
      res.writeHead(m ? 206 : 200, { "content-length": String(body.length), ...(m ? { "content-range": `bytes ${start}-${file.length - 1}/${file.length}` } : {}) });
      if (req.method === "HEAD") return res.end();
      if (cutFirstDownloadAt && !m) {
        // Drop the connection part-way, as a flaky network would.
        res.write(body.subarray(0, cutFirstDownloadAt));
        cutFirstDownloadAt = 0;
        setTimeout(() => res.destroy(), 20);
        return;
      }
      return res.end(body);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const a = server.address();
  endpoint = `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

test("references resolve to Hugging Face resolve URLs or plain URLs", () => {
  assert.equal(resolveModelRef("hf:Qwen/Qwen3-1.7B-GGUF/Qwen3-1.7B-Q8_0.gguf").url, "https://huggingface.co/Qwen/Qwen3-1.7B-GGUF/resolve/main/Qwen3-1.7B-Q8_0.gguf");
  assert.equal(resolveModelRef("https://example.invalid/x/model.gguf").fileName, "model.gguf");
  assert.throws(() => resolveModelRef("hf:just-a-name"), /cannot understand/);
});

test("pull downloads, verifies the checksum and lists the model with its metadata", async () => {
  const dir = mkdtempSync(join(tmpdir(), "candor-pull-"));
  try {
    const r = await pullModel("hf:acme/tiny-GGUF/tiny.gguf", { dir, hfEndpoint: endpoint });
    assert.equal(r.verified, true);
    assert.deepEqual(readFileSync(r.file), file);
    const info = await describeModel(r.file);
    assert.equal(info.id, "tiny");
    assert.equal(info.architecture, "qwen3");
    assert.equal(info.contextLength, 4096);
    assert.equal(info.quantisation, "F32");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an interrupted pull resumes from where it stopped with a Range request", async () => {
  const dir = mkdtempSync(join(tmpdir(), "candor-pull-"));
  try {
    cutFirstDownloadAt = Math.floor(file.length / 3);
    await assert.rejects(pullModel("hf:acme/tiny-GGUF/tiny.gguf", { dir, hfEndpoint: endpoint }));
    assert.ok(existsSync(join(dir, "tiny.gguf.partial")));
    const partialSize = statSync(join(dir, "tiny.gguf.partial")).size;
    assert.ok(partialSize > 0 && partialSize < file.length);
    const r = await pullModel("hf:acme/tiny-GGUF/tiny.gguf", { dir, hfEndpoint: endpoint });
    assert.equal(r.resumedFrom, partialSize);
    assert.equal(r.verified, true);
    assert.equal(requests.at(-1)!.range, `bytes=${partialSize}-`);
    assert.deepEqual(readFileSync(r.file), file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a checksum mismatch is refused and the bad download removed", async () => {
  const dir = mkdtempSync(join(tmpdir(), "candor-pull-"));
  const good = advertiseSha;
  advertiseSha = "0".repeat(64);
  try {
    await assert.rejects(pullModel("hf:acme/tiny-GGUF/tiny.gguf", { dir, hfEndpoint: endpoint }), /checksum mismatch/);
    assert.equal(existsSync(join(dir, "tiny.gguf")), false);
    assert.equal(existsSync(join(dir, "tiny.gguf.partial")), false);
  } finally {
    advertiseSha = good;
    rmSync(dir, { recursive: true, force: true });
  }
});

test("missing files and unreadable GGUFs give clear messages", async () => {
  const dir = mkdtempSync(join(tmpdir(), "candor-pull-"));
  try {
    await assert.rejects(pullModel("hf:acme/tiny-GGUF/missing.gguf", { dir, hfEndpoint: endpoint }), /not found: missing.gguf/);
    writeFileSync(join(dir, "broken.gguf"), "not a gguf");
    const info = await describeModel(join(dir, "broken.gguf"));
    assert.match(info.error!, /not a readable GGUF/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

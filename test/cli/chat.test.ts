import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SCRIPTED_TEXT, syntheticModels } from "../fixtures/synthetic-gguf.js";
import { openDatabase } from "../../src/storage/database.js";

const bin = resolve(import.meta.dirname, "../../bin/candor.mjs");

function runChat(args: string[], input: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, "chat", ...args], { env: { ...process.env, ...env, NODE_ENV: "test" }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => done({ code, out, err }));
    child.stdin.end(input);
  });
}

test("candor chat streams the thinking and the answer, and keeps the conversation", async () => {
  const dir = mkdtempSync(join(tmpdir(), "candor-chat-"));
  try {
    syntheticModels.thinking(join(dir, "models"), { name: "thinker" });
    const r = await runChat(["--data", dir, "--mode", "thinking"], "What is the answer?\n/mode fast\nAgain?\n/exit\n");
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /thinking/);
    assert.ok(r.out.includes(SCRIPTED_TEXT.thinkingReasoning), r.out);
    assert.equal(r.out.split(SCRIPTED_TEXT.answer).length - 1, 2, r.out);
    assert.match(r.out, /mode: fast/);
    const db = openDatabase(join(dir, "candor.db"));
    const rows = db.prepare("SELECT role, content, reasoning FROM conversation_messages ORDER BY seq").all() as { role: string; reasoning: string | null }[];
    db.close();
    assert.deepEqual(rows.map((m) => m.role), ["user", "assistant", "user", "assistant"]);
    assert.ok(rows[1]!.reasoning?.includes("Let me think"));
    assert.equal(rows[3]!.reasoning, null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("candor chat with no model says how to add one", async () => {
  const dir = mkdtempSync(join(tmpdir(), "candor-chat-"));
  try {
    const r = await runChat(["--data", dir], "hello\n/exit\n");
    assert.equal(r.code, 0);
    assert.match(r.err, /no model is installed.*models pull/s);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

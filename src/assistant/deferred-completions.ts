import { randomUUID } from "node:crypto";
import { ModelError } from "../models/chat-model.js";
import type { SqliteDatabase } from "../storage/database.js";

export const DEFERRED_TTL_MS = 24 * 60 * 60 * 1000;

export type DeferredResult =
  | { state: "pending" }
  | { state: "missing" }
  | { state: "failed"; error: ModelError }
  | { state: "done"; result: unknown };

/**
 * xAI-style deferred completions: the request returns an id at once, the work runs in the background,
 * and the result is handed out exactly once within 24 h. Results live in SQLite so a restart keeps them;
 * work that was running when the process stopped is marked failed on the next start rather than left pending forever.
 */
export class DeferredCompletions {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {
    db.prepare("UPDATE deferred_completions SET status = 'failed', result = ? WHERE status = 'pending'").run(
      JSON.stringify({ message: "the server restarted before this completion finished", status: 503, code: "interrupted" }),
    );
    this.purge();
  }

  start(work: (signal: AbortSignal) => Promise<unknown>): string {
    const id = randomUUID();
    const t = this.now();
    this.db
      .prepare("INSERT INTO deferred_completions (id, status, created_at, expires_at) VALUES (?, 'pending', ?, ?)")
      .run(id, t, t + DEFERRED_TTL_MS);
    const controller = new AbortController();
    this.running.set(id, controller);
    work(controller.signal)
      .then((result) => {
        this.db.prepare("UPDATE deferred_completions SET status = 'done', result = ? WHERE id = ?").run(JSON.stringify(result), id);
      })
      .catch((err: unknown) => {
        const e = err instanceof ModelError ? err : undefined;
        const body = { message: e?.message ?? "internal error while generating", status: e?.status ?? 500, code: e?.code ?? "internal_error", param: e?.param ?? null };
        this.db.prepare("UPDATE deferred_completions SET status = 'failed', result = ? WHERE id = ?").run(JSON.stringify(body), id);
      })
      .finally(() => this.running.delete(id));
    return id;
  }

  /** The result once: a delivered or expired id is then `missing`. */
  take(id: string): DeferredResult {
    this.purge();
    const row = this.db.prepare("SELECT status, result, delivered FROM deferred_completions WHERE id = ?").get(id) as
      | { status: string; result: string | null; delivered: number }
      | undefined;
    if (!row || row.delivered) return { state: "missing" };
    if (row.status === "pending") return { state: "pending" };
    this.db.prepare("UPDATE deferred_completions SET delivered = 1, result = NULL WHERE id = ?").run(id);
    const parsed = JSON.parse(row.result ?? "null");
    if (row.status === "failed") return { state: "failed", error: new ModelError(parsed.message, parsed.status, parsed.code, parsed.param ?? null) };
    return { state: "done", result: parsed };
  }

  private purge(): void {
    this.db.prepare("DELETE FROM deferred_completions WHERE expires_at < ? OR delivered = 1").run(this.now());
  }

  /** Cancels work still running (graceful shutdown). */
  close(): void {
    for (const c of this.running.values()) c.abort(new Error("server shutting down"));
  }
}

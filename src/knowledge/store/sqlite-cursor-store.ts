import type { Statement } from "better-sqlite3";
import type { SqliteDatabase } from "../../storage/database.js";

/**
 * Where each source keeps its resume point (the `CursorStore` of src/knowledge/sources), in the shared database.
 *
 * While `deferWhile()` is true (the ingest pipeline holds events not yet written), writes are staged and only
 * committed by `commitStaged()` inside the transaction that stores those events: a cursor can never get
 * ahead of the posts it covers, so a crash replays a little instead of skipping anything.
 */
export class SqliteCursorStore {
  deferWhile: (() => boolean) | undefined;
  private readonly staged = new Map<string, string>();
  /** Taken by `takeStaged` for a commit on another connection that has not finished yet */
  private readonly committing = new Map<string, string>();
  private readonly getStmt: Statement<[string]>;
  private readonly setStmt: Statement<[string, string, number]>;

  constructor(private readonly db: SqliteDatabase) {
    this.getStmt = db.prepare("SELECT cursor FROM knowledge_cursors WHERE name = ?");
    this.setStmt = db.prepare(
      "INSERT INTO knowledge_cursors (name, cursor, updated_ms) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor, updated_ms = excluded.updated_ms",
    );
  }

  get(name: string): string | undefined {
    if (this.staged.has(name)) return this.staged.get(name);
    if (this.committing.has(name)) return this.committing.get(name);
    return (this.getStmt.get(name) as { cursor: string } | undefined)?.cursor;
  }

  set(name: string, value: string): void {
    if (this.deferWhile?.()) this.staged.set(name, value);
    else this.setStmt.run(name, value, Date.now());
  }

  /** Writes staged values; call inside the transaction that made them safe. */
  commitStaged(): void {
    const now = Date.now();
    for (const [name, value] of this.staged) this.setStmt.run(name, value, now);
    this.staged.clear();
  }

  /**
   * Hands the staged values to a commit on another connection (the writer thread). Until `committed` or
   * `restage` is called with them, `get` still answers them.
   */
  takeStaged(): [string, string][] {
    const taken = [...this.staged];
    for (const [name, value] of taken) this.committing.set(name, value);
    this.staged.clear();
    return taken;
  }

  /** The values from `takeStaged` are in the database. */
  committed(values: [string, string][]): void {
    for (const [name, value] of values) if (this.committing.get(name) === value) this.committing.delete(name);
  }

  /** The commit of values from `takeStaged` failed: they wait for the next batch, unless a newer value did. */
  restage(values: [string, string][]): void {
    for (const [name, value] of values) {
      if (this.committing.get(name) === value) this.committing.delete(name);
      if (!this.staged.has(name)) this.staged.set(name, value);
    }
  }

  delete(name: string): void {
    this.staged.delete(name);
    this.committing.delete(name);
    this.db.prepare("DELETE FROM knowledge_cursors WHERE name = ?").run(name);
  }

  all(): Record<string, string> {
    const rows = this.db.prepare("SELECT name, cursor FROM knowledge_cursors").all() as { name: string; cursor: string }[];
    return { ...Object.fromEntries(rows.map((r) => [r.name, r.cursor])), ...Object.fromEntries(this.committing), ...Object.fromEntries(this.staged) };
  }
}

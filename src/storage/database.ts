import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

export type SqliteDatabase = Database.Database;

/** One migration of one area. Areas own their tables; ids must be unique per area and never change once released. */
export interface Migration {
  area: string;
  id: number;
  sql: string;
}

/**
 * Opens the SQLite file every area shares (WAL so readers never block the writer) and applies pending migrations.
 * `:memory:` is accepted for tests that do not care about durability.
 */
export function openDatabase(file: string, migrations: Migration[] = []): SqliteDatabase {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db, migrations);
  return db;
}

export function migrate(db: SqliteDatabase, migrations: Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    area TEXT NOT NULL, id INTEGER NOT NULL, applied_at TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (area, id))`);
  const applied = new Set(
    (db.prepare("SELECT area, id FROM schema_migrations").all() as { area: string; id: number }[]).map((r) => `${r.area}:${r.id}`),
  );
  const pending = migrations.filter((m) => !applied.has(`${m.area}:${m.id}`)).sort((a, b) => a.area.localeCompare(b.area) || a.id - b.id);
  const record = db.prepare("INSERT INTO schema_migrations (area, id) VALUES (?, ?)");
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.area, m.id);
    })();
  }
}

import type { Migration } from "../storage/database.js";

export const accessMigrations: Migration[] = [
  {
    area: "access",
    id: 1,
    sql: `
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        -- HMAC-SHA256(salt, secret): the secret is 192 random bits, so a fast keyed hash is enough and keeps auth cheap.
        salt BLOB NOT NULL,
        hash BLOB NOT NULL,
        scopes TEXT NOT NULL,
        rpm INTEGER,
        tpm INTEGER,
        created_at TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at TEXT
      );
      CREATE TABLE usage_events (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        key_id TEXT,
        model TEXT NOT NULL,
        provider TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        status INTEGER NOT NULL,
        prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        reasoning_tokens INTEGER NOT NULL,
        cached_tokens INTEGER NOT NULL,
        latency_ms INTEGER NOT NULL
      );
      CREATE INDEX usage_events_at ON usage_events (at);
      CREATE INDEX usage_events_key_at ON usage_events (key_id, at);
    `,
  },
];

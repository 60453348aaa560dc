import type { Migration } from "../storage/database.js";

export const assistantMigrations: Migration[] = [
  {
    area: "assistant",
    id: 1,
    sql: `
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL DEFAULT '',
        model TEXT,
        mode TEXT,
        persona TEXT,
        instructions TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE conversation_messages (
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        role TEXT NOT NULL,
        content TEXT NOT NULL,
        reasoning TEXT,
        tool_calls TEXT,
        tool_call_id TEXT,
        citations TEXT,
        meta TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (conversation_id, seq)
      );
      CREATE TABLE stored_responses (
        id TEXT PRIMARY KEY,
        previous_id TEXT,
        body TEXT NOT NULL,
        messages TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE deferred_completions (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        result TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        delivered INTEGER NOT NULL DEFAULT 0
      );
    `,
  },
];

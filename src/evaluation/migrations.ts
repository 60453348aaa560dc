import type { Migration } from "../storage/database.js";

/** Arena battles. Style features get their own columns because the leaderboard reads them for every battle. */
export const evaluationMigrations: Migration[] = [
  {
    area: "evaluation",
    id: 1,
    sql: `
      CREATE TABLE arena_battles (
        id TEXT PRIMARY KEY,
        -- seconds since the epoch, fractional (LMArena's tstamp)
        tstamp REAL NOT NULL,
        model_a TEXT NOT NULL,
        model_b TEXT NOT NULL,
        -- JSON arrays of {role, content}: the shared prompt turns followed by each model's answers
        conversation_a TEXT NOT NULL,
        conversation_b TEXT NOT NULL,
        turn INTEGER NOT NULL DEFAULT 1,
        anony INTEGER NOT NULL DEFAULT 1,
        language TEXT,
        question_id TEXT,
        winner TEXT CHECK (winner IN ('A', 'B', 'tie', 'both_bad')),
        voter_kind TEXT CHECK (voter_kind IN ('human', 'judge')),
        -- who voted: a judge model id, or a label for a person
        judge TEXT,
        voted_at REAL,
        style_a_tokens REAL, style_a_headers REAL, style_a_lists REAL, style_a_bold REAL,
        style_b_tokens REAL, style_b_headers REAL, style_b_lists REAL, style_b_bold REAL,
        -- arena (API), tournament (judge-only run) or import (JSONL)
        source TEXT NOT NULL,
        -- fingerprint of an imported row, so importing the same file twice adds nothing
        import_key TEXT UNIQUE,
        meta TEXT
      );
      CREATE INDEX arena_battles_by_time ON arena_battles (tstamp);
      CREATE INDEX arena_battles_by_pair ON arena_battles (model_a, model_b);
    `,
  },
];

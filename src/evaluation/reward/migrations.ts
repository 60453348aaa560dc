import type { Migration } from "../../storage/database.js";

/**
 * Tables of the graders and the reward model (area "reward"): judge verdicts for position-bias and
 * self-preference reports, graded preference pairs (for DPO export and reward training), and versioned reward models.
 */
export const rewardMigrations: Migration[] = [
  {
    area: "reward",
    id: 1,
    sql: `
      CREATE TABLE judge_verdicts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        rubric TEXT NOT NULL,
        item_id TEXT,
        judge TEXT NOT NULL,
        judge_family TEXT NOT NULL,
        model_a TEXT,
        model_b TEXT,
        family_a TEXT,
        family_b TEXT,
        -- winners in contestant terms ('a','b','tie','both_bad') when A was shown first, and when B was
        a_first_winner TEXT NOT NULL,
        b_first_winner TEXT NOT NULL,
        verdict TEXT NOT NULL,
        position_flip INTEGER NOT NULL
      );
      CREATE INDEX judge_verdicts_judge ON judge_verdicts (judge);
      CREATE TABLE graded_pairs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        source TEXT NOT NULL,
        rubric TEXT,
        judge TEXT,
        prompt TEXT NOT NULL,
        chosen TEXT NOT NULL,
        rejected TEXT NOT NULL,
        chosen_model TEXT,
        rejected_model TEXT
      );
      CREATE TABLE reward_models (
        version INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        featurizer TEXT NOT NULL,
        dims INTEGER NOT NULL,
        weights BLOB NOT NULL,
        metrics TEXT NOT NULL,
        source TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 0
      );
      CREATE UNIQUE INDEX reward_models_one_active ON reward_models (active) WHERE active = 1;
    `,
  },
];

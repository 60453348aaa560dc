/** Versioned reward models in the shared SQLite database; at most one is active (used for best-of-N). */
import type { SqliteDatabase } from "../../storage/database.js";
import type { ModelRegistry } from "../../models/model-registry.js";
import { Featurizer, RewardModel, type FeaturizerSpec } from "./reward-model.js";

export interface RewardMetrics {
  pairs: number;
  trainPairs: number;
  heldOutPairs: number;
  trainAccuracy: number;
  /** null when there were too few pairs to hold any out. */
  heldOutAccuracy: number | null;
  l2: number;
  epochs: number;
  seed: number;
}

export interface RewardModelRecord {
  version: number;
  createdAt: string;
  featurizer: FeaturizerSpec;
  dims: number;
  metrics: RewardMetrics;
  source: string;
  active: boolean;
}

interface Row {
  version: number;
  created_at: string;
  featurizer: string;
  dims: number;
  weights: Buffer;
  metrics: string;
  source: string;
  active: number;
}

function toRecord(r: Row): RewardModelRecord {
  return { version: r.version, createdAt: r.created_at, featurizer: JSON.parse(r.featurizer), dims: r.dims, metrics: JSON.parse(r.metrics), source: r.source, active: r.active === 1 };
}

export function saveRewardModel(db: SqliteDatabase, spec: FeaturizerSpec, weights: Float64Array, metrics: RewardMetrics, source: string, activate = true): number {
  return db.transaction(() => {
    if (activate) db.prepare("UPDATE reward_models SET active = 0 WHERE active = 1").run();
    const info = db
      .prepare("INSERT INTO reward_models (featurizer, dims, weights, metrics, source, active) VALUES (?, ?, ?, ?, ?, ?)")
      .run(JSON.stringify(spec), weights.length, Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength), JSON.stringify(metrics), source, activate ? 1 : 0);
    return Number(info.lastInsertRowid);
  })();
}

export function listRewardModels(db: SqliteDatabase): RewardModelRecord[] {
  return (db.prepare("SELECT version, created_at, featurizer, dims, weights, metrics, source, active FROM reward_models ORDER BY version").all() as Row[]).map(toRecord);
}

export function activateRewardModel(db: SqliteDatabase, version: number): void {
  db.transaction(() => {
    const exists = db.prepare("SELECT 1 FROM reward_models WHERE version = ?").get(version);
    if (!exists) throw new Error(`no reward model version ${version}; see \`candor eval reward list\``);
    db.prepare("UPDATE reward_models SET active = 0 WHERE active = 1").run();
    db.prepare("UPDATE reward_models SET active = 1 WHERE version = ?").run(version);
  })();
}

/** The given version, or the active one; undefined when there is none. */
export function loadRewardModel(db: SqliteDatabase, models: ModelRegistry | undefined, version?: number): RewardModel | undefined {
  const row = (
    version === undefined
      ? db.prepare("SELECT * FROM reward_models WHERE active = 1").get()
      : db.prepare("SELECT * FROM reward_models WHERE version = ?").get(version)
  ) as Row | undefined;
  if (!row) return undefined;
  const buf = row.weights;
  // Copy out of the driver's buffer: its memory may be reused, and Float64Array needs 8-byte alignment.
  const weights = new Float64Array(buf.byteLength / 8);
  new Uint8Array(weights.buffer).set(buf);
  return new RewardModel(new Featurizer(JSON.parse(row.featurizer), models), weights, row.version);
}

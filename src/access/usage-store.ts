import type { SqliteDatabase } from "../storage/database.js";

export interface UsageRecord {
  keyId: string | null;
  model: string;
  provider: string;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  cachedTokens: number;
  latencyMs: number;
  status: number;
  endpoint: string;
  /** Epoch ms; now when absent. */
  at?: number;
}

export type UsageGroupBy = "key" | "model" | "provider";

export interface UsageQuery {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  groupBy: UsageGroupBy;
}

export interface UsageRow {
  /** Key id, model id or provider name; null for requests made without a key (loopback, no keys yet). */
  group: string | null;
  /** Key name when grouping by key. */
  name?: string | null;
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  cachedTokens: number;
  totalTokens: number;
  avgLatencyMs: number;
  maxLatencyMs: number;
}

const GROUP_COLUMN: Record<UsageGroupBy, string> = { key: "u.key_id", model: "u.model", provider: "u.provider" };

/** One row per request in SQLite; summaries are aggregate queries over a time range. */
export class UsageStore {
  private readonly insert;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare(
      `INSERT INTO usage_events (at, key_id, model, provider, endpoint, status, prompt_tokens, completion_tokens, reasoning_tokens, cached_tokens, latency_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  record(r: UsageRecord): void {
    const n = (v: number) => (Number.isFinite(v) && v > 0 ? Math.round(v) : 0);
    this.insert.run(
      r.at ?? Date.now(),
      r.keyId,
      String(r.model || "(unknown)"),
      String(r.provider || "(unknown)"),
      String(r.endpoint || "(unknown)"),
      Math.round(r.status) || 0,
      n(r.promptTokens),
      n(r.completionTokens),
      n(r.reasoningTokens),
      n(r.cachedTokens),
      n(r.latencyMs),
    );
  }

  summarize(q: UsageQuery): UsageRow[] {
    const col = GROUP_COLUMN[q.groupBy];
    const rows = this.db
      .prepare(
        `SELECT ${col} AS grp, ${q.groupBy === "key" ? "MAX(k.name)" : "NULL"} AS name,
                COUNT(*) AS requests, SUM(u.status >= 400) AS errors,
                SUM(u.prompt_tokens) AS prompt, SUM(u.completion_tokens) AS completion,
                SUM(u.reasoning_tokens) AS reasoning, SUM(u.cached_tokens) AS cached,
                AVG(u.latency_ms) AS avg_latency, MAX(u.latency_ms) AS max_latency
         FROM usage_events u LEFT JOIN api_keys k ON k.id = u.key_id
         WHERE u.at >= ? AND u.at < ?
         GROUP BY ${col}
         ORDER BY requests DESC, grp`,
      )
      .all(q.from, q.to) as {
      grp: string | null;
      name: string | null;
      requests: number;
      errors: number;
      prompt: number;
      completion: number;
      reasoning: number;
      cached: number;
      avg_latency: number;
      max_latency: number;
    }[];
    return rows.map((r) => ({
      group: r.grp,
      ...(q.groupBy === "key" ? { name: r.name } : {}),
      requests: r.requests,
      errors: r.errors,
      promptTokens: r.prompt,
      completionTokens: r.completion,
      reasoningTokens: r.reasoning,
      cachedTokens: r.cached,
      totalTokens: r.prompt + r.completion,
      avgLatencyMs: Math.round(r.avg_latency),
      maxLatencyMs: r.max_latency,
    }));
  }
}

/** Accepts ISO 8601 dates/times, or Unix time in seconds (as OpenAI's usage API does). */
export function parseTime(value: string, param: string): number {
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new RangeError(`${param} must be an ISO 8601 date/time (2025-01-31, 2025-01-31T12:00:00Z) or Unix seconds, got '${value}'`);
  return t;
}

import { randomUUID } from "node:crypto";
import type { SqliteDatabase } from "../../storage/database.js";
import type { Post } from "../post.js";
import type { PostObserver } from "../ingest-pipeline.js";
import type { TokenizedText } from "../analysis/text.js";
import { formatDuration, parseDuration } from "../config.js";

export type AlertCondition = "volume_spike" | "sentiment_swing";

export interface AlertSpec {
  /** "#tag" watches a hashtag; anything else is a keyword or phrase matched on the post's words */
  topic: string;
  condition: AlertCondition;
  /**
   * volume_spike: how many times the usual volume (unique authors per window) counts as a spike, e.g. 3.
   * sentiment_swing: how far the window's average sentiment must move from the baseline, e.g. 0.3 (scale −1…1).
   */
  threshold: number;
  /** e.g. "15m" */
  window: string;
  /** Posts (unique authors) needed in the window before the alert can fire */
  minPosts?: number;
  /** Where Candor POSTs the alert as JSON */
  url: string;
}

export interface Alert extends Required<AlertSpec> {
  id: string;
  matchKind: "hashtag" | "keyword";
  createdAt: string;
  lastFiredAt: string | null;
  fireCount: number;
  lastDelivery: string | null;
}

export interface AlertFiring {
  alert: { id: string; topic: string; condition: AlertCondition; threshold: number; window: string };
  firedAt: string;
  reason: string;
  observed: number;
  expected: number;
  sentiment: number | null;
  baselineSentiment: number | null;
  samplePostIds: string[];
  sampleUrls: string[];
}

export class AlertValidationError extends Error {
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message);
    this.name = "AlertValidationError";
  }
}

interface Sighting {
  ms: number;
  author: string;
  sentiment: number | null;
  postId: string;
  url: string;
}

interface AlertState {
  alert: Alert;
  words: string[];
  sightings: Sighting[];
  lastEvalMs: number;
}

interface AlertRow {
  id: string;
  topic: string;
  match_kind: string;
  condition: string;
  threshold: number;
  window_ms: number;
  min_posts: number;
  url: string;
  created_ms: number;
  last_fired_ms: number | null;
  fire_count: number;
  last_delivery: string | null;
}

/** Windows of history before the current one that form an alert's baseline. */
const BASELINE_WINDOWS = 4;
const MAX_SIGHTINGS = 50_000;
/** Stream time between two evaluations of one alert */
const EVAL_EVERY_MS = 5000;

/**
 * Webhook alerts on a hashtag or keyword: a volume spike (unique authors in the window vs the mean of the
 * windows before it) or a sentiment swing (window average vs baseline average), evaluated in stream time as
 * batches arrive. After firing, an alert re-arms once a whole window has passed.
 */
export class AlertManager implements PostObserver {
  private readonly alerts = new Map<string, AlertState>();
  private lastTickMs = -Infinity;
  private readonly inflight = new Set<Promise<void>>();
  private listeners = new Set<(f: AlertFiring) => void>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly opts: { log?: (line: string) => void; fetch?: typeof fetch; deliveryTimeoutMs?: number } = {},
  ) {
    for (const row of db.prepare("SELECT * FROM knowledge_alerts ORDER BY created_ms").all() as AlertRow[]) {
      const alert = fromRow(row);
      this.alerts.set(alert.id, { alert, words: keywordWords(alert.topic), sightings: [], lastEvalMs: -Infinity });
    }
  }

  onFire(listener: (f: AlertFiring) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  create(spec: unknown): Alert {
    const s = validate(spec);
    const topic = s.topic.trim();
    const alert: Alert = {
      id: "alert_" + randomUUID().replace(/-/g, "").slice(0, 20),
      topic,
      condition: s.condition,
      threshold: s.threshold,
      window: s.window,
      minPosts: s.minPosts ?? 5,
      url: s.url,
      matchKind: topic.startsWith("#") ? "hashtag" : "keyword",
      createdAt: new Date().toISOString(),
      lastFiredAt: null,
      fireCount: 0,
      lastDelivery: null,
    };
    this.db
      .prepare(
        `INSERT INTO knowledge_alerts (id, topic, match_kind, condition, threshold, window_ms, min_posts, url, created_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(alert.id, alert.topic, alert.matchKind, alert.condition, alert.threshold, parseDuration(alert.window)!, alert.minPosts, alert.url, Date.parse(alert.createdAt));
    this.alerts.set(alert.id, { alert, words: keywordWords(topic), sightings: [], lastEvalMs: -Infinity });
    return alert;
  }

  list(): Alert[] {
    return [...this.alerts.values()].map((a) => ({ ...a.alert }));
  }

  get(id: string): Alert | undefined {
    const a = this.alerts.get(id);
    return a ? { ...a.alert } : undefined;
  }

  delete(id: string): boolean {
    const had = this.alerts.delete(id);
    this.db.prepare("DELETE FROM knowledge_alerts WHERE id = ?").run(id);
    return had;
  }

  observe(post: Post, text: TokenizedText, sentiment: number | null, ms: number): void {
    for (const entry of this.alerts.values()) {
      if (!matches(entry.alert, entry.words, post, text)) continue;
      entry.sightings.push({ ms, author: post.author.id, sentiment, postId: post.id, url: post.url });
      if (entry.sightings.length > MAX_SIGHTINGS) entry.sightings.splice(0, entry.sightings.length - MAX_SIGHTINGS);
      // Evaluate as matching posts arrive, so a replay fires at the stream time of the spike, not at the end of a batch.
      if (ms - entry.lastEvalMs >= EVAL_EVERY_MS) this.evaluate(entry, ms);
    }
  }

  /** Evaluates every alert at the stream clock (quiet periods matter to sentiment and baselines too). */
  tick(clockMs: number): void {
    if (clockMs - this.lastTickMs < EVAL_EVERY_MS) return;
    this.lastTickMs = clockMs;
    for (const entry of this.alerts.values()) if (clockMs - entry.lastEvalMs >= EVAL_EVERY_MS) this.evaluate(entry, clockMs);
  }

  /** Waits for webhook deliveries in flight (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  private evaluate(entry: AlertState, now: number): void {
    entry.lastEvalMs = now;
    const a = entry.alert;
    const w = parseDuration(a.window)!;
    const horizon = now - w * (BASELINE_WINDOWS + 1);
    let drop = 0;
    while (drop < entry.sightings.length && entry.sightings[drop]!.ms < horizon) drop++;
    if (drop) entry.sightings.splice(0, drop);
    if (a.lastFiredAt && now - Date.parse(a.lastFiredAt) < w) return;
    const windowStart = now - w;
    const current = entry.sightings.filter((s) => s.ms > windowStart && s.ms <= now);
    const baseline = entry.sightings.filter((s) => s.ms <= windowStart);
    const authors = new Set(current.map((s) => s.author)).size;
    if (authors < a.minPosts) return;
    const earliest = entry.sightings[0]?.ms ?? now;
    // Mean unique authors per window over the baseline history actually seen (young streams have less).
    const baselineSpan = Math.max(w, Math.min(windowStart - earliest, w * BASELINE_WINDOWS));
    const baselineAuthors = uniquePerWindow(baseline, w);
    const expected = (baselineAuthors * w) / baselineSpan;
    const avg = (xs: Sighting[]) => {
      const scored = xs.filter((s) => s.sentiment !== null);
      return scored.length ? scored.reduce((t, s) => t + s.sentiment!, 0) / scored.length : null;
    };
    const sentiment = avg(current);
    const baselineSentiment = avg(baseline);
    let reason: string | undefined;
    if (a.condition === "volume_spike") {
      if (authors >= a.threshold * Math.max(expected, 1)) reason = `${authors} authors in ${a.window} vs ${expected.toFixed(1)} expected (threshold ${a.threshold}×)`;
    } else if (sentiment !== null && baselineSentiment !== null && baseline.filter((s) => s.sentiment !== null).length >= a.minPosts) {
      const delta = sentiment - baselineSentiment;
      if (Math.abs(delta) >= a.threshold) reason = `average sentiment moved ${delta >= 0 ? "+" : ""}${delta.toFixed(2)} (from ${baselineSentiment.toFixed(2)} to ${sentiment.toFixed(2)})`;
    }
    if (!reason) return;
    a.lastFiredAt = new Date(now).toISOString();
    a.fireCount++;
    const samples = current.slice(-5);
    const firing: AlertFiring = {
      alert: { id: a.id, topic: a.topic, condition: a.condition, threshold: a.threshold, window: a.window },
      firedAt: a.lastFiredAt,
      reason,
      observed: authors,
      expected: Math.round(expected * 100) / 100,
      sentiment: sentiment === null ? null : Math.round(sentiment * 1000) / 1000,
      baselineSentiment: baselineSentiment === null ? null : Math.round(baselineSentiment * 1000) / 1000,
      samplePostIds: samples.map((s) => s.postId),
      sampleUrls: samples.map((s) => s.url),
    };
    this.db.prepare("UPDATE knowledge_alerts SET last_fired_ms = ?, fire_count = ? WHERE id = ?").run(now, a.fireCount, a.id);
    // Alerts are evaluated inside ingest: a listener that throws must not fail the batch being analysed.
    for (const l of this.listeners) {
      try {
        l(firing);
      } catch (err) {
        this.opts.log?.(`knowledge: alert listener failed: ${(err as Error).message}`);
      }
    }
    const p = this.deliver(a, firing).finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  private async deliver(a: Alert, firing: AlertFiring): Promise<void> {
    const doFetch = this.opts.fetch ?? fetch;
    let outcome: string;
    try {
      const res = await doFetch(a.url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "candor-alerts" },
        body: JSON.stringify(firing),
        signal: AbortSignal.timeout(this.opts.deliveryTimeoutMs ?? 5000),
      });
      await res.body?.cancel();
      outcome = `${res.ok ? "delivered" : "rejected"}: HTTP ${res.status} at ${new Date().toISOString()}`;
    } catch (err) {
      outcome = `failed: ${(err as Error).message} at ${new Date().toISOString()}`;
      this.opts.log?.(`knowledge: alert ${a.id} could not be delivered to ${a.url}: ${(err as Error).message}`);
    }
    a.lastDelivery = outcome;
    try {
      this.db.prepare("UPDATE knowledge_alerts SET last_delivery = ? WHERE id = ?").run(outcome, a.id);
    } catch {
      // The database may be closed by a shutdown racing the delivery; the outcome is only informative.
    }
  }
}

function uniquePerWindow(sightings: Sighting[], w: number): number {
  // Authors are unique within each window-sized slice, as in the current window.
  const seen = new Set<string>();
  for (const s of sightings) seen.add(Math.floor(s.ms / w) + "\u0000" + s.author);
  return seen.size;
}

function keywordWords(topic: string): string[] {
  return topic.startsWith("#") ? [] : (topic.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

function matches(a: Alert, words: string[], post: Post, text: TokenizedText): boolean {
  if (a.matchKind === "hashtag") return post.hashtags.includes(a.topic.slice(1).toLowerCase());
  if (words.length === 0) return false;
  const w = text.words;
  outer: for (let i = 0; i + words.length <= w.length; i++) {
    for (let j = 0; j < words.length; j++) if (w[i + j] !== words[j]) continue outer;
    return true;
  }
  return false;
}

function validate(spec: unknown): AlertSpec {
  if (!spec || typeof spec !== "object" || Array.isArray(spec)) throw new AlertValidationError("the alert must be a JSON object", "body");
  const s = spec as Record<string, unknown>;
  if (typeof s.topic !== "string" || !s.topic.trim() || s.topic.length > 200) throw new AlertValidationError("topic must be a hashtag ('#tag') or keyword of 1–200 characters", "topic");
  if (!/[\p{L}\p{N}]/u.test(s.topic)) throw new AlertValidationError("topic must contain a letter or digit", "topic");
  if (s.condition !== "volume_spike" && s.condition !== "sentiment_swing") throw new AlertValidationError("condition must be 'volume_spike' or 'sentiment_swing'", "condition");
  if (typeof s.threshold !== "number" || !Number.isFinite(s.threshold) || s.threshold <= 0) throw new AlertValidationError("threshold must be a positive number", "threshold");
  if (s.condition === "sentiment_swing" && s.threshold > 2) throw new AlertValidationError("a sentiment_swing threshold is a change on the −1…1 scale, at most 2", "threshold");
  const window = s.window === undefined ? "15m" : s.window;
  if (typeof window !== "string" || parseDuration(window) === undefined) throw new AlertValidationError("window must be a duration like '15m' or '1h'", "window");
  if (s.minPosts !== undefined && (typeof s.minPosts !== "number" || !Number.isInteger(s.minPosts) || s.minPosts < 1)) throw new AlertValidationError("minPosts must be a positive integer", "minPosts");
  if (typeof s.url !== "string") throw new AlertValidationError("url is required: where to POST the alert", "url");
  let u: URL;
  try {
    u = new URL(s.url);
  } catch {
    throw new AlertValidationError(`url is not a valid URL: '${s.url}'`, "url");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new AlertValidationError("url must be http or https", "url");
  const known = new Set(["topic", "condition", "threshold", "window", "minPosts", "url"]);
  for (const k of Object.keys(s)) if (!known.has(k)) throw new AlertValidationError(`unknown field '${k}'`, k);
  return { topic: s.topic, condition: s.condition, threshold: s.threshold, window, minPosts: s.minPosts as number | undefined, url: s.url };
}

function fromRow(r: AlertRow): Alert {
  return {
    id: r.id,
    topic: r.topic,
    matchKind: r.match_kind === "hashtag" ? "hashtag" : "keyword",
    condition: r.condition as AlertCondition,
    threshold: r.threshold,
    window: formatDuration(r.window_ms),
    minPosts: r.min_posts,
    url: r.url,
    createdAt: new Date(r.created_ms).toISOString(),
    lastFiredAt: r.last_fired_ms ? new Date(r.last_fired_ms).toISOString() : null,
    fireCount: r.fire_count,
    lastDelivery: r.last_delivery,
  };
}


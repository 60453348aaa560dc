import type { Statement } from "better-sqlite3";
import type { ChatModel } from "../../models/chat-model.js";
import type { SqliteDatabase } from "../../storage/database.js";
import { normaliseVector, type SqliteVectorIndex, type VectorWrite } from "../store/vector-index.js";

export interface PostEmbedderOptions {
  db: SqliteDatabase;
  index: SqliteVectorIndex;
  /** The configured model id: what the index records, so another model means a rebuild */
  modelId: string;
  /** Finds the model; undefined while it is not installed (asked again later, so a model pulled while serving is picked up) */
  resolveModel: () => ChatModel | undefined;
  /** Posts per embed call (default 32) */
  batchSize?: number;
  /** Newest posts waiting for a vector (default 5,000) */
  queue?: number;
  /** Newest stored posts embedded on start (default 20,000) */
  backfill?: number;
  /** Vectors kept, newest first (default 200,000) */
  maxVectors?: number;
  documentPrefix?: string;
  queryPrefix?: string;
  log?: (line: string) => void;
  /** Wall ms between looks for new posts when nothing woke it (default 1,000) */
  pollMs?: number;
}

export type EmbedderState = "waiting_for_model" | "embedding" | "idle" | "error" | "stopped";

export interface EmbeddingStats {
  model: string;
  state: EmbedderState;
  /** Dimension of the stored vectors (learned from the model's first vector) */
  dimension: number | null;
  postsEmbedded: number;
  /** Posts waiting in the queue */
  queued: number;
  /** Posts dropped from the queue because the model was slower than the stream; embedded later, newest first, when it catches up */
  skipped: number;
  /** Posts the model could not embed */
  failed: number;
  /** Posts embedded per second of wall time over the last minute */
  postsPerSecond: number;
  /** Share of the newest `coverageWindow` original posts (copies are never embedded) that have a vector */
  coverage: number;
  coverageWindow: number;
  /** True once every stored post within `backfill` has been looked at */
  backfillDone: boolean;
  lastError: string | null;
}

interface Pending {
  pk: number;
  createdMs: number;
  text: string;
}

const COVERAGE_WINDOW = 1000;
/** Rows one fill step may walk past (already embedded ones included), so a step never stalls the event loop. */
const FILL_SCAN = 50_000;
const QUERY_CACHE = 256;

/**
 * Embeds stored posts in the background and keeps the vector index (store/vector-index.ts) in step.
 *
 * Off the ingest path: the pipeline never waits for it. It learns of new posts from the database (rows above the
 * highest pk it has seen; `notify()` after each committed batch just wakes it), so it sees exactly what was committed,
 * whichever thread committed it. Newest posts first: each look takes the newest `queue` new posts and puts them at the
 * front; when the model is slower than the stream, the oldest queued posts fall off the end and are counted as
 * skipped. When the queue is empty it fills gaps (skipped posts, edited posts, the start-up backfill) walking down
 * from the newest unembedded post, so coverage of recent posts recovers first.
 */
export class PostEmbedder {
  private readonly opts: Required<Omit<PostEmbedderOptions, "db" | "index" | "resolveModel">>;
  private readonly db: SqliteDatabase;
  private readonly index: SqliteVectorIndex;
  private readonly resolveModel: () => ChatModel | undefined;
  private queue: Pending[] = [];
  /** Highest pk already looked at by `pull` */
  private highPk: number;
  /** The fill walks down from here to `horizon` */
  private fillFrom: number;
  private horizon: number;
  private readonly failedPks = new Set<number>();
  private counters = { skipped: 0, failed: 0 };
  private recent: { at: number; n: number }[] = [];
  private state_: EmbedderState = "waiting_for_model";
  private lastError: string | null = null;
  private loggedMissing = false;
  private closed = false;
  private wake: (() => void) | undefined;
  private pullScheduled = false;
  /** Resolved when a step that started after they were added finds nothing to do */
  private idleWaiters: { after: number; resolve: () => void }[] = [];
  private steps = 0;
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private coverageCache: { at: number; value: number } | undefined;
  private readonly queryCache = new Map<string, Float32Array>();
  private readonly pullStmt: Statement;
  private readonly fillStmt: Statement;
  private readonly maxPkStmt: Statement<[]>;

  constructor(options: PostEmbedderOptions) {
    this.db = options.db;
    this.index = options.index;
    this.resolveModel = options.resolveModel;
    this.opts = {
      modelId: options.modelId,
      batchSize: options.batchSize ?? 32,
      queue: options.queue ?? 5_000,
      backfill: options.backfill ?? 20_000,
      maxVectors: options.maxVectors ?? 200_000,
      documentPrefix: options.documentPrefix ?? "",
      queryPrefix: options.queryPrefix ?? "",
      log: options.log ?? (() => {}),
      pollMs: options.pollMs ?? 1_000,
    };
    this.pullStmt = this.db.prepare(
      "SELECT pk, created_ms, text, alt_text FROM knowledge_posts WHERE pk > @low AND pk <= @high AND duplicate_of IS NULL ORDER BY pk DESC LIMIT @n",
    );
    this.fillStmt = this.db.prepare(`SELECT p.pk AS pk, p.created_ms AS created_ms, p.text AS text, p.alt_text AS alt_text FROM knowledge_posts p
      WHERE p.pk <= @from AND p.pk > @floor AND p.duplicate_of IS NULL
        AND NOT EXISTS (SELECT 1 FROM knowledge_post_vectors v WHERE v.pk = p.pk)
      ORDER BY p.pk DESC LIMIT @n`);
    this.maxPkStmt = this.db.prepare("SELECT coalesce(max(pk), 0) AS pk FROM knowledge_posts");
    this.index.forgetOtherModels(this.opts.modelId);
    this.highPk = this.maxPk();
    this.fillFrom = this.highPk;
    this.horizon = this.backfillHorizon();
  }

  get modelId(): string {
    return this.opts.modelId;
  }

  /** Starts the background loop. */
  start(): this {
    this.loop ??= this.run();
    return this;
  }

  /**
   * New posts were committed (or deleted): look now rather than at the next poll. Called on the ingest path, so it
   * only schedules: the look runs after the current batch, and several batches in a row share one.
   */
  notify(): void {
    this.wake?.();
    if (this.pullScheduled || this.closed) return;
    this.pullScheduled = true;
    // Queue new posts even while a batch is with the model, so the queue (and what it skips) follows the stream.
    setImmediate(() => {
      this.pullScheduled = false;
      if (!this.closed) this.pull();
    });
  }

  /** Resolves once nothing is left to embed (tests, benchmarks); wakes the loop to look first. */
  whenIdle(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters.push({ after: this.steps, resolve });
      this.start();
      this.notify();
    });
  }

  /** True when hybrid search can run: vectors of this model exist and the model is there to embed the query. */
  available(): boolean {
    return this.index.holds(this.opts.modelId) && !!this.model();
  }

  /** The query's unit vector (recent queries are cached: the assistant and the web app repeat them). */
  async embedQuery(text: string, signal?: AbortSignal): Promise<Float32Array> {
    const cached = this.queryCache.get(text);
    if (cached) {
      this.queryCache.delete(text);
      this.queryCache.set(text, cached);
      return cached;
    }
    const model = this.model();
    if (!model?.embed) throw new Error(`embedding model '${this.opts.modelId}' is not available`);
    const { embeddings } = await model.embed([this.opts.queryPrefix + text], { signal });
    if (!embeddings[0]?.length) throw new Error(`embedding model '${this.opts.modelId}' returned no vector`);
    const v = normaliseVector(Float32Array.from(embeddings[0]));
    if (this.queryCache.size >= QUERY_CACHE) this.queryCache.delete(this.queryCache.keys().next().value!);
    this.queryCache.set(text, v);
    return v;
  }

  stats(): EmbeddingStats {
    const now = Date.now();
    this.recent = this.recent.filter((r) => now - r.at < 60_000);
    // At least a second: one batch that just finished is not a rate.
    const span = this.recent.length ? Math.max(1000, now - this.recent[0]!.at) / 1000 : 1;
    return {
      model: this.opts.modelId,
      state: this.state_,
      dimension: this.index.state()?.model === this.opts.modelId ? this.index.state()!.dimension : null,
      postsEmbedded: this.index.count,
      queued: this.queue.length,
      skipped: this.counters.skipped,
      failed: this.counters.failed,
      postsPerSecond: Number((this.recent.reduce((s, r) => s + r.n, 0) / span).toFixed(1)),
      coverage: this.coverage(),
      coverageWindow: COVERAGE_WINDOW,
      backfillDone: this.fillFrom <= this.horizon && this.queue.length === 0,
      lastError: this.lastError,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.state_ = "stopped";
    this.abort.abort();
    this.wake?.();
    await this.loop?.catch(() => {});
    for (const w of this.idleWaiters.splice(0)) w.resolve();
  }

  private model(): ChatModel | undefined {
    const m = this.resolveModel();
    if (m && !m.embed) {
      this.setError(`model '${this.opts.modelId}' cannot compute embeddings`);
      return undefined;
    }
    return m;
  }

  private async run(): Promise<void> {
    let backoffMs = 1000;
    while (!this.closed) {
      let worked = false;
      const step = ++this.steps;
      try {
        worked = await this.step();
        backoffMs = 1000;
      } catch (err) {
        if (this.closed) break;
        this.setError((err as Error).message);
        this.state_ = "error";
        await this.sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 60_000);
        continue;
      }
      if (this.closed) break;
      if (worked) {
        // One batch per turn of the event loop: HTTP requests and ingest batches run in between.
        await new Promise((r) => setImmediate(r));
        continue;
      }
      this.idleWaiters = this.idleWaiters.filter((w) => {
        if (w.after >= step) return true;
        w.resolve();
        return false;
      });
      // A waiter added during this step needs one more look before it can be told "idle".
      if (this.idleWaiters.length) continue;
      await this.sleep(this.state_ === "waiting_for_model" ? 10_000 : this.opts.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.wake = undefined;
        resolve();
      };
      const t = setTimeout(done, ms);
      t.unref();
      this.wake = done;
    });
  }

  /** One batch: returns false when there was nothing to do. */
  private async step(): Promise<boolean> {
    const model = this.model();
    if (!model) {
      if (!this.loggedMissing) {
        this.loggedMissing = true;
        this.opts.log(`knowledge: embedding model '${this.opts.modelId}' is not installed (see candor models list); search is BM25-only until it is`);
      }
      this.state_ = "waiting_for_model";
      // Still follow the stream, so posts stored meanwhile are queued newest first once the model appears.
      this.pull();
      return false;
    }
    const edited = this.index.drainTombstones();
    if (edited > this.horizon) this.fillFrom = Math.max(this.fillFrom, edited);
    this.pull();
    let batch = this.takeQueued();
    if (batch.length === 0) batch = this.fill();
    if (batch.length === 0) {
      if (this.fillFrom > this.horizon) return true;
      this.state_ = "idle";
      return false;
    }
    this.state_ = "embedding";
    const vectors = await this.embedBatch(model, batch);
    if (this.closed) return false;
    const dimension = vectors.find((v) => v)?.length;
    // The model's first vector fixes the index's dimension; another model or dimension than stored starts it over.
    if (dimension && this.index.prepare(this.opts.modelId, dimension)) this.restartCoverage();
    const writes: VectorWrite[] = [];
    for (let i = 0; i < batch.length; i++) {
      const v = vectors[i];
      // No vector (refused, or empty) or one of another length than the batch's first: never retried.
      if (!v || v.length !== dimension) {
        if (vectors.length) this.markFailed(batch[i]!.pk);
        continue;
      }
      writes.push({ pk: batch[i]!.pk, createdMs: batch[i]!.createdMs, vector: v });
    }
    if (writes.length) {
      const n = this.index.write(writes);
      const now = Date.now();
      this.recent.push({ at: now, n });
      // Only the last minute is reported; trimmed here, since stats() may never be asked on a headless server.
      while (this.recent.length && now - this.recent[0]!.at >= 60_000) this.recent.shift();
      this.index.prune(this.opts.maxVectors);
      this.coverageCache = undefined;
    }
    return true;
  }

  /** Queues posts committed since the last look, newest first; what does not fit is left for the fill. */
  private pull(): void {
    const top = this.maxPk();
    if (top <= this.highPk) return;
    const rows = this.pullStmt.all({ low: this.highPk, high: top, n: this.opts.queue }) as { pk: number; created_ms: number; text: string; alt_text: string }[];
    if (rows.length === this.opts.queue) {
      const oldest = rows[rows.length - 1]!.pk;
      const gap = (this.db.prepare("SELECT count(*) AS n FROM knowledge_posts WHERE pk > ? AND pk < ? AND duplicate_of IS NULL").get(this.highPk, oldest) as { n: number }).n;
      if (gap > 0) {
        this.counters.skipped += gap;
        this.fillFrom = Math.max(this.fillFrom, oldest - 1);
      }
    }
    this.highPk = top;
    if (rows.length === 0) return;
    this.queue = [...rows.map(toPending(this.opts.documentPrefix)), ...this.queue];
    if (this.queue.length > this.opts.queue) {
      const dropped = this.queue.splice(this.opts.queue);
      this.counters.skipped += dropped.length;
      this.fillFrom = Math.max(this.fillFrom, dropped[0]!.pk);
    }
  }

  private takeQueued(): Pending[] {
    const out: Pending[] = [];
    while (out.length < this.opts.batchSize && this.queue.length) {
      const take = this.queue.splice(0, this.opts.batchSize - out.length);
      const have = this.index.existing(take.map((p) => p.pk));
      for (const p of take) if (!have.has(p.pk) && !this.failedPks.has(p.pk) && p.text) out.push(p);
    }
    return out;
  }

  /**
   * The newest posts without a vector at or below `fillFrom` (skipped, edited, or never embedded). Walks at most
   * FILL_SCAN rows per call, so a long stretch of embedded posts costs several short steps, not one long stall.
   */
  private fill(): Pending[] {
    if (this.fillFrom <= this.horizon) return [];
    // With the index full, posts older than its oldest vector would be pruned as soon as they were embedded.
    const pruned = this.index.count >= this.opts.maxVectors ? this.index.lowestPk() : 0;
    const floor = Math.max(this.horizon, this.fillFrom - FILL_SCAN, pruned);
    if (floor >= this.fillFrom) {
      this.fillFrom = this.horizon;
      return [];
    }
    const rows = this.fillStmt.all({ from: this.fillFrom, floor, n: this.opts.batchSize }) as { pk: number; created_ms: number; text: string; alt_text: string }[];
    this.fillFrom = rows.length < this.opts.batchSize ? floor : rows[rows.length - 1]!.pk - 1;
    return rows.map(toPending(this.opts.documentPrefix)).filter((p) => !this.failedPks.has(p.pk) && p.text);
  }

  /** Vectors in batch order; undefined for inputs the model refused (one bad post must not stop the rest). */
  private async embedBatch(model: ChatModel, batch: Pending[]): Promise<(Float32Array | undefined)[]> {
    const signal = this.abort.signal;
    try {
      // Raced with the abort signal: close() must not wait for a model that is stuck (or ignores the signal).
      const { embeddings } = await raceAbort(model.embed!(batch.map((p) => p.text), { signal }), signal);
      if (embeddings.length !== batch.length) throw new Error(`the model returned ${embeddings.length} embeddings for ${batch.length} inputs`);
      return embeddings.map((e) => (e.length ? normaliseVector(Float32Array.from(e)) : undefined));
    } catch (err) {
      if (signal.aborted) return [];
      const status = (err as { status?: number }).status;
      // Only an input the model rejects is worth retrying one by one; anything else (model down) goes to the loop's back-off.
      if (status !== 400 || batch.length === 1) {
        if (status === 400) {
          // Counted as failed by the caller, like every input that yields no vector.
          this.setError(`post pk ${batch[0]!.pk}: ${(err as Error).message}`);
          return [undefined];
        }
        // The batch goes back to the front of the queue.
        this.queue = [...batch, ...this.queue];
        throw err;
      }
      const out: (Float32Array | undefined)[] = [];
      for (let i = 0; i < batch.length; i++) {
        try {
          out.push((await this.embedBatch(model, [batch[i]!]))[0]);
        } catch (e) {
          // The failing post went back to the queue's front; the rest of the batch follows it, not lost.
          this.queue.splice(1, 0, ...batch.slice(i + 1));
          throw e;
        }
      }
      return out;
    }
  }

  private markFailed(pk: number): void {
    this.counters.failed++;
    if (this.failedPks.size >= 10_000) this.failedPks.delete(this.failedPks.values().next().value!);
    this.failedPks.add(pk);
  }

  private setError(message: string): void {
    if (message !== this.lastError) this.opts.log(`knowledge: embeddings: ${message}`);
    this.lastError = message;
  }

  /** The index started over (new model or dimension): everything within the backfill is to be embedded again. */
  private restartCoverage(): void {
    this.fillFrom = this.highPk;
    this.horizon = this.backfillHorizon();
    this.failedPks.clear();
    this.queryCache.clear();
  }

  private maxPk(): number {
    return (this.maxPkStmt.get() as { pk: number }).pk;
  }

  /** pk below which posts are never embedded: the `backfill`-th newest post (copies included, as an estimate). */
  private backfillHorizon(): number {
    const n = Math.min(this.opts.backfill, this.opts.maxVectors);
    const row = this.db.prepare("SELECT pk FROM knowledge_posts ORDER BY pk DESC LIMIT 1 OFFSET ?").get(n) as { pk: number } | undefined;
    return row?.pk ?? 0;
  }

  private coverage(): number {
    const now = Date.now();
    if (this.coverageCache && now - this.coverageCache.at < 2000) return this.coverageCache.value;
    const r = this.db
      .prepare(
        `SELECT count(*) AS n, count(v.pk) AS e FROM (SELECT pk FROM knowledge_posts WHERE duplicate_of IS NULL ORDER BY pk DESC LIMIT ${COVERAGE_WINDOW}) p
         LEFT JOIN knowledge_post_vectors v ON v.pk = p.pk`,
      )
      .get() as { n: number; e: number };
    const value = r.n ? Number((r.e / r.n).toFixed(3)) : 1;
    this.coverageCache = { at: now, value };
    return value;
  }
}

/** What is embedded: the post's words and its images' descriptions ("" when there are none: nothing to embed). */
function toPending(prefix: string) {
  return (r: { pk: number; created_ms: number; text: string; alt_text: string }): Pending => {
    const body = (r.alt_text ? `${r.text}\n${r.alt_text}` : r.text).trim();
    return { pk: r.pk, createdMs: r.created_ms, text: body ? prefix + body : "" };
  };
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}

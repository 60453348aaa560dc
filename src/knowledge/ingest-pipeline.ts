import type { Post, PostEvent } from "./post.js";
import type { PostStore, PostWrite, StoredPost } from "./store/post-store.js";
import { engagementScore, rowValues, type WriteOp } from "./store/sqlite-post-store.js";
import type { SqliteCursorStore } from "./store/sqlite-cursor-store.js";
import type { PostWriterThread, WriteBatchResult } from "./store/post-writer-thread.js";
import { Deduplicator } from "./store/dedupe.js";
import { normaliseLink, tokenize, type TokenizedText } from "./analysis/text.js";
import { scoreSentiment } from "./analysis/sentiment.js";
import type { TrendTracker } from "./analysis/trends.js";
import type { StoryTracker } from "./analysis/stories.js";

/** Something that wants every accepted post after analysis (alerts). */
export interface PostObserver {
  observe(post: Post, text: TokenizedText, sentiment: number | null, ms: number): void;
  /** Called once per batch with the stream clock. */
  tick?(clockMs: number): void;
}

/** The store the pipeline writes to: a PostStore that can write one batch (upserts, deletes, cursors) as one transaction. */
export type PipelineStore = PostStore & {
  writeBatch(ops: WriteOp[], cursors?: [string, string][]): { inserted: number; updated: number; unchanged: number; deleted: number };
};

export interface IngestPipelineOptions {
  store: PipelineStore;
  /** Commits batches on another thread while the next one is analysed (file databases); without it, writes are in-thread */
  writer?: PostWriterThread;
  cursors?: SqliteCursorStore;
  trends: TrendTracker;
  stories: StoryTracker;
  dedupe?: Deduplicator;
  observers?: PostObserver[];
  /** Events processed per transaction */
  batchSize?: number;
  /** A partial batch waits at most this long (wall ms) */
  flushMs?: number;
  /** Posts dated further than this past both the wall clock and the stream clock are treated as "now": a bad client clock must not fast-forward stream time */
  maxFutureSkewMs?: number;
  log?: (line: string) => void;
}

export interface BatchReport {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  duplicates: number;
  rejected: number;
  clockMs: number;
}

export interface SourceCounters {
  received: number;
  lastEventMs?: number;
  lastCursor?: string;
  /** Posts per second (wall clock), smoothed */
  rate: number;
  rateAt: number;
  rateCount: number;
}

export interface PipelineStats {
  received: number;
  inserted: number;
  updated: number;
  deleted: number;
  duplicates: number;
  rejected: number;
  batches: number;
  /** Stream time of the newest accepted post */
  streamTime: string | null;
  queued: number;
  /** Batches analysed and handed to the writer thread, not yet committed */
  writing: number;
  perSource: Record<string, { received: number; postsPerSecond: number; lastEventAt: string | null; cursor?: string }>;
}

type Queued = { event: PostEvent; source: string };

/** A batch handed to the writer thread: kept until it is committed, to retry in-thread if the thread cannot. */
interface InFlight {
  seq: number;
  ops: WriteOp[];
  cursors: [string, string][];
  report: BatchReport;
  ids: Set<string>;
}

/** Batches the writer thread may hold at once: enough to overlap analysis and writing, few enough to bound memory. */
const MAX_IN_FLIGHT = 2;

/**
 * sources → normalise → dedupe → sentiment → stories → store + FTS (one transaction) → trends → observers.
 *
 * Analysis happens synchronously in `handle` once a batch is full, so a source that awaits its handler (or whose
 * socket is read on the same thread) can never run ahead of ingest: memory is bounded by one batch filling plus
 * MAX_IN_FLIGHT being written, and a faster stream just waits on TCP back-pressure. With a writer thread the batch's
 * transaction commits there while the next batch is analysed; a batch is reported (and its cursors committed) only
 * once it is committed.
 */
export class IngestPipeline {
  private readonly opts: Required<Omit<IngestPipelineOptions, "cursors" | "dedupe" | "observers" | "writer">> & Pick<IngestPipelineOptions, "cursors">;
  private writer: PostWriterThread | undefined;
  private inFlight: InFlight[] = [];
  /** Post ids written or deleted by batches in flight: true = will exist, false = will be gone (reads cannot see them yet) */
  private readonly pendingIds = new Map<string, { seq: number; present: boolean }>();
  private readonly dedupe: Deduplicator;
  private readonly observers: PostObserver[];
  private queue: Queued[] = [];
  private timer: NodeJS.Timeout | undefined;
  private clockMs = -Infinity;
  /** Story of recent posts, so a copy joins its original's story without moving the centroid */
  private readonly recentStory = new Map<string, string>();
  private readonly listeners = new Set<(report: BatchReport) => void>();
  private readonly sources = new Map<string, SourceCounters>();
  private totals = { received: 0, inserted: 0, updated: 0, deleted: 0, duplicates: 0, rejected: 0, batches: 0 };
  private rejectLogged = 0;
  private closed = false;

  constructor(options: IngestPipelineOptions) {
    this.opts = {
      batchSize: 500,
      flushMs: 100,
      maxFutureSkewMs: 10 * 60_000,
      log: () => {},
      ...options,
    } as typeof this.opts;
    this.dedupe = options.dedupe ?? new Deduplicator();
    this.writer = options.writer;
    if (options.cursors) options.cursors.deferWhile = () => this.queue.length > 0 || this.inFlight.length > 0;
    this.observers = options.observers ?? [];
  }

  get streamClockMs(): number | undefined {
    return Number.isFinite(this.clockMs) ? this.clockMs : undefined;
  }

  addObserver(o: PostObserver): void {
    this.observers.push(o);
  }

  onBatch(listener: (report: BatchReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Takes one event from a source; processes a batch inline when one is full. */
  handle(event: PostEvent, source = "default"): void {
    if (this.closed) return;
    this.queue.push({ event, source });
    if (this.queue.length >= this.opts.batchSize) {
      // A full batch while the stream is busy: analyse it now and let the writer commit it while the next one fills.
      this.processQueued();
      this.settle(MAX_IN_FLIGHT);
      // If the stream pauses here, the batches in flight still get reported and their cursors committed.
      if (this.inFlight.length > 0) this.armTimer();
    } else this.armTimer();
  }

  private armTimer(): void {
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.opts.flushMs);
      this.timer.unref?.();
    }
  }

  /** A handler bound to one source name, to pass to `PostSource.start`. */
  handlerFor(source: string): (event: PostEvent) => void {
    return (event) => this.handle(event, source);
  }

  /** Processes what is queued and returns once every accepted event is committed. */
  flush(): BatchReport | undefined {
    const report = this.processQueued();
    this.settle(0);
    // Cursors saved since the last batch left cover only committed events now.
    this.opts.cursors?.commitStaged();
    return report;
  }

  close(): void {
    this.flush();
    this.closed = true;
    void this.writer?.close();
    this.writer = undefined;
  }

  private processQueued(): BatchReport | undefined {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.queue.length === 0) return undefined;
    const batch = this.queue;
    this.queue = [];
    return this.process(batch);
  }

  private emit(report: BatchReport): void {
    for (const l of this.listeners) {
      try {
        l(report);
      } catch (err) {
        this.opts.log(`knowledge: batch listener failed: ${(err as Error).message}`);
      }
    }
  }

  /** Takes the writer's finished batches; waits until at most `maxInFlight` remain. Each batch is reported once committed. */
  private settle(maxInFlight: number): void {
    if (this.inFlight.length === 0) return;
    const writer = this.writer;
    let results: WriteBatchResult[] = [];
    // A thread that died may still have reported the batches it committed before.
    if (writer) results = writer.alive && this.inFlight.length > maxInFlight ? writer.waitFor(this.inFlight[this.inFlight.length - 1 - maxInFlight]!.seq) : writer.poll();
    const bySeq = new Map(results.map((r) => [r.seq, r]));
    const alive = writer?.alive ?? false;
    while (this.inFlight.length > 0) {
      const f = this.inFlight[0]!;
      let r: { inserted: number; updated: number; unchanged: number; deleted: number } | undefined = bySeq.get(f.seq);
      if (r && (r as WriteBatchResult).error) {
        this.opts.log(`knowledge: writer thread could not commit a batch (${(r as WriteBatchResult).error}); writing it in-thread`);
        r = undefined;
      } else if (!r && alive && this.inFlight.length <= maxInFlight) break;
      this.inFlight.shift();
      if (r) this.opts.cursors?.committed(f.cursors);
      else {
        // The thread failed this batch or died: this thread still holds it, so nothing accepted is lost.
        if (!alive && this.writer) {
          this.writer = undefined;
          void writer?.close();
        }
        r = this.writeInThread(f.ops, f.cursors, false);
      }
      for (const id of f.ids) if (this.pendingIds.get(id)?.seq === f.seq) this.pendingIds.delete(id);
      this.finish(f.report, r);
    }
  }

  /** `withStaged`: also commit the cursors staged so far, which is right only when no earlier batch is still uncommitted. */
  private writeInThread(ops: WriteOp[], cursors: [string, string][], withStaged: boolean) {
    try {
      return this.opts.store.transaction(() => {
        const r = this.opts.store.writeBatch(ops, cursors);
        if (cursors.length) this.opts.cursors?.committed(cursors);
        // Cursors the sources saved while these events waited are committed with them, never before.
        if (withStaged) this.opts.cursors?.commitStaged();
        return r;
      });
    } catch (err) {
      this.opts.cursors?.restage(cursors);
      throw err;
    }
  }

  private finish(report: BatchReport, r: { inserted: number; updated: number; deleted: number; unchanged: number }): void {
    report.inserted += r.inserted;
    report.updated += r.updated;
    report.unchanged += r.unchanged;
    report.deleted += r.deleted;
    this.totals.inserted += r.inserted;
    this.totals.updated += r.updated;
    this.totals.deleted += r.deleted;
    this.emit(report);
  }

  stats(): PipelineStats {
    const perSource: PipelineStats["perSource"] = {};
    for (const [name, s] of this.sources) {
      perSource[name] = {
        received: s.received,
        postsPerSecond: Math.round(this.currentRate(s) * 10) / 10,
        lastEventAt: s.lastEventMs !== undefined ? new Date(s.lastEventMs).toISOString() : null,
        ...(s.lastCursor !== undefined ? { cursor: s.lastCursor } : {}),
      };
    }
    return {
      ...this.totals,
      streamTime: this.streamClockMs !== undefined ? new Date(this.clockMs).toISOString() : null,
      queued: this.queue.length,
      writing: this.inFlight.length,
      perSource,
    };
  }

  /**
   * Re-runs analysis over posts already stored (after a restart), without writing: trends and stories come back
   * as they were, and story ids match the stored ones because clustering is deterministic in stream order.
   */
  rebuild(posts: Iterable<StoredPost>): number {
    let n = 0;
    for (const p of posts) {
      const ms = this.streamTime(Date.parse(p.createdAt));
      const text = tokenize(p.text, p.lang);
      this.analyse(p, text, p.sentiment, ms);
      n++;
    }
    return n;
  }

  private process(batch: Queued[]): BatchReport {
    const report: BatchReport = { inserted: 0, updated: 0, unchanged: 0, deleted: 0, duplicates: 0, rejected: 0, clockMs: this.clockMs };
    const upserts: { post: Post; createdMs: number }[] = [];
    const valid: Queued[] = [];
    for (const item of batch) {
      const { event, source } = item;
      const counters = this.counters(source);
      counters.received++;
      this.totals.received++;
      if (!event || (event.kind !== "upsert" && event.kind !== "delete") || (event.kind === "delete" && (typeof event.source !== "string" || typeof event.sourceId !== "string"))) {
        report.rejected++;
        if (this.rejectLogged++ < 20) this.opts.log(`knowledge: rejected an event from ${source} (not an upsert or delete)`);
        continue;
      }
      if (event.cursor !== undefined) counters.lastCursor = event.cursor;
      if (event.kind === "delete") valid.push(item);
      else {
        const normalised = this.normalise(event.post);
        if (!normalised) {
          report.rejected++;
          continue;
        }
        const post = normalised.post;
        counters.lastEventMs = normalised.createdMs;
        upserts.push({ post, createdMs: normalised.createdMs });
        valid.push({ event: { ...event, post }, source });
      }
    }
    const existing = this.existingIds(upserts.map((u) => u.post.id));
    const analysed = new Map<string, PostWrite>();
    for (const { post, createdMs } of upserts) {
      if (existing.has(post.id) || analysed.has(post.id)) {
        // Redelivered (reconnect rewind) or edited: store it, but it was already counted.
        analysed.set(post.id, { post, sentiment: scoreSentiment(post.text, post.lang), createdMs });
        continue;
      }
      const ms = this.streamTime(createdMs);
      const text = tokenize(post.text, post.lang);
      const sentiment = scoreSentiment(post.text, post.lang);
      const write = this.analyse(post, text, sentiment, ms);
      if (write.duplicateOf) report.duplicates++;
      // normalise() made createdAt this instant's ISO string, so the store need not parse it again.
      write.createdMs = createdMs;
      analysed.set(post.id, write);
    }
    const ops: WriteOp[] = [];
    const now = Date.now();
    const ids = new Set<string>();
    for (const { event } of valid) {
      if (event.kind === "upsert") {
        const w = analysed.get(event.post.id);
        if (w) {
          ops.push(rowValues(w, now));
          ids.add(event.post.id);
          // A post delivered twice in one batch is written once.
          analysed.delete(event.post.id);
        }
      } else {
        const id = `${event.source}:${event.sourceId}`;
        ops.push(id);
        ids.add(id);
      }
    }
    report.clockMs = this.clockMs;
    this.totals.duplicates += report.duplicates;
    this.totals.rejected += report.rejected;
    this.totals.batches++;
    if (Number.isFinite(this.clockMs)) for (const o of this.observers) o.tick?.(this.clockMs);
    if (this.writer?.alive) {
      const cursors = this.opts.cursors?.takeStaged() ?? [];
      const seq = this.writer.submit(ops, cursors);
      // Later batches must see these posts as stored (or deleted) before the commit is visible to reads.
      for (const op of ops) this.pendingIds.set(typeof op === "string" ? op : (op[0] as string), { seq, present: typeof op !== "string" });
      this.inFlight.push({ seq, ops, cursors, report, ids });
    } else {
      this.settle(0);
      this.finish(report, this.writeInThread(ops, [], true));
    }
    return report;
  }

  private existingIds(ids: string[]): Set<string> {
    if (this.pendingIds.size === 0) return this.opts.store.existingIds(ids);
    const found = new Set<string>();
    const ask: string[] = [];
    for (const id of ids) {
      const p = this.pendingIds.get(id);
      if (p === undefined) ask.push(id);
      else if (p.present) found.add(id);
    }
    for (const id of this.opts.store.existingIds(ask)) found.add(id);
    return found;
  }

  private analyse(post: Post, text: TokenizedText, sentiment: number | null, ms: number): PostWrite & { duplicateOf?: string | null } {
    const verdict = this.dedupe.check(post.id, post.author.id, text.words, ms);
    let storyId: string | null = null;
    if (verdict.duplicateOf) {
      storyId = this.recentStory.get(verdict.duplicateOf) ?? null;
      if (storyId) this.opts.stories.addCopy(storyId);
    } else {
      storyId = this.opts.stories.add({
        postId: post.id,
        authorId: post.author.id,
        ms,
        terms: text.terms,
        hashtags: post.hashtags,
        sentiment,
        engagement: engagementScore(post.engagement),
      });
      const links: string[] = [];
      for (const l of post.links) {
        const n = normaliseLink(l);
        if (n) links.push(n);
      }
      this.opts.trends.observe({
        postId: post.id,
        authorId: post.author.id,
        ms,
        lang: post.lang,
        hashtags: post.hashtags,
        terms: text.terms,
        phrases: text.phrases,
        links,
        sentiment,
      });
      for (const o of this.observers) o.observe(post, text, sentiment, ms);
    }
    if (storyId) {
      this.recentStory.set(post.id, storyId);
      if (this.recentStory.size > 200_000) this.recentStory.delete(this.recentStory.keys().next().value!);
    }
    return { post, sentiment, storyId, duplicateOf: verdict.duplicateOf ?? null, contentHash: verdict.contentHash };
  }

  /** Stream time of a post: its own timestamp, unless that would leap implausibly far ahead. */
  private streamTime(ms: number): number {
    const limit = Math.max(Date.now(), Number.isFinite(this.clockMs) ? this.clockMs : 0) + this.opts.maxFutureSkewMs;
    const t = ms > limit ? (Number.isFinite(this.clockMs) ? this.clockMs : Date.now()) : ms;
    if (t > this.clockMs) this.clockMs = t;
    this.opts.trends.advance(this.clockMs);
    return t;
  }

  private normalise(raw: Post): { post: Post; createdMs: number } | undefined {
    const problem = invalidPost(raw);
    if (problem) {
      if (this.rejectLogged++ < 20) this.opts.log(`knowledge: rejected a post (${problem})`);
      return undefined;
    }
    const hashtags: string[] = [];
    for (const h of raw.hashtags ?? []) {
      const t = String(h).replace(/^#/, "").trim().toLowerCase();
      if (t && !hashtags.includes(t)) hashtags.push(t);
    }
    const createdMs = Date.parse(raw.createdAt);
    if (Number.isNaN(createdMs)) {
      if (this.rejectLogged++ < 20) this.opts.log(`knowledge: rejected a post (post ${raw.id}: createdAt is not a date)`);
      return undefined;
    }
    const post: Post = {
      ...raw,
      text: raw.text.normalize("NFC").trim(),
      lang: (raw.lang || "und").toLowerCase(),
      createdAt: new Date(createdMs).toISOString() === raw.createdAt ? raw.createdAt : new Date(createdMs).toISOString(),
      hashtags,
      links: Array.isArray(raw.links) ? raw.links.filter((l) => typeof l === "string") : [],
      mentions: Array.isArray(raw.mentions) ? raw.mentions.filter((m) => typeof m === "string") : [],
      images: Array.isArray(raw.images) ? raw.images.filter((i) => i && typeof i.url === "string") : [],
    };
    return { post, createdMs };
  }

  private counters(source: string): SourceCounters {
    let c = this.sources.get(source);
    if (!c) {
      c = { received: 0, rate: 0, rateAt: Date.now(), rateCount: 0 };
      this.sources.set(source, c);
    }
    c.rateCount++;
    const now = Date.now();
    if (now - c.rateAt >= 1000) {
      const inst = (c.rateCount * 1000) / (now - c.rateAt);
      c.rate = c.rate === 0 ? inst : 0.7 * c.rate + 0.3 * inst;
      c.rateAt = now;
      c.rateCount = 0;
    }
    return c;
  }

  private currentRate(c: SourceCounters): number {
    // A source that went quiet must not report its last busy rate forever.
    const idle = Date.now() - c.rateAt;
    return idle > 5000 ? (c.rateCount * 1000) / idle : c.rate;
  }
}

function invalidPost(p: Post): string | undefined {
  if (!p || typeof p !== "object") return "not an object";
  if (typeof p.id !== "string" || !p.id) return "missing id";
  if (typeof p.text !== "string") return `post ${p.id}: text is not a string`;
  if (!p.author || typeof p.author.id !== "string" || !p.author.id) return `post ${p.id}: missing author.id`;
  if (typeof p.createdAt !== "string") return `post ${p.id}: createdAt is not a date`;
  if (typeof p.url !== "string") return `post ${p.id}: missing url`;
  if (typeof p.source !== "string" || typeof p.sourceId !== "string") return `post ${p.id}: missing source or sourceId`;
  return undefined;
}

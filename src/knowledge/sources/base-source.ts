import type { PostEvent, PostSource, SourceKind, SourceState, SourceStatus } from "../post.js";

export type PostEventHandler = (event: PostEvent) => void | Promise<void>;

/** How far back the posts-per-second figure looks. */
const RATE_WINDOW_MS = 10_000;

/**
 * State, counters and ordered delivery shared by every source. Subclasses implement `run()` (their connect/read loop),
 * call `deliver()` for each event and `setState()` as the connection changes; `stop()` aborts `signal` and waits for `run()`.
 */
export abstract class BaseSource implements PostSource {
  abstract readonly kind: SourceKind;
  protected state: SourceState = "idle";
  protected cursor: string | undefined;
  protected lastError: string | undefined;
  protected received = 0;
  /** Unix ms of the newest delivered event's stream time, for lag. */
  protected newestStreamTimeMs: number | undefined;
  private readonly recentDeliveries: number[] = [];
  private handler: PostEventHandler | undefined;
  private running: Promise<void> | undefined;
  private abort = new AbortController();
  private firstReady: (() => void) | undefined;
  protected readonly log: (line: string) => void;

  constructor(
    readonly name: string,
    log?: (line: string) => void,
  ) {
    this.log = log ?? (() => {});
  }

  protected get signal(): AbortSignal {
    return this.abort.signal;
  }

  protected get stopping(): boolean {
    return this.abort.signal.aborted;
  }

  /** Resolves once the first connection attempt has either succeeded or failed (state is then connected or reconnecting). */
  async start(onEvent: PostEventHandler): Promise<void> {
    if (this.running) throw new Error(`source ${this.name} is already started`);
    this.handler = onEvent;
    this.abort = new AbortController();
    const ready = new Promise<void>((resolve) => (this.firstReady = resolve));
    this.running = this.run()
      .catch((err) => {
        this.lastError = (err as Error).message;
        this.state = "failed";
        this.log(`source ${this.name}: failed: ${this.lastError}`);
      })
      .finally(() => {
        if (this.state !== "failed") this.state = "stopped";
        this.markReady();
      });
    await ready;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
    this.running = undefined;
  }

  /** Resolves when the source's loop ends by itself (a finite replay) or after stop(). */
  whenDone(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  status(): SourceStatus {
    const now = Date.now();
    while (this.recentDeliveries.length && this.recentDeliveries[0]! < now - RATE_WINDOW_MS) this.recentDeliveries.shift();
    const elapsed = Math.min(RATE_WINDOW_MS, Math.max(1000, now - (this.recentDeliveries[0] ?? now)));
    return {
      name: this.name,
      kind: this.kind,
      state: this.state,
      cursor: this.cursor,
      lagSeconds: this.newestStreamTimeMs === undefined ? undefined : Math.max(0, (now - this.newestStreamTimeMs) / 1000),
      postsPerSecond: this.recentDeliveries.length / (elapsed / 1000),
      received: this.received,
      lastError: this.lastError,
    };
  }

  protected abstract run(): Promise<void>;

  protected setState(state: SourceState, error?: string): void {
    this.state = state;
    if (error !== undefined) this.lastError = error;
    if (state === "connected" || state === "reconnecting" || state === "failed") this.markReady();
  }

  private markReady(): void {
    const r = this.firstReady;
    this.firstReady = undefined;
    r?.();
  }

  /**
   * Hands one event to the consumer and waits for it, so events stay in order and a cursor only moves past what
   * the consumer has taken. A consumer error is recorded, never allowed to kill the stream.
   */
  protected async deliver(event: PostEvent, streamTimeMs?: number): Promise<boolean> {
    try {
      await this.handler?.(event);
    } catch (err) {
      this.lastError = `consumer rejected ${event.kind === "upsert" ? event.post.id : event.sourceId}: ${(err as Error).message}`;
      return false;
    }
    this.received++;
    const now = Date.now();
    this.recentDeliveries.push(now);
    if (this.recentDeliveries.length > 100_000) this.recentDeliveries.splice(0, 50_000);
    if (streamTimeMs !== undefined && Number.isFinite(streamTimeMs)) this.newestStreamTimeMs = streamTimeMs;
    if (event.cursor !== undefined) this.cursor = event.cursor;
    return true;
  }
}

/** `${source}:${sourceId}`, the Post id convention every consumer relies on. */
export function postId(source: string, sourceId: string): string {
  return `${source}:${sourceId}`;
}

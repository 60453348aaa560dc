/**
 * Per-key token buckets: one for requests per minute, one for tokens per minute. A request takes one from the
 * request bucket and needs the token bucket to be positive; its tokens are charged once the answer is known, so a
 * large answer may put the token bucket in debt and later requests wait until it refills.
 */
export interface RateLimits {
  rpm: number | null;
  tpm: number | null;
}

export interface BucketState {
  limit: number;
  /** Whole units left after this decision. */
  remaining: number;
  /** Until the bucket is full again. */
  resetMs: number;
}

export interface RateDecision {
  allowed: boolean;
  /** When not allowed: how long until the request would pass. */
  retryAfterMs: number;
  /** Which limit said no. */
  limitedBy?: "requests" | "tokens";
  requests?: BucketState;
  tokens?: BucketState;
}

export interface RateLimiter {
  /** Takes one request for `key` if both buckets allow it. */
  take(key: string, limits: RateLimits): Promise<RateDecision>;
  /** Charges tokens spent by a finished request. */
  charge(key: string, limits: RateLimits, tokens: number): Promise<void>;
  close(): Promise<void>;
}

const WINDOW_MS = 60_000;

/** The decision for bucket levels after refill (`allowed` already decided, levels already debited). */
export function decide(limits: RateLimits, allowed: boolean, requestLevel: number, tokenLevel: number): RateDecision {
  const d: RateDecision = { allowed, retryAfterMs: 0 };
  if (limits.rpm) {
    const rate = limits.rpm / WINDOW_MS;
    d.requests = { limit: limits.rpm, remaining: Math.max(0, Math.floor(requestLevel)), resetMs: Math.ceil((limits.rpm - requestLevel) / rate) };
    if (!allowed && requestLevel < 1) {
      d.limitedBy = "requests";
      d.retryAfterMs = Math.ceil((1 - requestLevel) / rate);
    }
  }
  if (limits.tpm) {
    const rate = limits.tpm / WINDOW_MS;
    d.tokens = { limit: limits.tpm, remaining: Math.max(0, Math.floor(tokenLevel)), resetMs: Math.ceil((limits.tpm - tokenLevel) / rate) };
    if (!allowed && tokenLevel < 1) {
      const wait = Math.ceil((1 - tokenLevel) / rate);
      if (wait > d.retryAfterMs) {
        d.limitedBy = "tokens";
        d.retryAfterMs = wait;
      }
    }
  }
  return d;
}

interface Bucket {
  level: number;
  at: number;
}

function refill(b: Bucket | undefined, capacity: number, now: number): number {
  if (!b) return capacity;
  return Math.min(capacity, b.level + ((now - b.at) * capacity) / WINDOW_MS);
}

/** One process's buckets; the default when no Redis is configured. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { req?: Bucket; tok?: Bucket }>();

  constructor(private readonly now: () => number = Date.now) {}

  async take(key: string, limits: RateLimits): Promise<RateDecision> {
    return this.takeSync(key, limits);
  }

  takeSync(key: string, limits: RateLimits): RateDecision {
    const now = this.now();
    const entry = this.entry(key);
    let rl = limits.rpm ? refill(entry.req, limits.rpm, now) : 0;
    const tl = limits.tpm ? refill(entry.tok, limits.tpm, now) : 0;
    const allowed = (!limits.rpm || rl >= 1) && (!limits.tpm || tl >= 1);
    if (allowed && limits.rpm) rl -= 1;
    if (limits.rpm) entry.req = { level: rl, at: now };
    if (limits.tpm) entry.tok = { level: tl, at: now };
    return decide(limits, allowed, rl, tl);
  }

  async charge(key: string, limits: RateLimits, tokens: number): Promise<void> {
    if (!limits.tpm || tokens <= 0) return;
    const now = this.now();
    const entry = this.entry(key);
    entry.tok = { level: refill(entry.tok, limits.tpm, now) - tokens, at: now };
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }

  private entry(key: string) {
    let e = this.buckets.get(key);
    if (!e) {
      e = {};
      this.buckets.set(key, e);
    }
    return e;
  }
}

/** Exponential back-off with full jitter, so many clients reconnecting after one outage do not arrive in lock-step. */
export interface ExponentialBackoffOptions {
  initialMs: number;
  maxMs: number;
  /** 0 = no jitter, 1 = anywhere in [0, delay]; default 0.5 (delay/2 .. delay). */
  jitter?: number;
  random?: () => number;
}

export function exponentialDelay(attempt: number, opts: ExponentialBackoffOptions): number {
  const base = Math.min(opts.maxMs, opts.initialMs * 2 ** Math.max(0, attempt));
  const jitter = opts.jitter ?? 0.5;
  const r = (opts.random ?? Math.random)();
  return Math.round(base * (1 - jitter * r));
}

/**
 * X's documented reconnect schedule for the filtered stream:
 * network errors back off linearly by 250 ms up to 16 s; HTTP errors exponentially from 5 s up to 320 s;
 * HTTP 429 exponentially from one minute. Bases are configurable so tests need not wait minutes.
 */
export interface XBackoffOptions {
  networkStepMs: number;
  networkMaxMs: number;
  httpInitialMs: number;
  httpMaxMs: number;
  rateLimitInitialMs: number;
  rateLimitMaxMs: number;
}

export const X_BACKOFF_DEFAULTS: XBackoffOptions = {
  networkStepMs: 250,
  networkMaxMs: 16_000,
  httpInitialMs: 5_000,
  httpMaxMs: 320_000,
  rateLimitInitialMs: 60_000,
  rateLimitMaxMs: 16 * 60_000,
};

export type XFailureKind = "network" | "http" | "rate-limit";

export function xBackoffDelay(kind: XFailureKind, attempt: number, o: XBackoffOptions = X_BACKOFF_DEFAULTS): number {
  if (kind === "network") return Math.min(o.networkMaxMs, o.networkStepMs * (attempt + 1));
  if (kind === "http") return Math.min(o.httpMaxMs, o.httpInitialMs * 2 ** attempt);
  return Math.min(o.rateLimitMaxMs, o.rateLimitInitialMs * 2 ** attempt);
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects: callers check their own stop flag). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

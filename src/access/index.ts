import type { AreaContext } from "../runtime/area-context.js";
import type { SqliteDatabase } from "../storage/database.js";
import { ApiKeyStore, type ApiKeyInfo } from "./api-key-store.js";
import { MemoryRateLimiter, type RateDecision, type RateLimiter } from "./rate-limiter.js";
import { RedisRateLimiter } from "./redis-rate-limiter.js";
import { UsageStore, type UsageRecord } from "./usage-store.js";

export { ApiKeyStore, AccessError, SCOPES, hasScope, parseScopes, type ApiKeyInfo, type Scope, type CreateKeyInput } from "./api-key-store.js";
export { MemoryRateLimiter, decide, type RateDecision, type RateLimiter, type RateLimits, type BucketState } from "./rate-limiter.js";
export { RedisRateLimiter } from "./redis-rate-limiter.js";
export { UsageStore, parseTime, type UsageRecord, type UsageQuery, type UsageRow, type UsageGroupBy } from "./usage-store.js";
export { accessMigrations } from "./migrations.js";

/**
 * API keys, scopes, rate limits and usage accounting (issue 4).
 * The server's auth hook calls into this; the logic lives here, not in HTTP handlers.
 */
export interface AccessServices {
  keys: ApiKeyStore;
  usage: UsageStore;
  limiter: RateLimiter;
  /** "memory" or "redis": where the buckets live. */
  limiterKind: "memory" | "redis";
  /**
   * Called by the API once per finished request (also for failures), with tokens counted. Also charges the key's
   * tokens-per-minute bucket, so routes that record usage need not call chargeTokens as well.
   */
  recordUsage(record: UsageRecord): void;
  /** Takes one request from the key's buckets; undefined when the key has no limits (or the limiter is down). */
  checkRate(key: ApiKeyInfo): Promise<RateDecision | undefined>;
  /** Charges tokens (prompt + completion, which includes reasoning) to the key's tokens-per-minute bucket. */
  chargeTokens(keyId: string, tokens: number): Promise<void>;
  close(): Promise<void>;
}

export interface AccessOptions {
  db: SqliteDatabase;
  /** Buckets in Redis when set (config.redisUrl / CANDOR_REDIS_URL). */
  redisUrl?: string;
  redisPrefix?: string;
  /** Overrides the limiter entirely (tests). */
  limiter?: RateLimiter;
  log?: (line: string) => void;
}

export function createAccess(opts: AccessOptions): AccessServices {
  const log = opts.log ?? (() => {});
  const keys = new ApiKeyStore(opts.db);
  const usage = new UsageStore(opts.db);
  const limiterKind = opts.limiter ? "memory" : opts.redisUrl ? "redis" : "memory";
  const limiter = opts.limiter ?? (opts.redisUrl ? new RedisRateLimiter({ url: opts.redisUrl, prefix: opts.redisPrefix }) : new MemoryRateLimiter());
  let lastLimiterComplaint = 0;
  // Rate limits protect capacity, they are not access control: a dead Redis lets requests through (and says so).
  const limiterDown = (err: unknown) => {
    const now = Date.now();
    if (now - lastLimiterComplaint > 30_000) {
      lastLimiterComplaint = now;
      log(`rate limiter unavailable, requests pass unlimited: ${(err as Error).message}`);
    }
  };

  const chargeTokens = async (keyId: string, tokens: number) => {
    if (!(tokens > 0)) return;
    const key = keys.get(keyId);
    if (!key?.tpm) return;
    try {
      await limiter.charge(key.id, key, tokens);
    } catch (err) {
      limiterDown(err);
    }
  };

  return {
    keys,
    usage,
    limiter,
    limiterKind,
    recordUsage(record) {
      try {
        usage.record(record);
      } catch (err) {
        log(`usage record lost: ${(err as Error).message}`);
      }
      if (record.keyId) void chargeTokens(record.keyId, record.promptTokens + record.completionTokens);
    },
    async checkRate(key) {
      if (!key.rpm && !key.tpm) return undefined;
      try {
        return await limiter.take(key.id, key);
      } catch (err) {
        limiterDown(err);
        return undefined;
      }
    },
    chargeTokens,
    close: () => limiter.close(),
  };
}

export async function createAccessServices(ctx: AreaContext): Promise<AccessServices | undefined> {
  if (ctx.config.redisUrl) ctx.log(`rate limits: shared buckets in Redis`);
  return createAccess({ db: ctx.db, redisUrl: ctx.config.redisUrl, log: ctx.log });
}

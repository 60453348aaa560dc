import { Redis } from "ioredis";
import { decide, type RateDecision, type RateLimiter, type RateLimits } from "./rate-limiter.js";

/**
 * Both buckets of one key in one Redis hash, refilled and debited by one Lua script so concurrent gateway replicas
 * never race. The clock is Redis's own (TIME), so replicas with skewed clocks still agree.
 * ARGV: rpm, tpm (0 = unlimited), mode ("take" | "charge"), tokens to charge.
 * Returns {allowed, request level, token level} (levels as strings: Lua would truncate them to integers).
 */
const BUCKET_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rpm = tonumber(ARGV[1])
local tpm = tonumber(ARGV[2])
local mode = ARGV[3]
local cost = tonumber(ARGV[4])
local h = redis.call('HMGET', KEYS[1], 'rl', 'rt', 'tl', 'tt')
local function refill(level, at, cap)
  if cap <= 0 then return 0 end
  if level == nil then return cap end
  local l = level + (now - at) * cap / 60000
  if l > cap then l = cap end
  return l
end
local rl = refill(tonumber(h[1]), tonumber(h[2]), rpm)
local tl = refill(tonumber(h[3]), tonumber(h[4]), tpm)
local allowed = 1
if mode == 'take' then
  if (rpm > 0 and rl < 1) or (tpm > 0 and tl < 1) then allowed = 0 end
  if allowed == 1 and rpm > 0 then rl = rl - 1 end
elseif tpm > 0 then
  tl = tl - cost
end
redis.call('HSET', KEYS[1], 'rl', tostring(rl), 'rt', now, 'tl', tostring(tl), 'tt', now)
local full = 0
if rpm > 0 then full = math.max(full, (rpm - rl) * 60000 / rpm) end
if tpm > 0 then full = math.max(full, (tpm - tl) * 60000 / tpm) end
redis.call('PEXPIRE', KEYS[1], math.ceil(full) + 1000)
return {allowed, tostring(rl), tostring(tl)}
`;

type BucketCommand = (key: string, rpm: number, tpm: number, mode: string, cost: number) => Promise<[number, string, string]>;

export interface RedisRateLimiterOptions {
  url: string;
  /** Namespace for the bucket keys (tests use a unique one each). */
  prefix?: string;
}

/** Buckets shared by every Candor replica that points at the same Redis (CANDOR_REDIS_URL). */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(opts: RedisRateLimiterOptions) {
    this.prefix = opts.prefix ?? "candor:ratelimit:";
    // A rate limiter must answer fast or not at all: no endless retry queue behind a dead Redis.
    this.redis = new Redis(opts.url, { maxRetriesPerRequest: 1, commandTimeout: 2000, enableAutoPipelining: true });
    this.redis.defineCommand("candorBucket", { numberOfKeys: 1, lua: BUCKET_SCRIPT });
    // Errors reach the callers of take/charge; the connection's own 'error' events would otherwise crash the process.
    this.redis.on("error", () => {});
  }

  private get bucket(): BucketCommand {
    return (this.redis as unknown as { candorBucket: BucketCommand }).candorBucket.bind(this.redis);
  }

  async take(key: string, limits: RateLimits): Promise<RateDecision> {
    const [allowed, rl, tl] = await this.bucket(this.prefix + key, limits.rpm ?? 0, limits.tpm ?? 0, "take", 0);
    return decide(limits, allowed === 1, Number(rl), Number(tl));
  }

  async charge(key: string, limits: RateLimits, tokens: number): Promise<void> {
    if (!limits.tpm || tokens <= 0) return;
    await this.bucket(this.prefix + key, limits.rpm ?? 0, limits.tpm, "charge", tokens);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

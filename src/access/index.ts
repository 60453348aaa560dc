import type { AreaContext } from "../runtime/area-context.js";

/**
 * API keys, scopes, rate limits and usage accounting. Owned by the gateway work (issue 4).
 * The server's auth plugin calls into this; the logic lives here, not in HTTP handlers.
 */
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
}

export interface AccessServices {
  /** Called by the API once per finished request (also for failures), with tokens counted. */
  recordUsage(record: UsageRecord): void;
  close(): Promise<void>;
}

export async function createAccessServices(_ctx: AreaContext): Promise<AccessServices | undefined> {
  return undefined;
}

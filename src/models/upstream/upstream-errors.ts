import { ModelError } from "../chat-model.js";

/**
 * Turns what an upstream said (or failed to say) into a ModelError the API can show a client.
 * Messages name the provider and replica number, never its URL or key: both are operator secrets.
 */
export interface UpstreamErrorContext {
  provider: string;
  model: string;
  /** Strings that must never reach a client (API key, base URLs). */
  secrets: string[];
}

export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join("[redacted]");
  return out
    .replace(/\bhttps?:\/\/[^\s"'<>]+/gi, "[redacted-url]")
    .replace(/\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, "$1[redacted]")
    .replace(/\b(sk|xai|gsk|key)-[A-Za-z0-9_-]{12,}/gi, "[redacted-key]");
}

/** Reads `{error:{message}}`, `{error:"..."}`, `{message}` or `{detail}` from an upstream error body. */
export function upstreamMessage(body: string): string | undefined {
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    const e = j.error;
    if (e && typeof e === "object" && typeof (e as { message?: unknown }).message === "string") return (e as { message: string }).message;
    if (typeof e === "string") return e;
    if (typeof j.message === "string") return j.message;
    if (typeof j.detail === "string") return j.detail;
  } catch {
    // not JSON: fall through to the raw text
  }
  const t = body.trim();
  return t ? t.slice(0, 300) : undefined;
}

export function errorFromStatus(status: number, body: string, ctx: UpstreamErrorContext): ModelError {
  const said = upstreamMessage(body);
  const detail = said ? `: ${redact(said, ctx.secrets).slice(0, 500)}` : "";
  const who = `upstream provider '${ctx.provider}'`;
  if (status === 401 || status === 403) {
    return new ModelError(`${who} refused Candor's credentials (HTTP ${status}); check the provider's apiKeyEnv`, 502, "upstream_auth_failed", null, true);
  }
  if (status === 404) return new ModelError(`${who} does not offer model '${ctx.model}'${detail}`, 404, "model_not_found", "model");
  if (status === 429) return new ModelError(`${who} is rate limiting requests${detail}`, 429, "upstream_rate_limited", null, true);
  if (status === 408) return new ModelError(`${who} timed out${detail}`, 504, "upstream_timeout", null, true);
  if (status >= 400 && status < 500) return new ModelError(`${who} rejected the request${detail}`, 400, "upstream_invalid_request");
  if (status === 503) return new ModelError(`${who} is unavailable (HTTP 503)${detail}`, 503, "upstream_unavailable", null, true);
  return new ModelError(`${who} failed (HTTP ${status})${detail}`, 502, "upstream_error", null, true);
}

export function timeoutError(ctx: UpstreamErrorContext, timeoutMs: number, phase: "first byte" | "next chunk"): ModelError {
  return new ModelError(
    `upstream provider '${ctx.provider}' sent nothing for ${timeoutMs} ms (waiting for the ${phase})`,
    504,
    "upstream_timeout",
    null,
    true,
  );
}

export function connectionError(ctx: UpstreamErrorContext, err: unknown): ModelError {
  const cause = (err as { cause?: { code?: string } })?.cause?.code ?? (err as { code?: string })?.code;
  return new ModelError(
    `cannot reach upstream provider '${ctx.provider}'${cause ? ` (${cause})` : ""}`,
    502,
    "upstream_unavailable",
    null,
    true,
  );
}

export function cancelledError(): ModelError {
  return new ModelError("the request was cancelled", 499, "cancelled");
}

/** Connection-level failure, 5xx or timeout: the replica looks unhealthy (429 and 4xx say nothing about its health). */
export function isReplicaFailure(err: unknown): boolean {
  return err instanceof ModelError && err.retryable && err.status !== 429 && err.code !== "upstream_auth_failed";
}

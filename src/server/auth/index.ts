import type { FastifyInstance, FastifyRequest } from "fastify";
import { isIP } from "node:net";
import type { CandorServices } from "../../runtime/services.js";
import type { Usage } from "../../models/chat-model.js";
import { hasScope, type RateDecision, type Scope } from "../../access/index.js";
import { ApiError } from "../errors.js";

/** The key a request authenticated with; null on open routes and in loopback-only mode (no keys yet). */
export interface AuthenticatedKey {
  id: string;
  name: string;
  scopes: Scope[];
}

declare module "fastify" {
  interface FastifyRequest {
    candorKey: AuthenticatedKey | null;
  }
}

/** What a route needs: a scope, any valid key, or nothing (open). */
export type RouteRequirement = Scope | "any-key" | "open";

const SCOPE_BY_PREFIX: [string, Scope | "any-key"][] = [
  ["/v1/chat/", "inference"],
  ["/v1/responses", "inference"],
  ["/v1/completions", "inference"],
  ["/v1/embeddings", "inference"],
  ["/v1/models", "inference"],
  ["/v1/conversations", "inference"],
  ["/v1/knowledge", "knowledge:read"],
  ["/v1/arena", "arena:vote"],
  ["/v1/keys", "admin"],
  ["/v1/usage", "admin"],
];

/**
 * Which scope a request needs, by path prefix. Everything outside /v1 (health check, the web app's files) is open;
 * a /v1 path not listed needs a valid key but no particular scope.
 */
export function requiredScope(method: string, url: string): RouteRequirement {
  if (method === "OPTIONS") return "open";
  const path = url.split("?")[0]!;
  if (path !== "/v1" && !path.startsWith("/v1/")) return "open";
  for (const [prefix, scope] of SCOPE_BY_PREFIX) if (path === prefix.replace(/\/$/, "") || path.startsWith(prefix)) return scope;
  return "any-key";
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith("::ffff:") ? address.slice(7) : address;
  return a === "::1" || a.startsWith("127.") || a === "localhost";
}

/** Whether binding `host` exposes the server beyond this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "");
  if (h === "localhost") return true;
  return isIP(h) !== 0 && isLoopbackAddress(h);
}

/**
 * Refuses to serve a non-loopback address while no API key exists: an open inference server on a network is how GPUs
 * get borrowed by strangers. `candor serve` calls this before listening.
 */
export function assertSafeBinding(host: string, services: Pick<CandorServices, "access">): void {
  if (isLoopbackHost(host)) return;
  if (!services.access) throw new Error(`refusing to listen on ${host}: access control is switched off, so the server may only bind a loopback address (127.0.0.1 or ::1)`);
  if (!services.access.keys.hasKeys()) {
    throw new Error(
      `refusing to listen on ${host}: no API key exists, so anyone who can reach this address could use the server. ` +
        "Create one first (candor keys create --name admin --scopes admin,inference), or bind 127.0.0.1.",
    );
  }
}

/**
 * Records what one request used (the usage table, `candor usage`) and charges its tokens to the request's key
 * (tokens-per-minute bucket). Every route that runs a model calls it once, whether it succeeded or not.
 */
export function recordUsage(services: CandorServices, req: FastifyRequest, model: string, usage: Usage, status: number, started: number): void {
  if (!services.access) return;
  services.access.recordUsage({
    keyId: req.candorKey?.id ?? null,
    model,
    provider: model.includes("/") ? model.split("/")[0]! : "local",
    promptTokens: usage.promptTokens,
    completionTokens: usage.completionTokens,
    reasoningTokens: usage.reasoningTokens,
    cachedTokens: usage.cachedTokens,
    latencyMs: Date.now() - started,
    status,
    endpoint: req.routeOptions.url ?? req.url,
  });
}

/**
 * Authentication, scopes and rate limits as one onRequest hook, registered before every route.
 * With no key created yet the server is open to loopback clients only; after the first key every /v1 route needs one.
 */
export async function registerAuth(app: FastifyInstance, services: CandorServices): Promise<void> {
  app.decorateRequest("candorKey", null);
  const access = services.access;
  if (!access) return;

  app.addHook("onRequest", async (req, reply) => {
    const need = requiredScope(req.method, req.url);
    if (need === "open") return;
    if (!access.keys.hasKeys()) {
      if (isLoopbackAddress(req.socket.remoteAddress)) return;
      throw new ApiError(401, "no API key exists yet, so this server only answers loopback clients; create one with `candor keys create`", null, "no_api_keys");
    }
    const token = presentedKey(req);
    if (!token) {
      throw new ApiError(401, "missing API key: send it as 'Authorization: Bearer <key>' (or the x-api-key header)", null, "missing_api_key");
    }
    const key = access.keys.verify(token);
    if (!key) throw new ApiError(401, "invalid API key: it is unknown, malformed or revoked", null, "invalid_api_key");
    if (need !== "any-key" && !hasScope(key.scopes, need)) {
      throw new ApiError(
        403,
        `the API key '${key.name}' lacks the '${need}' scope needed for ${req.method} ${req.url.split("?")[0]} (it has: ${key.scopes.join(", ")})`,
        null,
        "missing_scope",
      );
    }
    req.candorKey = { id: key.id, name: key.name, scopes: key.scopes };
    const decision = await access.checkRate(key);
    if (!decision) return;
    const headers = rateLimitHeaders(decision);
    reply.headers(headers);
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      const what = decision.limitedBy === "tokens" ? `${key.tpm} tokens per minute` : `${key.rpm} requests per minute`;
      throw new ApiError(429, `rate limit reached for API key '${key.name}': ${what}; retry in ${seconds} s`, null, "rate_limit_exceeded", "rate_limit_error", {
        ...headers,
        "retry-after": String(seconds),
        "retry-after-ms": String(decision.retryAfterMs),
      });
    }
  });
}

function presentedKey(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === "string") {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1];
  }
  const x = req.headers["x-api-key"];
  return typeof x === "string" && x.trim() ? x.trim() : undefined;
}

/** OpenAI's header set; reset times in its duration format (`1s`, `6m0s`, `250ms`). */
export function rateLimitHeaders(d: RateDecision): Record<string, string> {
  const h: Record<string, string> = {};
  for (const kind of ["requests", "tokens"] as const) {
    const b = d[kind];
    if (!b) continue;
    h[`x-ratelimit-limit-${kind}`] = String(b.limit);
    h[`x-ratelimit-remaining-${kind}`] = String(b.remaining);
    h[`x-ratelimit-reset-${kind}`] = formatDuration(b.resetMs);
  }
  return h;
}

export function formatDuration(ms: number): string {
  const v = Math.max(0, Math.ceil(ms));
  if (v < 1000) return `${v}ms`;
  if (v < 60_000) return `${+(v / 1000).toFixed(3)}s`;
  const m = Math.floor(v / 60_000);
  const s = +((v % 60_000) / 1000).toFixed(3);
  return `${m}m${s}s`;
}

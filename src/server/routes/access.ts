import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { CandorServices } from "../../runtime/services.js";
import { AccessError, SCOPES, parseTime, type AccessServices, type ApiKeyInfo, type UsageGroupBy, type UsageRow } from "../../access/index.js";
import { ApiError, badRequest, notFound } from "../errors.js";
import { parseBody } from "../openai/validation.js";

const createKeySchema = z
  .object({
    name: z.string({ error: "must be a string naming who or what uses the key" }).min(1, "cannot be empty"),
    scopes: z.union([z.array(z.string()), z.string()], { error: `must be a list of scopes (${SCOPES.join(", ")})` }).optional(),
    rpm: z.number().int().positive("must be a positive whole number").nullable().optional(),
    tpm: z.number().int().positive("must be a positive whole number").nullable().optional(),
  })
  .strict();

const DAY_MS = 86_400_000;

function keyToWire(k: ApiKeyInfo) {
  return {
    id: k.id,
    object: "api_key",
    name: k.name,
    scopes: k.scopes,
    rpm: k.rpm,
    tpm: k.tpm,
    created_at: k.createdAt,
    last_used_at: k.lastUsedAt,
    revoked_at: k.revokedAt,
  };
}

function usageRowToWire(r: UsageRow, groupBy: UsageGroupBy) {
  const groupField = groupBy === "key" ? "key_id" : groupBy;
  return {
    [groupField]: r.group,
    ...(groupBy === "key" ? { key_name: r.name ?? null } : {}),
    requests: r.requests,
    errors: r.errors,
    prompt_tokens: r.promptTokens,
    completion_tokens: r.completionTokens,
    reasoning_tokens: r.reasoningTokens,
    cached_tokens: r.cachedTokens,
    total_tokens: r.totalTokens,
    avg_latency_ms: r.avgLatencyMs,
    max_latency_ms: r.maxLatencyMs,
  };
}

/** Key management for the web app's Settings page and usage summaries; all admin scope (see server/auth). */
export async function registerAccessRoutes(app: FastifyInstance, services: CandorServices): Promise<void> {
  const need = (): AccessServices => {
    if (!services.access) throw new ApiError(503, "access control is not enabled in this server", null, "access_disabled");
    return services.access;
  };

  app.get("/v1/keys", async () => ({ object: "list", data: need().keys.list().map(keyToWire) }));

  app.post("/v1/keys", async (req, reply) => {
    const body = parseBody(createKeySchema, req.body);
    try {
      const scopes = typeof body.scopes === "string" ? body.scopes.split(",") : body.scopes;
      const { key, secret } = need().keys.create({ name: body.name, scopes, rpm: body.rpm, tpm: body.tpm });
      return reply.status(201).send({ ...keyToWire(key), key: secret });
    } catch (err) {
      if (err instanceof AccessError) throw badRequest(err.message, err.param);
      throw err;
    }
  });

  app.delete<{ Params: { id: string } }>("/v1/keys/:id", async (req) => {
    const access = need();
    if (!access.keys.revoke(req.params.id)) throw notFound(`no API key with id '${req.params.id}'`, "id", "key_not_found");
    return { ...keyToWire(access.keys.get(req.params.id)!), deleted: true };
  });

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>("/v1/usage", async (req) => {
    const q = req.query;
    const one = (name: string): string | undefined => {
      const v = q[name];
      if (Array.isArray(v)) throw badRequest(`give ${name} once`, name);
      return v;
    };
    const groupByRaw = one("group_by") ?? "key";
    if (!["key", "model", "provider"].includes(groupByRaw)) throw badRequest(`group_by must be key, model or provider, got '${groupByRaw}'`, "group_by");
    const groupBy = groupByRaw as UsageGroupBy;
    const time = (name: string, fallback: number) => {
      const v = one(name);
      if (v === undefined || v === "") return fallback;
      try {
        return parseTime(v, name);
      } catch (err) {
        throw badRequest((err as Error).message, name);
      }
    };
    const to = time("to", Date.now() + 1);
    const from = time("from", to - 30 * DAY_MS);
    if (from >= to) throw badRequest(`from (${new Date(from).toISOString()}) must be before to (${new Date(to).toISOString()})`, "from");
    const rows = need().usage.summarize({ from, to, groupBy });
    const sum = (f: (r: UsageRow) => number) => rows.reduce((a, r) => a + f(r), 0);
    return {
      object: "list",
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      group_by: groupBy,
      data: rows.map((r) => usageRowToWire(r, groupBy)),
      totals: {
        requests: sum((r) => r.requests),
        errors: sum((r) => r.errors),
        prompt_tokens: sum((r) => r.promptTokens),
        completion_tokens: sum((r) => r.completionTokens),
        reasoning_tokens: sum((r) => r.reasoningTokens),
        cached_tokens: sum((r) => r.cachedTokens),
        total_tokens: sum((r) => r.totalTokens),
      },
    };
  });
}

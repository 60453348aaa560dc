import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import type { CandorServices } from "../../runtime/services.js";
import { ApiError } from "../errors.js";
import { ModelError, type ChatMessage } from "../../models/chat-model.js";
import { ArenaError } from "../../evaluation/arena/arena-error.js";
import type { Arena } from "../../evaluation/arena/arena.js";

const messageSchema = z.object({
  role: z.enum(["system", "user", "assistant"]),
  // OpenAI content parts are accepted; only their text is used.
  content: z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() }).passthrough())]),
});

const battleBodySchema = z
  .object({
    prompt: z.string().min(1).optional(),
    messages: z.array(messageSchema).min(1).optional(),
    models: z.tuple([z.string().min(1), z.string().min(1)]).optional(),
    max_tokens: z.number().int().positive().optional(),
    temperature: z.number().min(0).max(2).optional(),
    language: z.string().optional(),
    stream: z.boolean().optional(),
  })
  .strict();

const voteBodySchema = z.object({ winner: z.enum(["A", "B", "tie", "both_bad"]) }).strict();

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const param = issue.path.length ? issue.path.join(".") : null;
  const message = issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : `${param ?? "body"}: ${issue.message}`;
  throw new ApiError(400, message, issue.code === "unrecognized_keys" ? issue.keys[0] : param, "invalid_value");
}

function toApiError(err: unknown): unknown {
  if (err instanceof ArenaError) {
    const status = { invalid: 400, not_found: 404, conflict: 409, unavailable: 503, judge_output: 502 }[err.kind];
    return new ApiError(status, err.message, err.param, err.kind === "invalid" ? "invalid_value" : err.kind);
  }
  if (err instanceof ModelError) return new ApiError(err.status, err.message, err.param, err.code);
  return err;
}

const booleanQuery = (name: string, v: unknown): boolean | undefined => {
  if (v === undefined) return undefined;
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  throw new ApiError(400, `${name} must be true or false, got '${String(v)}'`, name, "invalid_value");
};

const intQuery = (name: string, v: unknown, min: number, max: number): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== "string" || !/^-?\d+$/.test(v) || n < min || n > max) throw new ApiError(400, `${name} must be an integer from ${min} to ${max}, got '${String(v)}'`, name, "invalid_value");
  return n;
};

function writeSse(reply: FastifyReply, data: unknown): void {
  reply.raw.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
}

/** The blind arena: battles, votes, leaderboard, and LMArena-format import/export. */
export async function registerArenaRoutes(app: FastifyInstance, services: CandorServices): Promise<void> {
  await app.register(async (scope) => {
    // JSONL bodies for /v1/arena/import arrive as text; only this scope parses them.
    for (const type of ["application/x-ndjson", "application/jsonl", "application/x-jsonlines", "text/plain"]) {
      scope.addContentTypeParser(type, { parseAs: "string" }, (_req, body, done) => done(null, body));
    }

    const arena = (): Arena => {
      const a = services.evaluation?.arena;
      if (!a) throw new ApiError(503, "the arena is not enabled in this server", null, "arena_disabled");
      return a;
    };

    scope.post("/v1/arena/battles", async (req, reply) => {
      const body = parse(battleBodySchema, req.body);
      if (body.prompt === undefined && body.messages === undefined) throw new ApiError(400, "give `prompt` (a string) or `messages` (an array)", "prompt", "missing_required_parameter");
      if (body.prompt !== undefined && body.messages !== undefined) throw new ApiError(400, "give either `prompt` or `messages`, not both", "messages", "invalid_value");
      const messages: ChatMessage[] = body.messages
        ? body.messages.map((m) => ({ role: m.role, content: typeof m.content === "string" ? m.content : m.content.map((p) => p.text ?? "").join("") }))
        : [{ role: "user", content: body.prompt! }];
      const abort = new AbortController();
      const onClose = () => {
        if (!reply.raw.writableFinished) abort.abort(new Error("client disconnected"));
      };
      reply.raw.on("close", onClose);
      const request = { messages, models: body.models, maxTokens: body.max_tokens, temperature: body.temperature, language: body.language, signal: abort.signal };
      if (!body.stream) {
        try {
          return await arena().createBattle(request);
        } catch (err) {
          throw toApiError(err);
        } finally {
          reply.raw.off("close", onClose);
        }
      }
      const events = arena().streamBattle(request)[Symbol.asyncIterator]();
      // The first event comes after validation, so request errors still get a plain JSON 400.
      let first: IteratorResult<unknown>;
      try {
        first = await events.next();
      } catch (err) {
        reply.raw.off("close", onClose);
        throw toApiError(err);
      }
      reply.hijack();
      reply.raw.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
      try {
        if (!first.done) writeSse(reply, first.value);
        for (let e = await events.next(); !e.done; e = await events.next()) writeSse(reply, e.value);
        writeSse(reply, "[DONE]");
      } catch (err) {
        if (!abort.signal.aborted) {
          const api = toApiError(err);
          writeSse(reply, api instanceof ApiError ? api.toBody() : new ApiError(500, "internal server error", null, "internal_error").toBody());
          if (!(api instanceof ApiError)) services.log(`arena stream error: ${(err as Error).stack ?? err}`);
        }
      } finally {
        reply.raw.off("close", onClose);
        reply.raw.end();
      }
    });

    scope.get<{ Params: { id: string } }>("/v1/arena/battles/:id", async (req) => {
      try {
        return arena().getBattle(req.params.id);
      } catch (err) {
        throw toApiError(err);
      }
    });

    scope.post<{ Params: { id: string } }>("/v1/arena/battles/:id/vote", async (req) => {
      const body = parse(voteBodySchema, req.body);
      try {
        return arena().vote(req.params.id, body.winner, { kind: "human" });
      } catch (err) {
        throw toApiError(err);
      }
    });

    scope.get<{ Querystring: Record<string, string> }>("/v1/arena/leaderboard", async (req) => {
      const q = req.query;
      for (const k of Object.keys(q)) {
        if (!["style_control", "bootstrap", "seed"].includes(k)) throw new ApiError(400, `unknown query parameter '${k}' (accepted: style_control, bootstrap, seed)`, k, "invalid_value");
      }
      const board = arena().leaderboard({
        styleControl: booleanQuery("style_control", q.style_control),
        bootstrapRounds: intQuery("bootstrap", q.bootstrap, 0, 2000),
        seed: intQuery("seed", q.seed, 0, 2 ** 31 - 1),
      });
      return { object: "arena.leaderboard", ...board };
    });

    scope.post<{ Querystring: Record<string, string> }>("/v1/arena/import", async (req) => {
      const skipInvalid = booleanQuery("skip_invalid", req.query.skip_invalid) ?? false;
      let lines: string[];
      if (typeof req.body === "string") lines = req.body.split("\n");
      else if (Array.isArray(req.body)) lines = req.body.map((r) => JSON.stringify(r));
      else throw new ApiError(400, "send the battles as JSONL (content-type application/x-ndjson) or a JSON array of battle objects", "body", "invalid_value");
      try {
        return { object: "arena.import", ...(await arena().importJsonl(() => lines, { skipInvalid })) };
      } catch (err) {
        throw toApiError(err);
      }
    });

    scope.get("/v1/arena/export", async (_req, reply) => {
      const a = arena();
      reply.hijack();
      reply.raw.writeHead(200, { "content-type": "application/x-ndjson", "content-disposition": 'attachment; filename="arena-battles.jsonl"' });
      for (const line of a.exportJsonl()) {
        if (!reply.raw.write(line + "\n")) await new Promise((r) => reply.raw.once("drain", r));
        if (reply.raw.destroyed) break;
      }
      reply.raw.end();
    });
  });
}

import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { CandorServices } from "../../runtime/services.js";
import { parseBody } from "../openai/validation.js";
import { badRequest, notFound } from "../errors.js";

const patchSchema = z.object({
  title: z.string().max(200).optional(),
  model: z.string().nullish(),
  mode: z.enum(["fast", "thinking", "auto"]).nullish(),
  persona: z.string().max(20000).nullish(),
  instructions: z.string().max(20000).nullish(),
});

const messageSchema = z.object({
  role: z.enum(["system", "user", "assistant", "tool"]),
  content: z.string(),
  reasoning: z.string().nullish(),
  tool_calls: z.array(z.unknown()).optional(),
  tool_call_id: z.string().nullish(),
  citations: z.array(z.unknown()).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});
const appendSchema = z.object({ messages: z.array(messageSchema).min(1).max(500) });

/** Server-side conversations for the web app and `candor chat`. */
export async function registerConversationRoutes(app: FastifyInstance, services: CandorServices): Promise<void> {
  const store = services.conversations;
  const need = (id: string) => {
    const c = store.get(id);
    if (!c) throw notFound(`conversation '${id}' not found`, "conversation_id");
    return c;
  };

  app.get<{ Querystring: { q?: string; limit?: string; offset?: string } }>("/v1/conversations", async (req) => {
    const limit = req.query.limit ? Number(req.query.limit) : undefined;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw badRequest("limit must be a positive integer", "limit");
    return { object: "list", data: store.list({ query: req.query.q, limit, offset: req.query.offset ? Number(req.query.offset) : undefined }) };
  });
  app.post("/v1/conversations", async (req, reply) => {
    const body = parseBody(patchSchema, req.body ?? {});
    reply.status(201);
    return store.create({ ...body, model: body.model ?? null, mode: body.mode ?? null, persona: body.persona ?? null, instructions: body.instructions ?? null });
  });
  app.get<{ Params: { id: string } }>("/v1/conversations/:id", async (req) => ({ ...need(req.params.id), messages: store.messages(req.params.id) }));
  app.patch<{ Params: { id: string } }>("/v1/conversations/:id", async (req) => {
    need(req.params.id);
    return store.update(req.params.id, parseBody(patchSchema, req.body));
  });
  app.delete<{ Params: { id: string } }>("/v1/conversations/:id", async (req) => {
    need(req.params.id);
    store.delete(req.params.id);
    return { id: req.params.id, deleted: true };
  });
  app.post<{ Params: { id: string } }>("/v1/conversations/:id/messages", async (req, reply) => {
    need(req.params.id);
    const body = parseBody(appendSchema, req.body);
    reply.status(201);
    return {
      object: "list",
      data: store.append(
        req.params.id,
        body.messages.map((m) => ({ role: m.role, content: m.content, reasoning: m.reasoning, toolCalls: m.tool_calls, toolCallId: m.tool_call_id, citations: m.citations, meta: m.meta })),
      ),
    };
  });
  /** Edit-and-resend / regenerate: drop the messages from `from` (a seq number) on. */
  app.delete<{ Params: { id: string }; Querystring: { from?: string } }>("/v1/conversations/:id/messages", async (req) => {
    need(req.params.id);
    const from = Number(req.query.from);
    if (!Number.isInteger(from) || from < 1) throw badRequest("from must be the seq number (≥ 1) of the first message to delete", "from");
    return { deleted: store.truncate(req.params.id, from) };
  });
  app.get<{ Params: { id: string }; Querystring: { format?: string } }>("/v1/conversations/:id/export", async (req, reply) => {
    const meta = need(req.params.id);
    const format = req.query.format ?? "json";
    const base = (meta.title || "conversation").replace(/[^\w.-]+/g, "_").slice(0, 60);
    if (format === "md" || format === "markdown") {
      reply.header("content-type", "text/markdown; charset=utf-8").header("content-disposition", `attachment; filename="${base}.md"`);
      return store.exportMarkdown(req.params.id);
    }
    if (format !== "json") throw badRequest("format must be 'json' or 'md'", "format");
    reply.header("content-disposition", `attachment; filename="${base}.json"`);
    return { ...meta, messages: store.messages(req.params.id) };
  });
}

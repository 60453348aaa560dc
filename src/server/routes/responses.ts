import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { CandorServices } from "../../runtime/services.js";
import type { AssistantEvent, AssistantRequest } from "../../assistant/assistant.js";
import { emptyUsage, type ChatMessage, type Usage } from "../../models/chat-model.js";
import { parseBody } from "../openai/validation.js";
import { responseFormatSchema, searchParametersSchema, samplingFields, toolChoiceSchema } from "../openai/chat-schema.js";
import { flattenContent, toResponseFormat } from "../openai/chat-request.js";
import { ChoiceAccumulator, candorExtension } from "../openai/chat-response.js";
import { prime, resume, toApiError } from "../openai/model-errors.js";
import { badRequest, notFound } from "../errors.js";
import { SseStream } from "../sse.js";
import { recordUsage } from "../auth/index.js";

const inputText = z.object({ type: z.enum(["input_text", "output_text", "text"]), text: z.string() });
const inputImage = z.object({ type: z.literal("input_image"), image_url: z.string().min(1), detail: z.enum(["auto", "low", "high"]).optional() });
const inputContent = z.union([z.string(), z.array(z.union([inputText, inputImage]))]);

const inputItem = z.union([
  z.object({ type: z.literal("message").optional(), role: z.enum(["user", "assistant", "system", "developer"]), content: inputContent }),
  z.object({ type: z.literal("function_call"), call_id: z.string(), name: z.string(), arguments: z.string(), id: z.string().optional() }),
  z.object({ type: z.literal("function_call_output"), call_id: z.string(), output: z.string() }),
  z.object({ type: z.literal("reasoning"), summary: z.array(z.object({ text: z.string() })).default([]), id: z.string().optional() }),
]);

const responsesTool = z.union([
  z.object({ type: z.literal("function"), name: z.string().min(1), description: z.string().nullish(), parameters: z.record(z.string(), z.unknown()).nullish(), strict: z.boolean().nullish() }),
  z.object({ type: z.enum(["x_search", "web_search", "live_search"]), allowed_x_handles: z.array(z.string()).optional(), excluded_x_handles: z.array(z.string()).optional(), from_date: z.string().optional(), to_date: z.string().optional() }),
]);

const responsesRequestSchema = z.object({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(inputItem)]),
  instructions: z.string().nullish(),
  previous_response_id: z.string().nullish(),
  store: z.boolean().default(true),
  stream: z.boolean().nullish(),
  tools: z.array(responsesTool).optional(),
  tool_choice: z.union([toolChoiceSchema, z.object({ type: z.literal("function"), name: z.string() })]).optional(),
  parallel_tool_calls: z.boolean().nullish(),
  max_output_tokens: z.number().int().min(1).nullish(),
  temperature: samplingFields.temperature,
  top_p: samplingFields.top_p,
  seed: samplingFields.seed,
  reasoning: z.object({ effort: z.enum(["none", "minimal", "low", "medium", "high"]).nullish(), summary: z.string().nullish() }).nullish(),
  text: z.object({ format: z.union([responseFormatSchema, z.object({ type: z.literal("json_schema"), name: z.string().default("response"), schema: z.record(z.string(), z.unknown()), strict: z.boolean().nullish() })]).optional() }).nullish(),
  search_parameters: searchParametersSchema.optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});
type ResponsesRequest = z.infer<typeof responsesRequestSchema>;

const newId = (p: string) => `${p}_${randomBytes(12).toString("hex")}`;

function inputToMessages(input: ResponsesRequest["input"]): ChatMessage[] {
  if (typeof input === "string") return [{ role: "user", content: input }];
  const out: ChatMessage[] = [];
  let pendingReasoning: string | undefined;
  for (const item of input) {
    if (item.type === "reasoning") pendingReasoning = item.summary.map((s) => s.text).join("\n");
    else if (item.type === "function_call") {
      const last = out[out.length - 1];
      const call = { id: item.call_id, name: item.name, arguments: item.arguments };
      if (last?.role === "assistant" && !last.content) (last.toolCalls ??= []).push(call);
      else out.push({ role: "assistant", content: "", toolCalls: [call], reasoning: pendingReasoning });
      pendingReasoning = undefined;
    } else if (item.type === "function_call_output") out.push({ role: "tool", content: item.output, toolCallId: item.call_id });
    else {
      const content =
        typeof item.content === "string"
          ? item.content
          : (item.content.map((p) => (p.type === "input_image" ? { type: "image_url" as const, image_url: { url: p.image_url, detail: p.detail } } : { type: "text" as const, text: p.text })) as never);
      const { text, images } = flattenContent(content);
      const msg: ChatMessage = { role: item.role === "developer" ? "system" : item.role, content: text };
      if (images.length) msg.images = images;
      if (item.role === "assistant" && pendingReasoning) {
        msg.reasoning = pendingReasoning;
        pendingReasoning = undefined;
      }
      out.push(msg);
    }
  }
  return out;
}

function usageWire(u: Usage) {
  return {
    input_tokens: u.promptTokens,
    input_tokens_details: { cached_tokens: u.cachedTokens },
    output_tokens: u.completionTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens },
    total_tokens: u.promptTokens + u.completionTokens,
  };
}

/** Responses API over the same assistant path as chat completions; chains through previous_response_id. */
export async function registerResponsesRoutes(app: FastifyInstance, services: CandorServices): Promise<void> {
  const db = services.db;
  const loadPrevious = (id: string): ChatMessage[] => {
    const row = db.prepare("SELECT messages FROM stored_responses WHERE id = ?").get(id) as { messages: string } | undefined;
    if (!row) throw notFound(`previous_response_id '${id}' was not found (responses are kept only when store is true)`, "previous_response_id");
    return JSON.parse(row.messages);
  };

  app.post("/v1/responses", async (req, reply) => {
    const started = Date.now();
    const body = parseBody(responsesRequestSchema, req.body);
    const history = body.previous_response_id ? loadPrevious(body.previous_response_id) : [];
    const conversation = [...history.filter((m) => m.role !== "system"), ...inputToMessages(body.input)];
    const messages: ChatMessage[] = body.instructions ? [{ role: "system", content: body.instructions }, ...conversation] : conversation;
    if (!messages.some((m) => m.role === "user" || m.role === "tool")) throw badRequest("input must contain at least one user message", "input");

    const fnTools = (body.tools ?? []).flatMap((t) => (t.type === "function" ? [t] : []));
    const searchTool = (body.tools ?? []).find((t) => t.type !== "function") as { allowed_x_handles?: string[]; excluded_x_handles?: string[]; from_date?: string; to_date?: string } | undefined;
    const tc = body.tool_choice;
    const controller = new AbortController();
    const areq: AssistantRequest = {
      model: body.model,
      messages,
      reasoningEffort: body.reasoning?.effort ?? undefined,
      options: {
        maxTokens: body.max_output_tokens ?? undefined,
        temperature: body.temperature ?? undefined,
        topP: body.top_p ?? undefined,
        seed: body.seed ?? undefined,
        tools: fnTools.length ? fnTools.map((t) => ({ name: t.name, description: t.description ?? undefined, parameters: t.parameters ?? undefined })) : undefined,
        toolChoice: tc === undefined ? undefined : typeof tc === "string" ? tc : "name" in tc ? { name: tc.name } : { name: tc.function.name },
        parallelToolCalls: body.parallel_tool_calls ?? undefined,
        responseFormat: body.text?.format
          ? body.text.format.type === "json_schema" && "schema" in body.text.format
            ? { type: "json_schema", name: body.text.format.name, schema: body.text.format.schema }
            : toResponseFormat(body.text.format as never)
          : undefined,
        signal: controller.signal,
      },
      searchParameters:
        body.search_parameters || searchTool
          ? {
              mode: body.search_parameters?.mode ?? "on",
              fromDate: body.search_parameters?.from_date ?? searchTool?.from_date,
              toDate: body.search_parameters?.to_date ?? searchTool?.to_date,
              maxSearchResults: body.search_parameters?.max_search_results,
              allowedHandles: searchTool?.allowed_x_handles,
              excludedHandles: searchTool?.excluded_x_handles,
              returnCitations: true,
            }
          : undefined,
    };

    const id = newId("resp");
    const createdAt = Math.floor(Date.now() / 1000);
    const reasoningId = newId("rs");
    const messageId = newId("msg");
    const acc = new ChoiceAccumulator();
    const skeleton = (status: string, output: unknown[], usage?: Usage) => ({
      id,
      object: "response",
      created_at: createdAt,
      status,
      model: acc.model ?? body.model,
      output,
      instructions: body.instructions ?? null,
      previous_response_id: body.previous_response_id ?? null,
      parallel_tool_calls: body.parallel_tool_calls ?? true,
      tool_choice: body.tool_choice ?? "auto",
      tools: body.tools ?? [],
      temperature: body.temperature ?? null,
      top_p: body.top_p ?? null,
      max_output_tokens: body.max_output_tokens ?? null,
      reasoning: body.reasoning ?? null,
      store: body.store,
      metadata: body.metadata ?? {},
      error: null,
      incomplete_details: status === "incomplete" ? { reason: "max_output_tokens" } : null,
      usage: usage ? usageWire(usage) : null,
      ...(acc.hits.length ? { citations: acc.hits.map((h) => h.url) } : {}),
      candor: candorExtension(acc),
    });
    const annotations = () =>
      acc.hits.map((h, i) => {
        const marker = `[${i + 1}]`;
        const at = acc.content.indexOf(marker);
        return { type: "url_citation", url: h.url, title: h.title ?? h.text.slice(0, 80), start_index: Math.max(0, at), end_index: at >= 0 ? at + marker.length : 0 };
      });
    const outputItems = () => {
      const items: unknown[] = [];
      if (acc.reasoning) items.push({ type: "reasoning", id: reasoningId, summary: [{ type: "summary_text", text: acc.reasoning }] });
      acc.toolCalls.forEach((c, i) => items.push({ type: "function_call", id: `fc_${messageId.slice(4)}_${i}`, call_id: c.id, name: c.name, arguments: c.arguments, status: "completed" }));
      if (acc.content || !acc.toolCalls.length)
        items.push({ type: "message", id: messageId, role: "assistant", status: "completed", content: [{ type: "output_text", text: acc.content, annotations: annotations() }] });
      return items;
    };
    const finish = () => {
      const status = acc.finishReason === "length" ? "incomplete" : "completed";
      const result = skeleton(status, outputItems(), acc.usage ?? emptyUsage());
      if (body.store) {
        const assistantMsg: ChatMessage = { role: "assistant", content: acc.content, reasoning: acc.reasoning || undefined, toolCalls: acc.toolCalls.length ? acc.toolCalls : undefined };
        db.prepare("INSERT INTO stored_responses (id, previous_id, body, messages, created_at) VALUES (?, ?, ?, ?, ?)").run(
          id,
          body.previous_response_id ?? null,
          JSON.stringify(result),
          JSON.stringify([...conversation, assistantMsg]),
          new Date().toISOString(),
        );
      }
      return result;
    };

    const iterator = services.assistant.respond(areq)[Symbol.asyncIterator]();
    const primed = await prime(iterator, (e: AssistantEvent) => e.type !== "mode" && e.type !== "citations").catch((err) => {
      const apiErr = toApiError(err);
      recordUsage(services, req, body.model, emptyUsage(), apiErr.status, started);
      throw apiErr;
    });
    const events = resume(primed.buffered, iterator, primed.done);

    if (!body.stream) {
      reply.raw.on("close", () => {
        if (!reply.raw.writableEnded) controller.abort();
      });
      try {
        for await (const e of events) acc.add(e);
      } catch (err) {
        const apiErr = toApiError(err);
        recordUsage(services, req, acc.model ?? body.model, acc.usage ?? emptyUsage(), apiErr.status, started);
        throw apiErr;
      }
      recordUsage(services, req, acc.model ?? body.model, acc.usage ?? emptyUsage(), 200, started);
      return finish();
    }

    const sse = new SseStream(req, reply);
    sse.signal.addEventListener("abort", () => controller.abort());
    let seq = 0;
    const emit = (type: string, data: Record<string, unknown>) => sse.send({ type, sequence_number: seq++, ...data }, type);
    let outputIndex = 0;
    let reasoningOpen = false;
    let messageOpen = false;
    const closeReasoning = async () => {
      if (!reasoningOpen) return;
      reasoningOpen = false;
      const part = { type: "summary_text", text: acc.reasoning };
      await emit("response.reasoning_summary_text.done", { item_id: reasoningId, output_index: outputIndex, summary_index: 0, text: acc.reasoning });
      await emit("response.reasoning_summary_part.done", { item_id: reasoningId, output_index: outputIndex, summary_index: 0, part });
      await emit("response.output_item.done", { output_index: outputIndex, item: { type: "reasoning", id: reasoningId, summary: [part] } });
      outputIndex++;
    };
    let status = 500;
    try {
      await emit("response.created", { response: skeleton("in_progress", []) });
      await emit("response.in_progress", { response: skeleton("in_progress", []) });
      for await (const e of events) {
        acc.add(e);
        if (e.type === "reasoning") {
          if (!reasoningOpen) {
            reasoningOpen = true;
            await emit("response.output_item.added", { output_index: outputIndex, item: { type: "reasoning", id: reasoningId, summary: [] } });
            await emit("response.reasoning_summary_part.added", { item_id: reasoningId, output_index: outputIndex, summary_index: 0, part: { type: "summary_text", text: "" } });
          }
          await emit("response.reasoning_summary_text.delta", { item_id: reasoningId, output_index: outputIndex, summary_index: 0, delta: e.text });
        } else if (e.type === "content") {
          await closeReasoning();
          if (!messageOpen) {
            messageOpen = true;
            await emit("response.output_item.added", { output_index: outputIndex, item: { type: "message", id: messageId, role: "assistant", status: "in_progress", content: [] } });
            await emit("response.content_part.added", { item_id: messageId, output_index: outputIndex, content_index: 0, part: { type: "output_text", text: "", annotations: [] } });
          }
          await emit("response.output_text.delta", { item_id: messageId, output_index: outputIndex, content_index: 0, delta: e.text });
        } else if (e.type === "tool_call") {
          await closeReasoning();
          const item = { type: "function_call", id: `fc_${messageId.slice(4)}_${e.index}`, call_id: e.call.id, name: e.call.name, arguments: "", status: "in_progress" };
          const idx = outputIndex + (messageOpen ? 1 : 0) + e.index;
          await emit("response.output_item.added", { output_index: idx, item });
          await emit("response.function_call_arguments.delta", { item_id: item.id, output_index: idx, delta: e.call.arguments });
          await emit("response.function_call_arguments.done", { item_id: item.id, output_index: idx, arguments: e.call.arguments });
          await emit("response.output_item.done", { output_index: idx, item: { ...item, arguments: e.call.arguments, status: "completed" } });
        }
        if (sse.closed) break;
      }
      await closeReasoning();
      if (messageOpen) {
        const part = { type: "output_text", text: acc.content, annotations: annotations() };
        await emit("response.output_text.done", { item_id: messageId, output_index: outputIndex, content_index: 0, text: acc.content });
        await emit("response.content_part.done", { item_id: messageId, output_index: outputIndex, content_index: 0, part });
        await emit("response.output_item.done", { output_index: outputIndex, item: { type: "message", id: messageId, role: "assistant", status: "completed", content: [part] } });
      }
      const result = finish();
      await emit(result.status === "incomplete" ? "response.incomplete" : "response.completed", { response: result });
      status = 200;
    } catch (err) {
      const apiErr = toApiError(err);
      status = apiErr.status;
      await emit("error", { code: apiErr.code, message: apiErr.message, param: apiErr.param });
    } finally {
      if (sse.signal.aborted) status = 499;
      sse.end();
      recordUsage(services, req, acc.model ?? body.model, acc.usage ?? emptyUsage(), status, started);
    }
    return reply;
  });

  app.get<{ Params: { id: string } }>("/v1/responses/:id", async (req) => {
    const row = db.prepare("SELECT body FROM stored_responses WHERE id = ?").get(req.params.id) as { body: string } | undefined;
    if (!row) throw notFound(`response '${req.params.id}' not found`, "response_id");
    return JSON.parse(row.body);
  });

  app.delete<{ Params: { id: string } }>("/v1/responses/:id", async (req) => {
    const n = db.prepare("DELETE FROM stored_responses WHERE id = ?").run(req.params.id).changes;
    if (!n) throw notFound(`response '${req.params.id}' not found`, "response_id");
    return { id: req.params.id, object: "response", deleted: true };
  });
}

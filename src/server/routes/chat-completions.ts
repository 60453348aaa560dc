import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { CandorServices } from "../../runtime/services.js";
import type { AssistantEvent, AssistantRequest } from "../../assistant/assistant.js";
import { addUsage, emptyUsage, type Usage } from "../../models/chat-model.js";
import { parseBody } from "../openai/validation.js";
import { chatCompletionRequestSchema, type ChatCompletionRequest } from "../openai/chat-schema.js";
import { toAssistantRequest } from "../openai/chat-request.js";
import {
  ChoiceAccumulator,
  candorExtension,
  completionId,
  logprobsToWire,
  toolCallToWire,
  usageToWire,
} from "../openai/chat-response.js";
import { mergeStreams, prime, resume, toApiError } from "../openai/model-errors.js";
import { SseStream } from "../sse.js";
import { recordUsage } from "../auth/index.js";
import { badRequest, notFound } from "../errors.js";

const isModelOutput = (e: AssistantEvent) => e.type !== "mode" && e.type !== "citations";

/** Starts n assistant runs and waits until each has produced its first model event (or failed). */
async function startChoices(services: CandorServices, areq: AssistantRequest, n: number) {
  const runs = Array.from({ length: n }, (_, i) =>
    services.assistant.respond(n > 1 && areq.options.seed !== undefined ? { ...areq, options: { ...areq.options, seed: areq.options.seed + i } } : areq),
  );
  const iterators = runs.map((r) => r[Symbol.asyncIterator]());
  try {
    const primed = await Promise.all(iterators.map((it) => prime(it, isModelOutput)));
    return primed.map((p, i) => resume(p.buffered, iterators[i]!, p.done));
  } catch (err) {
    await Promise.allSettled(iterators.map((it) => it.return?.(undefined)));
    throw err;
  }
}

const totalUsage = (accs: ChoiceAccumulator[]): Usage => accs.reduce<Usage>((u, a) => addUsage(u, a.usage ?? emptyUsage()), emptyUsage());

/** The non-streaming chat.completion object (also what deferred completions store) and the tokens it used. */
export async function completeChat(services: CandorServices, body: ChatCompletionRequest, signal: AbortSignal) {
  const areq = toAssistantRequest(body, signal);
  const n = body.n ?? 1;
  const streams = await startChoices(services, areq, n);
  const accs = await Promise.all(
    streams.map(async (s) => {
      const acc = new ChoiceAccumulator();
      for await (const e of s) acc.add(e);
      return acc;
    }),
  );
  const first = accs[0]!;
  const usage = totalUsage(accs);
  const exclude = body.reasoning?.exclude === true;
  const returnCitations = areq.searchParameters?.returnCitations !== false;
  const completion = {
    id: completionId(),
    object: "chat.completion" as const,
    created: Math.floor(Date.now() / 1000),
    model: first.model ?? body.model,
    system_fingerprint: "candor",
    choices: accs.map((a, index) => ({
      index,
      message: {
        role: "assistant" as const,
        content: a.toolCalls.length && !a.content ? null : a.content,
        refusal: null,
        ...(a.reasoning && !exclude ? { reasoning_content: a.reasoning, reasoning: a.reasoning } : {}),
        ...(a.toolCalls.length ? { tool_calls: a.toolCalls.map(toolCallToWire) } : {}),
      },
      logprobs: areq.options.topLogprobs !== undefined ? { content: logprobsToWire(a.logprobs), refusal: null } : null,
      finish_reason: a.finishReason ?? "stop",
    })),
    usage: usageToWire(usage),
    ...(returnCitations && first.hits.length ? { citations: first.hits.map((h) => h.url) } : {}),
    candor: candorExtension(first),
  };
  return { completion, usage };
}

async function streamChat(services: CandorServices, body: ChatCompletionRequest, req: FastifyRequest, reply: FastifyReply, started: number) {
  const controller = new AbortController();
  const areq = toAssistantRequest(body, controller.signal);
  const n = body.n ?? 1;
  // Errors before the first token (unknown model, queue full…) still get a proper HTTP status.
  const streams = await startChoices(services, areq, n);
  const sse = new SseStream(req, reply);
  sse.signal.addEventListener("abort", () => controller.abort(sse.signal.reason));
  const id = completionId();
  const created = Math.floor(Date.now() / 1000);
  const accs = streams.map(() => new ChoiceAccumulator());
  let model = body.model;
  const exclude = body.reasoning?.exclude === true;
  const returnCitations = areq.searchParameters?.returnCitations !== false;
  const chunk = (index: number, delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}) => ({
    id,
    object: "chat.completion.chunk",
    created,
    model,
    system_fingerprint: "candor",
    choices: [{ index, delta, logprobs: null, finish_reason: finish }],
    ...extra,
  });
  let status = 200;
  try {
    for (let i = 0; i < n; i++) await sse.send(chunk(i, { role: "assistant", content: "" }));
    for await (const { index, value: e } of mergeStreams(streams)) {
      const acc = accs[index]!;
      acc.add(e);
      if (e.type === "reasoning" && !exclude) await sse.send(chunk(index, { reasoning_content: e.text, reasoning: e.text }));
      else if (e.type === "content") {
        const c = chunk(index, { content: e.text });
        if (e.logprobs && areq.options.topLogprobs !== undefined) c.choices[0]!.logprobs = { content: logprobsToWire(e.logprobs), refusal: null } as never;
        await sse.send(c);
      } else if (e.type === "tool_call")
        await sse.send(chunk(index, { tool_calls: [{ index: e.index, ...toolCallToWire(e.call) }] }));
      else if (e.type === "done") {
        if (e.model) model = e.model;
        const extra: Record<string, unknown> = { candor: candorExtension(acc) };
        if (returnCitations && acc.hits.length) extra.citations = acc.hits.map((h) => h.url);
        await sse.send(chunk(index, {}, e.finishReason, extra));
      }
      if (sse.closed) break;
    }
    if (body.stream_options?.include_usage && !sse.closed) {
      await sse.send({ id, object: "chat.completion.chunk", created, model, system_fingerprint: "candor", choices: [], usage: usageToWire(totalUsage(accs)) });
    }
  } catch (err) {
    const apiErr = toApiError(err);
    status = apiErr.status;
    if (!sse.closed) await sse.send(apiErr.toBody());
  } finally {
    if (sse.signal.aborted) status = 499;
    // A choice that failed ends the stream: stop the others' generations too (a no-op when all have finished).
    controller.abort(new Error("stream ended"));
    await sse.send("[DONE]");
    sse.end();
    recordUsage(services, req, model, totalUsage(accs), status, started);
  }
}

export async function registerChatCompletionRoutes(app: FastifyInstance, services: CandorServices): Promise<void> {
  app.post("/v1/chat/completions", async (req, reply) => {
    const started = Date.now();
    const body = parseBody(chatCompletionRequestSchema, req.body);
    if (body.deferred) {
      if (body.stream) throw badRequest("a deferred completion cannot be streamed: drop stream or deferred", "stream");
      const id = services.deferred.start(async (signal) => {
        try {
          const { completion, usage } = await completeChat(services, { ...body, deferred: false }, signal);
          recordUsage(services, req, completion.model, usage, 200, started);
          return completion;
        } catch (err) {
          recordUsage(services, req, body.model, emptyUsage(), toApiError(err).status, started);
          throw err;
        }
      });
      return reply.status(200).send({ request_id: id });
    }
    if (body.stream) {
      try {
        await streamChat(services, body, req, reply, started);
      } catch (err) {
        recordUsage(services, req, body.model, emptyUsage(), toApiError(err).status, started);
        throw toApiError(err);
      }
      return reply;
    }
    const controller = new AbortController();
    const onClose = () => {
      if (!reply.raw.writableEnded) controller.abort(new Error("client disconnected"));
    };
    reply.raw.on("close", onClose);
    try {
      const { completion, usage } = await completeChat(services, body, controller.signal);
      recordUsage(services, req, completion.model, usage, 200, started);
      return completion;
    } catch (err) {
      const apiErr = toApiError(err);
      recordUsage(services, req, body.model, emptyUsage(), apiErr.status, started);
      throw apiErr;
    } finally {
      reply.raw.off("close", onClose);
    }
  });

  app.get<{ Params: { id: string } }>("/v1/chat/deferred-completion/:id", async (req, reply) => {
    const r = services.deferred.take(req.params.id);
    if (r.state === "pending") return reply.status(202).send({ request_id: req.params.id, status: "pending" });
    if (r.state === "missing")
      throw notFound(`no deferred completion '${req.params.id}' (unknown, already delivered, or older than 24 h)`, "request_id");
    if (r.state === "failed") {
      const e = toApiError(r.error);
      return reply.status(e.status).send(e.toBody());
    }
    return r.result;
  });
}

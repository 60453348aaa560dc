import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { CandorServices } from "../../runtime/services.js";
import { addUsage, collectGeneration, emptyUsage, type GenerateOptions } from "../../models/chat-model.js";
import { parseBody } from "../openai/validation.js";
import { samplingFields } from "../openai/chat-schema.js";
import { completionId, usageToWire } from "../openai/chat-response.js";
import { toApiError } from "../openai/model-errors.js";
import { ApiError, badRequest } from "../errors.js";
import { SseStream } from "../sse.js";
import { recordUsage } from "../auth/index.js";

const completionRequestSchema = z.object({
  model: z.string().min(1),
  prompt: z.union([z.string(), z.array(z.string()).min(1).max(8)]),
  ...samplingFields,
  echo: z.boolean().optional(),
  suffix: z.string().nullish(),
});

const embeddingRequestSchema = z.object({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string()).min(1).max(2048)]),
  encoding_format: z.enum(["float", "base64"]).default("float"),
  dimensions: z.number().int().positive().optional(),
});

export async function registerCompletionRoutes(app: FastifyInstance, services: CandorServices): Promise<void> {
  /** Legacy plain-prompt completions: no chat template, the model continues the text. */
  app.post("/v1/completions", async (req, reply) => {
    const started = Date.now();
    const body = parseBody(completionRequestSchema, req.body);
    const [model] = services.assistant.resolveModels(body.model).candidates;
    if (!model?.complete) throw badRequest(`the model '${body.model}' does not support plain-prompt completions`, "model", "unsupported_model");
    const prompts = Array.isArray(body.prompt) ? body.prompt : [body.prompt];
    const controller = new AbortController();
    const stop = body.stop === null || body.stop === undefined ? undefined : Array.isArray(body.stop) ? body.stop : [body.stop];
    const opts: GenerateOptions = {
      maxTokens: body.max_tokens ?? 16,
      temperature: body.temperature ?? undefined,
      topP: body.top_p ?? undefined,
      seed: body.seed ?? undefined,
      stop,
      signal: controller.signal,
    };
    const id = completionId("cmpl");
    const created = Math.floor(Date.now() / 1000);
    if (body.stream) {
      const iterators = prompts.map((p) => model.complete!(p, opts)[Symbol.asyncIterator]());
      const sse = new SseStream(req, reply);
      sse.signal.addEventListener("abort", () => controller.abort());
      let usage = emptyUsage();
      let status = 200;
      try {
        for (let index = 0; index < iterators.length; index++) {
          if (body.echo) await sse.send({ id, object: "text_completion", created, model: model.id, choices: [{ index, text: prompts[index], logprobs: null, finish_reason: null }] });
          for (;;) {
            const r = await iterators[index]!.next();
            if (r.done) break;
            const e = r.value;
            if (e.type === "content") await sse.send({ id, object: "text_completion", created, model: model.id, choices: [{ index, text: e.text, logprobs: null, finish_reason: null }] });
            else if (e.type === "done") {
              usage = addUsage(usage, e.usage);
              await sse.send({ id, object: "text_completion", created, model: model.id, choices: [{ index, text: "", logprobs: null, finish_reason: e.finishReason }] });
            }
          }
        }
      } catch (err) {
        const apiErr = toApiError(err);
        status = apiErr.status;
        if (!sse.closed) await sse.send(apiErr.toBody());
      } finally {
        if (sse.signal.aborted) status = 499;
        await sse.send("[DONE]");
        sse.end();
        recordUsage(services, req, model.id, usage, status, started);
      }
      return reply;
    }
    reply.raw.on("close", () => {
      if (!reply.raw.writableEnded) controller.abort();
    });
    try {
      const results = await Promise.all(prompts.map((p) => collectGeneration(model.complete!(p, opts))));
      const usage = results.reduce((u, r) => addUsage(u, r.usage), emptyUsage());
      recordUsage(services, req, model.id, usage, 200, started);
      return {
        id,
        object: "text_completion",
        created,
        model: model.id,
        choices: results.map((r, index) => ({ index, text: (body.echo ? prompts[index] : "") + r.content, logprobs: null, finish_reason: r.finishReason })),
        usage: usageToWire(usage),
      };
    } catch (err) {
      const apiErr = toApiError(err);
      recordUsage(services, req, model.id, emptyUsage(), apiErr.status, started);
      throw apiErr;
    }
  });

  app.post("/v1/embeddings", async (req) => {
    const started = Date.now();
    const body = parseBody(embeddingRequestSchema, req.body);
    const [model] = services.assistant.resolveModels(body.model).candidates;
    if (!model?.embed) throw badRequest(`the model '${body.model}' cannot compute embeddings`, "model", "unsupported_model");
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    if (inputs.some((s) => s.length === 0)) throw badRequest("input must not contain empty strings", "input");
    try {
      const { embeddings, promptTokens } = await model.embed(inputs);
      recordUsage(services, req, model.id, { ...emptyUsage(), promptTokens }, 200, started);
      return {
        object: "list",
        model: model.id,
        data: embeddings.map((vec, index) => {
          const v = body.dimensions ? vec.slice(0, body.dimensions) : vec;
          return {
            object: "embedding",
            index,
            embedding: body.encoding_format === "base64" ? Buffer.from(new Float32Array(v).buffer).toString("base64") : v,
          };
        }),
        usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
      };
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : toApiError(err);
      recordUsage(services, req, model.id, emptyUsage(), apiErr.status, started);
      throw apiErr;
    }
  });
}

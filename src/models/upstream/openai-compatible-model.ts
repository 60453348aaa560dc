import { createParser } from "eventsource-parser";
import {
  ModelError,
  emptyUsage,
  type ChatMessage,
  type ChatModel,
  type FinishReason,
  type GenerateOptions,
  type GenerationEvent,
  type ModelCapabilities,
  type ModelInfo,
  type TokenLogprob,
  type Usage,
} from "../chat-model.js";
import { chatCompletionsBody, completionsBody } from "./request-body.js";
import { ThinkTagSplitter } from "./think-tag-splitter.js";
import { ToolCallAccumulator } from "./tool-call-accumulator.js";
import type { ReplicaPool } from "./replica-pool.js";
import {
  cancelledError,
  connectionError,
  errorFromStatus,
  isReplicaFailure,
  redact,
  timeoutError,
  type UpstreamErrorContext,
} from "./upstream-errors.js";

export interface OpenAICompatibleModelOptions {
  /** Provider name from the config; the model's id is `provider/model`. */
  provider: string;
  /** The model name the upstream knows. */
  model: string;
  pool: ReplicaPool;
  apiKey?: string;
  headers?: Record<string, string>;
  /** Longest silence allowed: before the first byte of the response and between two chunks. */
  timeoutMs?: number;
  contextLength?: number;
  capabilities?: Partial<ModelCapabilities>;
}

const DEFAULT_CAPABILITIES: ModelCapabilities = {
  chat: true,
  thinking: true,
  tools: true,
  jsonSchema: true,
  embeddings: true,
  vision: true,
  logprobs: true,
};

type StreamMode = "chat" | "completion";

/**
 * A model served by any OpenAI-compatible HTTP server (vLLM, SGLang, llama.cpp server, Ollama, xAI, OpenAI,
 * aggregators). Streams chunk by chunk — one upstream SSE event becomes its GenerationEvents before the next
 * read — and normalises reasoning from `reasoning_content`, `reasoning` and `<think>` tags into reasoning events.
 */
export class OpenAICompatibleModel implements ChatModel {
  readonly id: string;
  readonly provider: string;
  readonly upstreamModel: string;
  private readonly timeoutMs: number;
  private readonly errorContext: UpstreamErrorContext;

  constructor(private readonly opts: OpenAICompatibleModelOptions) {
    this.provider = opts.provider;
    this.upstreamModel = opts.model;
    this.id = `${opts.provider}/${opts.model}`;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.errorContext = {
      provider: opts.provider,
      model: opts.model,
      secrets: [opts.apiKey ?? "", ...opts.pool.replicas.map((r) => r.baseUrl)],
    };
  }

  info(): ModelInfo {
    return {
      id: this.id,
      provider: this.provider,
      ownedBy: this.provider,
      ...(this.opts.contextLength ? { contextLength: this.opts.contextLength } : {}),
      capabilities: { ...DEFAULT_CAPABILITIES, ...this.opts.capabilities },
      details: { upstreamModel: this.upstreamModel, replicas: this.opts.pool.replicas.length },
    };
  }

  generate(messages: ChatMessage[], options: GenerateOptions): AsyncIterable<GenerationEvent> {
    return this.streamWithReplicas("/chat/completions", chatCompletionsBody(this.upstreamModel, messages, options), options, "chat");
  }

  complete(prompt: string, options: GenerateOptions): AsyncIterable<GenerationEvent> {
    return this.streamWithReplicas("/completions", completionsBody(this.upstreamModel, prompt, options), options, "completion");
  }

  async embed(texts: string[], options: { signal?: AbortSignal } = {}): Promise<{ embeddings: number[][]; promptTokens: number }> {
    const json = (await this.postJson("/embeddings", { model: this.upstreamModel, input: texts }, options.signal)) as {
      data?: { embedding: number[]; index?: number }[];
      usage?: { prompt_tokens?: number };
    };
    if (!Array.isArray(json.data) || json.data.length !== texts.length) {
      throw new ModelError(`upstream provider '${this.provider}' returned ${json.data?.length ?? 0} embeddings for ${texts.length} inputs`, 502, "upstream_bad_response", null, true);
    }
    const rows = [...json.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    return { embeddings: rows.map((r) => r.embedding), promptTokens: json.usage?.prompt_tokens ?? 0 };
  }

  /**
   * Tries replicas of the pool in turn while a replica fails before sending anything (connection refused, 5xx,
   * timeout); once an event has been yielded, a failure is the caller's to handle. One generator for the whole
   * thing: every layer of async generator costs a promise hop per event, which shows at 100k+ chunks/s.
   */
  private async *streamWithReplicas(path: string, body: Record<string, unknown>, options: GenerateOptions, mode: StreamMode): AsyncGenerator<GenerationEvent> {
    const payload = JSON.stringify(body);
    const tried = new Set<number>();
    let lastError: ModelError | undefined;
    for (;;) {
      if (options.signal?.aborted) throw cancelledError();
      const lease = this.opts.pool.acquire(tried);
      if (!lease) throw lastError ?? this.noReplicaError();
      tried.add(lease.replica.index);
      let yielded = false;
      let outcome: "success" | "failure" | "neutral" = "neutral";
      const ctl = new AbortController();
      const signal = options.signal ? AbortSignal.any([options.signal, ctl.signal]) : ctl.signal;
      // One timer for the whole stream: armed only while waiting on the upstream, so a slow consumer never trips it.
      let waiting: "first byte" | "next chunk" | null = "first byte";
      let timedOut: "first byte" | "next chunk" | null = null;
      const timer = setTimeout(() => {
        if (!waiting) return;
        timedOut = waiting;
        ctl.abort();
      }, this.timeoutMs);
      try {
        let res: Response;
        try {
          res = await fetch(lease.replica.baseUrl + path, { method: "POST", headers: this.requestHeaders(true), body: payload, signal });
        } catch (err) {
          throw this.failure(err, timedOut, options.signal);
        }
        if (!res.ok || !res.body) {
          const text = await res.text().catch(() => "");
          throw errorFromStatus(res.status, text, this.errorContext);
        }
        const state = new StreamState(mode, this.id);
        const pending: string[] = [];
        const parser = createParser({ onEvent: (m) => pending.push(m.data) });
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let sawDone = false;
        for (;;) {
          waiting = "next chunk";
          timer.refresh();
          let chunk: ReadableStreamReadResult<Uint8Array>;
          try {
            chunk = await reader.read();
          } catch (err) {
            throw this.failure(err, timedOut, options.signal);
          }
          waiting = null;
          if (chunk.done) break;
          parser.feed(decoder.decode(chunk.value, { stream: true }));
          for (let i = 0; i < pending.length; i++) {
            const data = pending[i]!;
            if (data === "[DONE]") {
              sawDone = true;
              continue;
            }
            const events = state.accept(data, this.errorContext);
            for (let k = 0; k < events.length; k++) {
              yielded = true;
              yield events[k]!;
            }
          }
          pending.length = 0;
        }
        if (!sawDone && !state.finishReason) {
          throw new ModelError(`upstream provider '${this.provider}' closed the stream before the answer finished`, 502, "upstream_stream_interrupted", null, true);
        }
        for (const e of state.finish(payload.length)) {
          yielded = true;
          yield e;
        }
        outcome = "success";
        return;
      } catch (err) {
        const e = this.normalise(err, options.signal);
        outcome = isReplicaFailure(e) ? "failure" : e.code === "cancelled" || e.status === 429 ? "neutral" : "success";
        if (!yielded && outcome === "failure" && tried.size < this.opts.pool.replicas.length) {
          lastError = e;
          continue;
        }
        throw e;
      } finally {
        waiting = null;
        clearTimeout(timer);
        // Stopping early (client gone, caller broke out of the loop) must close the upstream request too; after a
        // complete answer aborting would cost the kept-alive connection.
        if (outcome !== "success") ctl.abort();
        lease.release(outcome);
      }
    }
  }

  private async postJson(path: string, body: unknown, callerSignal?: AbortSignal): Promise<unknown> {
    const payload = JSON.stringify(body);
    const tried = new Set<number>();
    let lastError: ModelError | undefined;
    for (;;) {
      const lease = this.opts.pool.acquire(tried);
      if (!lease) throw lastError ?? this.noReplicaError();
      tried.add(lease.replica.index);
      const ctl = new AbortController();
      const signal = callerSignal ? AbortSignal.any([callerSignal, ctl.signal]) : ctl.signal;
      let timedOut: "first byte" | null = null;
      const timer = setTimeout(() => {
        timedOut = "first byte";
        ctl.abort();
      }, this.timeoutMs);
      let outcome: "success" | "failure" | "neutral" = "neutral";
      try {
        let res: Response;
        let text: string;
        try {
          res = await fetch(lease.replica.baseUrl + path, { method: "POST", headers: this.requestHeaders(false), body: payload, signal });
          text = await res.text();
        } catch (err) {
          throw this.failure(err, timedOut, callerSignal);
        }
        if (!res.ok) throw errorFromStatus(res.status, text, this.errorContext);
        outcome = "success";
        try {
          return JSON.parse(text);
        } catch {
          throw new ModelError(`upstream provider '${this.provider}' answered with something that is not JSON`, 502, "upstream_bad_response", null, true);
        }
      } catch (err) {
        const e = this.normalise(err, callerSignal);
        if (outcome !== "success") outcome = isReplicaFailure(e) ? "failure" : e.status === 429 || e.code === "cancelled" ? "neutral" : "success";
        if (outcome === "failure" && tried.size < this.opts.pool.replicas.length) {
          lastError = e;
          continue;
        }
        throw e;
      } finally {
        clearTimeout(timer);
        lease.release(outcome);
      }
    }
  }

  private requestHeaders(stream: boolean): Record<string, string> {
    return {
      "content-type": "application/json",
      accept: stream ? "text/event-stream" : "application/json",
      ...(this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {}),
      ...this.opts.headers,
    };
  }

  private failure(err: unknown, timedOut: "first byte" | "next chunk" | null, callerSignal: AbortSignal | undefined): ModelError {
    if (callerSignal?.aborted) return cancelledError();
    if (timedOut) return timeoutError(this.errorContext, this.timeoutMs, timedOut);
    return connectionError(this.errorContext, err);
  }

  private normalise(err: unknown, callerSignal: AbortSignal | undefined): ModelError {
    if (callerSignal?.aborted) return cancelledError();
    if (err instanceof ModelError) return err;
    return new ModelError(
      `upstream provider '${this.provider}' failed: ${redact(String((err as Error)?.message ?? err), this.errorContext.secrets)}`,
      502,
      "upstream_error",
      null,
      true,
    );
  }

  private noReplicaError(): ModelError {
    const wait = Math.ceil(this.opts.pool.nextAvailableInMs() / 1000);
    return new ModelError(
      `every replica of upstream provider '${this.provider}' is failing; the next retry is in about ${wait} s`,
      503,
      "upstream_unavailable",
      null,
      true,
    );
  }
}

interface ChunkJson {
  error?: unknown;
  choices?: {
    delta?: { content?: unknown; reasoning_content?: unknown; reasoning?: unknown; tool_calls?: unknown };
    text?: unknown;
    finish_reason?: string | null;
    logprobs?: { content?: RawLogprob[] | null } | null;
  }[];
  usage?: {
    prompt_tokens?: number;
    completion_tokens?: number;
    completion_tokens_details?: { reasoning_tokens?: number } | null;
    prompt_tokens_details?: { cached_tokens?: number } | null;
  } | null;
}

interface RawLogprob {
  token: string;
  logprob: number;
  bytes?: number[] | null;
  top_logprobs?: { token: string; logprob: number; bytes?: number[] | null }[];
}

/** What one streamed answer has said so far; turns each SSE data payload into GenerationEvents. */
class StreamState {
  finishReason: FinishReason | undefined;
  private usage: Usage | undefined;
  private readonly splitter = new ThinkTagSplitter();
  private readonly tools = new ToolCallAccumulator();
  private deltas = 0;

  constructor(
    private readonly mode: StreamMode,
    private readonly modelId: string,
  ) {}

  accept(data: string, ctx: UpstreamErrorContext): GenerationEvent[] {
    let json: ChunkJson;
    try {
      json = JSON.parse(data) as ChunkJson;
    } catch {
      throw new ModelError(`upstream provider '${ctx.provider}' streamed a chunk that is not JSON`, 502, "upstream_bad_response", null, true);
    }
    if (json.error) {
      const e = json.error as { message?: unknown; code?: unknown; status?: unknown };
      const status = typeof e.code === "number" ? e.code : typeof e.status === "number" ? e.status : 500;
      throw errorFromStatus(status, JSON.stringify({ error: { message: typeof e.message === "string" ? e.message : "stream error" } }), ctx);
    }
    const out: GenerationEvent[] = [];
    const choice = json.choices?.[0];
    if (choice) {
      if (this.mode === "chat") {
        const d = choice.delta;
        if (d) {
          const reasoning = typeof d.reasoning_content === "string" ? d.reasoning_content : typeof d.reasoning === "string" ? d.reasoning : "";
          if (reasoning) {
            this.deltas++;
            out.push({ type: "reasoning", text: reasoning });
          }
          if (typeof d.content === "string" && d.content) {
            this.deltas++;
            this.pushContent(out, d.content, choice.logprobs?.content);
          }
          if (Array.isArray(d.tool_calls)) this.tools.add(d.tool_calls);
        }
      } else if (typeof choice.text === "string" && choice.text) {
        this.deltas++;
        out.push({ type: "content", text: choice.text });
      }
      if (choice.finish_reason) this.finishReason = mapFinishReason(choice.finish_reason);
    }
    if (json.usage) {
      const u = json.usage;
      this.usage = {
        promptTokens: u.prompt_tokens ?? 0,
        completionTokens: u.completion_tokens ?? 0,
        reasoningTokens: u.completion_tokens_details?.reasoning_tokens ?? 0,
        cachedTokens: u.prompt_tokens_details?.cached_tokens ?? 0,
      };
    }
    return out;
  }

  private pushContent(out: GenerationEvent[], text: string, raw: RawLogprob[] | null | undefined): void {
    const logprobs = raw?.length ? raw.map(toTokenLogprob) : undefined;
    const pieces = this.splitter.push(text);
    let attached = false;
    for (const p of pieces) {
      if (p.kind === "reasoning") out.push({ type: "reasoning", text: p.text });
      else if (logprobs && !attached) {
        attached = true;
        out.push({ type: "content", text: p.text, logprobs });
      } else out.push({ type: "content", text: p.text });
    }
  }

  /** The tail: text held back by the tag splitter, the finished tool calls, then `done`. */
  finish(promptBytes: number): GenerationEvent[] {
    const out: GenerationEvent[] = [];
    for (const p of this.splitter.flush()) out.push({ type: p.kind, text: p.text });
    const calls = this.tools.finish();
    calls.forEach((call, index) => out.push({ type: "tool_call", index, call }));
    let finishReason = this.finishReason ?? "stop";
    if (calls.length && finishReason === "stop") finishReason = "tool_calls";
    // Some servers never report usage; a rough count still lets rate limits and accounting see the request.
    const usage = this.usage ?? { ...emptyUsage(), promptTokens: Math.ceil(promptBytes / 4), completionTokens: this.deltas };
    out.push({ type: "done", finishReason, usage, model: this.modelId });
    return out;
  }
}

function mapFinishReason(r: string): FinishReason {
  if (r === "length" || r === "tool_calls" || r === "content_filter") return r;
  if (r === "function_call") return "tool_calls";
  return "stop";
}

function toTokenLogprob(l: RawLogprob): TokenLogprob {
  const bytes = (b: number[] | null | undefined, t: string) => b ?? [...Buffer.from(t, "utf8")];
  return {
    token: l.token,
    logprob: l.logprob,
    bytes: bytes(l.bytes, l.token),
    top: (l.top_logprobs ?? []).map((t) => ({ token: t.token, logprob: t.logprob, bytes: bytes(t.bytes, t.token) })),
  };
}

/** The model names a provider offers, from its `/models` (tried on each replica until one answers). */
export async function discoverUpstreamModels(
  pool: ReplicaPool,
  opts: { apiKey?: string; headers?: Record<string, string>; timeoutMs?: number; signal?: AbortSignal },
): Promise<string[]> {
  let lastError: unknown;
  for (const r of pool.replicas) {
    try {
      const signal = AbortSignal.any([AbortSignal.timeout(opts.timeoutMs ?? 10_000), ...(opts.signal ? [opts.signal] : [])]);
      const res = await fetch(`${r.baseUrl}/models`, {
        headers: { accept: "application/json", ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}), ...opts.headers },
        signal,
      });
      if (!res.ok) {
        lastError = new Error(`HTTP ${res.status}`);
        await res.body?.cancel();
        continue;
      }
      const json = (await res.json()) as { data?: { id?: unknown }[]; models?: { id?: unknown; name?: unknown }[] };
      // Ollama's native listing says `models` with `name`; everything OpenAI-shaped says `data` with `id`.
      const rows = json.data ?? json.models ?? [];
      return rows.map((m) => (typeof m.id === "string" ? m.id : typeof (m as { name?: unknown }).name === "string" ? (m as { name: string }).name : "")).filter(Boolean);
    } catch (err) {
      lastError = err;
    }
  }
  throw new Error(`model discovery failed on every replica: ${(lastError as Error)?.message ?? lastError}`);
}

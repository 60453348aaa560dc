/**
 * The one contract every inference backend implements (embedded llama.cpp, upstream HTTP providers,
 * scripted test doubles). Callers never know which backend they hold: the router hands out ChatModels.
 */

export type Role = "system" | "user" | "assistant" | "tool";

export interface ImageInput {
  /** data: URL or http(s) URL, as the client sent it */
  url: string;
  detail?: "auto" | "low" | "high";
}

export interface ToolCall {
  id: string;
  name: string;
  /** JSON text of the arguments, exactly as the model produced it */
  arguments: string;
}

export interface ChatMessage {
  role: Role;
  /** Plain text; content parts are flattened to text by the server, images go to `images`. */
  content: string;
  images?: ImageInput[];
  /** Reasoning the assistant produced on an earlier turn (accepted back in multi-turn tool loops). */
  reasoning?: string;
  toolCalls?: ToolCall[];
  /** For role "tool": the id of the call this message answers. */
  toolCallId?: string;
  name?: string;
}

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object */
  parameters?: Record<string, unknown>;
}

export type ToolChoice = "auto" | "none" | "required" | { name: string };

export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; name?: string; schema: Record<string, unknown>; strict?: boolean };

export interface ThinkingOptions {
  /** false: no visible reasoning (hybrid models have thinking switched off). */
  enabled: boolean;
  /** Upper bound on thought tokens; undefined means the model decides. */
  budgetTokens?: number;
}

export interface GenerateOptions {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  seed?: number;
  stop?: string[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  thinking?: ThinkingOptions;
  /** Number of top alternatives per token to report (0 = chosen token only); undefined = no logprobs. */
  topLogprobs?: number;
  signal?: AbortSignal;
  /** Stable id of the conversation, so a backend can keep its KV cache and reuse the shared prefix. */
  conversationId?: string;
  /** Extra provider-specific fields passed through to upstreams untouched. */
  extra?: Record<string, unknown>;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Part of completionTokens spent on reasoning. */
  reasoningTokens: number;
  /** Part of promptTokens served from a reused prefix. */
  cachedTokens: number;
}

export interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[];
  top: { token: string; logprob: number; bytes: number[] }[];
}

export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter";

export type GenerationEvent =
  | { type: "reasoning"; text: string }
  | { type: "content"; text: string; logprobs?: TokenLogprob[] }
  /** A tool call is emitted whole once its arguments are complete; `index` counts calls in this response. */
  | { type: "tool_call"; index: number; call: ToolCall }
  /** Something the caller should be told, e.g. that old turns were dropped to fit the context. */
  | { type: "notice"; code: string; message: string }
  | { type: "done"; finishReason: FinishReason; usage: Usage; model?: string };

export interface ModelCapabilities {
  chat: boolean;
  /** Has a separate thought segment (hybrid or reasoning model). */
  thinking: boolean;
  tools: boolean;
  /** Can constrain output to a JSON schema. */
  jsonSchema: boolean;
  embeddings: boolean;
  vision: boolean;
  logprobs: boolean;
}

export interface ModelInfo {
  /** Id clients use, e.g. "qwen3-1.7b" or "fleet/qwen3-32b" */
  id: string;
  provider: string;
  ownedBy: string;
  contextLength?: number;
  capabilities: ModelCapabilities;
  /** Free-form details: file, size, architecture, quantisation... */
  details?: Record<string, unknown>;
}

export interface ChatModel {
  readonly id: string;
  readonly provider: string;
  info(): ModelInfo;
  /** Streams the answer. Must stop promptly when options.signal aborts. */
  generate(messages: ChatMessage[], options: GenerateOptions): AsyncIterable<GenerationEvent>;
  /** Plain text continuation of a prompt (legacy /v1/completions). */
  complete?(prompt: string, options: GenerateOptions): AsyncIterable<GenerationEvent>;
  embed?(texts: string[], options?: { signal?: AbortSignal }): Promise<{ embeddings: number[][]; promptTokens: number }>;
  dispose?(): Promise<void>;
}

/** Raised by backends for conditions the API maps to HTTP statuses (queue full, context exceeded, upstream down...). */
export class ModelError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly param: string | null = null,
    /** True when another model in a fallback list may succeed (5xx, 429, timeout, connection failure). */
    readonly retryable = false,
  ) {
    super(message);
    this.name = "ModelError";
  }
}

export function emptyUsage(): Usage {
  return { promptTokens: 0, completionTokens: 0, reasoningTokens: 0, cachedTokens: 0 };
}

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
    cachedTokens: a.cachedTokens + b.cachedTokens,
  };
}

/** Collects a whole generation; handy for non-streaming callers (graders, best-of-n, tests). */
export async function collectGeneration(events: AsyncIterable<GenerationEvent>): Promise<{
  content: string;
  reasoning: string;
  toolCalls: ToolCall[];
  notices: { code: string; message: string }[];
  finishReason: FinishReason;
  usage: Usage;
  model?: string;
}> {
  let content = "";
  let reasoning = "";
  const toolCalls: ToolCall[] = [];
  const notices: { code: string; message: string }[] = [];
  let finishReason: FinishReason = "stop";
  let usage = emptyUsage();
  let model: string | undefined;
  for await (const e of events) {
    if (e.type === "content") content += e.text;
    else if (e.type === "reasoning") reasoning += e.text;
    else if (e.type === "tool_call") toolCalls.push(e.call);
    else if (e.type === "notice") notices.push({ code: e.code, message: e.message });
    else if (e.type === "done") {
      finishReason = e.finishReason;
      usage = e.usage;
      model = e.model;
    }
  }
  return { content, reasoning, toolCalls, notices, finishReason, usage, model };
}

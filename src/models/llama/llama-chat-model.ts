import { randomBytes } from "node:crypto";
import {
  LlamaChat,
  LlamaCompletion,
  type ChatHistoryItem,
  type ChatModelFunctions,
  type LlamaGrammar,
  type LlamaChatResponseChunk,
} from "node-llama-cpp";
import type { CandorConfig } from "../../config.js";
import {
  ModelError,
  type ChatMessage,
  type ChatModel,
  type FinishReason,
  type GenerateOptions,
  type GenerationEvent,
  type ModelInfo,
  type Usage,
} from "../chat-model.js";
import type { LoadedModel } from "./loaded-model.js";
import type { ModelFile, ModelPool } from "./model-pool.js";
import { AsyncChannel } from "./utils/async-channel.js";
import { toChatHistory, truncateOldest } from "./utils/chat-history.js";
import { commonPrefixLength } from "./utils/common-prefix.js";
import { unsupportedJsonSchemaPart } from "./utils/json-schema-support.js";

export interface LocalModelFile extends ModelFile {
  architecture?: string;
  contextLength?: number;
  quantization?: string;
  name?: string;
  hasChatTemplate: boolean;
}

const MAX_STOP_SEQUENCES = 8;
/** Tokens kept free for the answer when deciding whether a prompt fits the context. */
const MIN_ANSWER_TOKENS = 16;

function toolCallId(): string {
  return `call_${randomBytes(12).toString("base64url")}`;
}

function combineSignals(request: AbortSignal | undefined, shutdown: AbortSignal): AbortSignal {
  return request ? AbortSignal.any([request, shutdown]) : shutdown;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The operation was aborted", "AbortError");
}

/** One GGUF file served through node-llama-cpp; the weights load lazily through the shared pool. */
export class LlamaChatModel implements ChatModel {
  readonly provider = "local";
  readonly id: string;

  constructor(
    readonly file: LocalModelFile,
    private readonly pool: ModelPool,
    private readonly config: CandorConfig,
  ) {
    this.id = file.id;
  }

  info(): ModelInfo {
    return {
      id: this.id,
      provider: "local",
      ownedBy: "local",
      contextLength: this.file.contextLength,
      capabilities: {
        chat: true,
        thinking: true,
        tools: true,
        jsonSchema: true,
        embeddings: true,
        vision: false,
        logprobs: false,
      },
      details: {
        file: this.file.path,
        sizeBytes: this.file.sizeBytes,
        architecture: this.file.architecture,
        quantization: this.file.quantization,
        name: this.file.name,
        chatTemplate: this.file.hasChatTemplate,
      },
    };
  }

  generate(messages: ChatMessage[], options: GenerateOptions = {}): AsyncIterable<GenerationEvent> {
    const channel = new AsyncChannel<GenerationEvent>();
    this.runChat(messages, options, channel).then(
      () => channel.close(),
      (err: unknown) => channel.fail(err),
    );
    return channel;
  }

  complete(prompt: string, options: GenerateOptions = {}): AsyncIterable<GenerationEvent> {
    const channel = new AsyncChannel<GenerationEvent>();
    this.runCompletion(prompt, options, channel).then(
      () => channel.close(),
      (err: unknown) => channel.fail(err),
    );
    return channel;
  }

  async embed(texts: string[], options: { signal?: AbortSignal } = {}): Promise<{ embeddings: number[][]; promptTokens: number }> {
    const lease = await this.pool.lease(this.file);
    try {
      const ctx = await lease.loaded.embedding();
      const embeddings: number[][] = [];
      let promptTokens = 0;
      for (const text of texts) {
        options.signal?.throwIfAborted();
        const tokens = lease.loaded.model.tokenize(text);
        promptTokens += tokens.length;
        try {
          embeddings.push([...(await ctx.getEmbeddingFor(tokens)).vector]);
        } catch (err) {
          throw new ModelError(`cannot embed input ${embeddings.length}: ${(err as Error).message}`, 400, "invalid_value", "input");
        }
      }
      return { embeddings, promptTokens };
    } finally {
      lease.release();
    }
  }

  private validate(options: GenerateOptions): void {
    if (options.stop && options.stop.length > MAX_STOP_SEQUENCES) {
      throw new ModelError(`at most ${MAX_STOP_SEQUENCES} stop sequences are allowed, got ${options.stop.length}`, 400, "invalid_value", "stop");
    }
    if (options.maxTokens !== undefined && (!Number.isInteger(options.maxTokens) || options.maxTokens < 1)) {
      throw new ModelError(`max_tokens must be a positive integer, got ${options.maxTokens}`, 400, "invalid_value", "max_tokens");
    }
  }

  private async grammarFor(loaded: LoadedModel, options: GenerateOptions): Promise<LlamaGrammar | undefined> {
    const format = options.responseFormat;
    if (!format || format.type === "text") return undefined;
    if (format.type === "json_object") return loaded.llama.getGrammarFor("json");
    const unsupported = unsupportedJsonSchemaPart(format.schema);
    if (unsupported) {
      throw new ModelError(`response_format.json_schema cannot be enforced: ${unsupported}`, 400, "invalid_json_schema", "response_format");
    }
    try {
      return await loaded.llama.createGrammarForJsonSchema(format.schema as never);
    } catch (err) {
      throw new ModelError(
        `response_format.json_schema cannot be enforced: ${(err as Error).message}`,
        400,
        "invalid_json_schema",
        "response_format",
      );
    }
  }

  private functionsFor(options: GenerateOptions): ChatModelFunctions | undefined {
    const tools = options.tools;
    if (!tools?.length || options.toolChoice === "none") return undefined;
    const choice = options.toolChoice;
    const selected = typeof choice === "object" ? tools.filter((t) => t.name === choice.name) : tools;
    if (typeof choice === "object" && selected.length === 0) {
      throw new ModelError(`tool_choice names ${choice.name}, which is not among the tools`, 400, "invalid_value", "tool_choice");
    }
    const functions: Record<string, ChatModelFunctions[string]> = {};
    for (const t of selected) functions[t.name] = { description: t.description, params: t.parameters as never };
    return functions;
  }

  private async runChat(messages: ChatMessage[], options: GenerateOptions, out: AsyncChannel<GenerationEvent>): Promise<void> {
    this.validate(options);
    options.signal?.throwIfAborted();
    const lease = await this.pool.lease(this.file);
    try {
      const loaded = lease.loaded;
      const signal = combineSignals(options.signal, loaded.shutdownSignal);
      const thinkingOff = options.thinking?.enabled === false;
      const chatWrapper = loaded.chatWrapper(thinkingOff);
      const functions = this.functionsFor(options);
      const grammar = functions ? undefined : await this.grammarFor(loaded, options);
      const contextSize = loaded.context.contextSize;

      const render = (msgs: ChatMessage[]): { history: ChatHistoryItem[]; tokens: number[] } => {
        const history = [...toChatHistory(msgs), { type: "model", response: [] } as ChatHistoryItem];
        const { contextText } = chatWrapper.generateContextState({ chatHistory: history, availableFunctions: functions, documentFunctionParams: true });
        return { history, tokens: contextText.tokenize(loaded.model.tokenizer) };
      };
      const reserve = Math.min(options.maxTokens ?? MIN_ANSWER_TOKENS, MIN_ANSWER_TOKENS);
      const fits = (tokens: number[]): boolean => tokens.length + reserve < contextSize;

      let rendered = render(messages);
      if (!fits(rendered.tokens)) {
        const overflowMessage = `the conversation needs ${rendered.tokens.length} tokens but the context holds ${contextSize}`;
        if (this.config.models.contextOverflow === "error") {
          throw new ModelError(`${overflowMessage}; shorten the messages`, 400, "context_length_exceeded", "messages");
        }
        let last = rendered;
        const truncated = truncateOldest(messages, (candidate) => {
          last = render(candidate);
          return fits(last.tokens);
        });
        if (!truncated) {
          throw new ModelError(
            `${overflowMessage}, even keeping only the system prompt and the last message`,
            400,
            "context_length_exceeded",
            "messages",
          );
        }
        rendered = last;
        out.push({
          type: "notice",
          code: "context_truncated",
          message: `${overflowMessage}: dropped the ${truncated.dropped} oldest message(s), kept the system prompt`,
        });
      }
      const promptTokens = rendered.tokens;
      const maxTokens = Math.min(options.maxTokens ?? Infinity, contextSize - promptTokens.length - 1);

      const slot = await loaded.acquire(promptTokens, signal);
      const chat = new LlamaChat({ contextSequence: slot.sequence, chatWrapper });
      try {
        const cachedTokens = Math.min(commonPrefixLength(slot.sequence.contextTokens, promptTokens), promptTokens.length - 1);
        const usage: Usage = { promptTokens: promptTokens.length, completionTokens: 0, reasoningTokens: 0, cachedTokens };
        let contentStarted = false;
        const onResponseChunk = (chunk: LlamaChatResponseChunk): void => {
          usage.completionTokens += chunk.tokens.length;
          if (chunk.type === "segment") {
            if (chunk.segmentType !== "thought") return;
            usage.reasoningTokens += chunk.tokens.length;
            if (!thinkingOff && chunk.text) out.push({ type: "reasoning", text: chunk.text });
            return;
          }
          let text = chunk.text;
          // hybrid models put a blank line between the thought and the answer; it is not part of the answer
          if (!contentStarted) text = text.replace(/^\s+/, "");
          if (!text) return;
          contentStarted = true;
          out.push({ type: "content", text });
        };
        const thoughtBudget = thinkingOff ? 0 : options.thinking?.budgetTokens;
        const common = {
          signal,
          stopOnAbortSignal: true,
          maxTokens: Number.isFinite(maxTokens) ? Math.max(1, maxTokens) : undefined,
          temperature: options.temperature ?? 0,
          topP: options.topP,
          seed: options.seed,
          customStopTriggers: options.stop?.filter((s) => s.length > 0),
          onResponseChunk,
          budgets: thoughtBudget === undefined ? undefined : { thoughtTokens: thoughtBudget },
        };
        const result = functions
          ? await chat.generateResponse(rendered.history, {
              ...common,
              functions,
              documentFunctionParams: true,
              maxParallelFunctionCalls: options.parallelToolCalls === false ? 1 : undefined,
            })
          : await chat.generateResponse(rendered.history, { ...common, grammar });
        if (signal?.aborted) throw abortError(signal);

        let finishReason: FinishReason = "stop";
        const calls = result.functionCalls ?? [];
        if (calls.length > 0) {
          calls.forEach((call, index) => {
            out.push({
              type: "tool_call",
              index,
              call: { id: toolCallId(), name: call.functionName, arguments: JSON.stringify(call.params ?? {}) },
            });
          });
          usage.completionTokens += calls.reduce(
            (n, c) => n + loaded.model.tokenize(JSON.stringify(c.params ?? {}) + c.functionName).length,
            0,
          );
          finishReason = "tool_calls";
        } else if (result.metadata.stopReason === "maxTokens") {
          finishReason = "length";
        }
        out.push({ type: "done", finishReason, usage, model: this.id });
      } finally {
        chat.dispose({ disposeSequence: false });
        loaded.release(slot);
      }
    } finally {
      lease.release();
    }
  }

  private async runCompletion(prompt: string, options: GenerateOptions, out: AsyncChannel<GenerationEvent>): Promise<void> {
    this.validate(options);
    options.signal?.throwIfAborted();
    const lease = await this.pool.lease(this.file);
    try {
      const loaded = lease.loaded;
      const signal = combineSignals(options.signal, loaded.shutdownSignal);
      const grammar = await this.grammarFor(loaded, options);
      const tokens = loaded.model.tokenize(prompt, false, "trimLeadingSpace");
      const contextSize = loaded.context.contextSize;
      if (tokens.length + MIN_ANSWER_TOKENS >= contextSize) {
        throw new ModelError(
          `the prompt needs ${tokens.length} tokens but the context holds ${contextSize}`,
          400,
          "context_length_exceeded",
          "prompt",
        );
      }
      const slot = await loaded.acquire(tokens, signal);
      const completion = new LlamaCompletion({ contextSequence: slot.sequence });
      try {
        const cachedTokens = Math.min(commonPrefixLength(slot.sequence.contextTokens, tokens), Math.max(0, tokens.length - 1));
        let completionTokens = 0;
        const maxTokens = Math.min(options.maxTokens ?? Infinity, contextSize - tokens.length - 1);
        const result = await completion.generateCompletionWithMeta(prompt, {
          signal,
          stopOnAbortSignal: true,
          maxTokens: Number.isFinite(maxTokens) ? maxTokens : undefined,
          temperature: options.temperature ?? 0,
          topP: options.topP,
          seed: options.seed,
          grammar,
          customStopTriggers: options.stop?.filter((s) => s.length > 0),
          onToken: (t) => {
            completionTokens += t.length;
          },
          onTextChunk: (text) => {
            if (text) out.push({ type: "content", text });
          },
        });
        if (signal?.aborted) throw abortError(signal);
        out.push({
          type: "done",
          finishReason: result.metadata.stopReason === "maxTokens" ? "length" : "stop",
          usage: { promptTokens: tokens.length, completionTokens, reasoningTokens: 0, cachedTokens },
          model: this.id,
        });
      } finally {
        completion.dispose({ disposeSequence: false });
        loaded.release(slot);
      }
    } finally {
      lease.release();
    }
  }
}

import { withFallbacks } from "../models/router/fallbacks.js";
import {
  ModelError,
  collectGeneration,
  addUsage,
  emptyUsage,
  type ChatMessage,
  type ChatModel,
  type GenerateOptions,
  type GenerationEvent,
} from "../models/chat-model.js";
import type { ModelRegistry } from "../models/model-registry.js";
import type { CandorConfig, AssistantMode } from "../config.js";
import type { CandidateScorer, LiveSearchProvider, SearchHit, SearchParameters } from "./hooks.js";
import { selectMode } from "./mode-selector.js";
import { buildSearchContext, lastUserText } from "./citations.js";

export type ReasoningEffort = "none" | "minimal" | "low" | "medium" | "high";

export interface AssistantRequest {
  /** Model string as the client sent it (id, provider/id, alias, or candor / candor-fast / candor-thinking). */
  model: string;
  /** Further models to fall back on (OpenRouter-style `models`). */
  fallbackModels?: string[];
  messages: ChatMessage[];
  /** Explicit mode; otherwise derived from the model alias, the reasoning settings, then the configured default. */
  mode?: AssistantMode;
  reasoningEffort?: ReasoningEffort;
  /** Explicit thought-token budget (OpenRouter `reasoning.max_tokens`). */
  reasoningMaxTokens?: number;
  options: GenerateOptions;
  searchParameters?: SearchParameters;
  bestOfN?: number;
}

export type AssistantEvent =
  | GenerationEvent
  | { type: "mode"; mode: "fast" | "thinking"; requested: AssistantMode; reason: string }
  | { type: "citations"; hits: SearchHit[] };

export interface AssistantOptions {
  models: ModelRegistry;
  config: CandorConfig["assistant"];
}

/** Thought-token budgets for `reasoning_effort` (documented in the README). */
export const THOUGHT_BUDGETS: Record<Exclude<ReasoningEffort, "none">, number> = {
  minimal: 256,
  low: 1024,
  medium: 4096,
  high: 16384,
};

/** Aliases that pick a mode and point at the default model. */
export const MODE_ALIASES: Record<string, AssistantMode> = {
  candor: "auto",
  "candor-fast": "fast",
  "candor-thinking": "thinking",
};

export const MAX_BEST_OF_N = 16;

/** Modes, personas, live search, citations and best-of-N on top of the model registry. */
export class Assistant {
  private searchProvider?: LiveSearchProvider;
  private scorer?: CandidateScorer;

  constructor(readonly options: AssistantOptions) {}

  setSearchProvider(provider: LiveSearchProvider): void {
    this.searchProvider = provider;
  }

  setCandidateScorer(scorer: CandidateScorer): void {
    this.scorer = scorer;
  }

  /** The knowledge engine's search, when one is running (graders and benchmarks retrieve evidence through it). */
  getSearchProvider(): LiveSearchProvider | undefined {
    return this.searchProvider;
  }

  hasScorer(): boolean {
    return this.scorer !== undefined;
  }

  /** Model candidates in fallback order; throws a 404 ModelError naming the model when nothing matches. */
  resolveModels(model: string, fallbacks: string[] = []): { candidates: ChatModel[]; aliasMode?: AssistantMode } {
    const registry = this.options.models;
    let aliasMode: AssistantMode | undefined;
    const names = [model, ...fallbacks];
    const candidates: ChatModel[] = [];
    names.forEach((name, i) => {
      let target = name;
      if (name in MODE_ALIASES) {
        if (i === 0) aliasMode = MODE_ALIASES[name];
        const def = registry.defaultModelId();
        if (!def) {
          throw new ModelError(
            `no model is installed for '${name}'. Put a .gguf file in the models folder (candor serve --models DIR), ` +
              "run `npx candor models pull`, or configure an upstream provider in candor.config.json.",
            404,
            "model_not_found",
            "model",
          );
        }
        target = def;
      }
      const found = registry.resolve(target);
      if (found.length === 0 && i === 0) {
        const known = registry.list().map((m) => m.id);
        throw new ModelError(
          `the model '${name}' does not exist. Available: ${[...Object.keys(MODE_ALIASES), ...known].join(", ") || "none (no model installed)"}`,
          404,
          "model_not_found",
          "model",
        );
      }
      for (const m of found) if (!candidates.includes(m)) candidates.push(m);
    });
    return { candidates, aliasMode };
  }

  /** Picks fast or thinking; auto decides from the last user message. */
  decideMode(req: AssistantRequest, aliasMode?: AssistantMode): { mode: "fast" | "thinking"; requested: AssistantMode; reason: string } {
    let requested: AssistantMode = req.mode ?? aliasMode ?? this.options.config.defaultMode;
    let reason = req.mode ? "requested mode" : aliasMode ? "model alias" : "default mode";
    if (!req.mode && req.reasoningEffort) {
      requested = req.reasoningEffort === "none" ? "fast" : "thinking";
      reason = `reasoning_effort ${req.reasoningEffort}`;
    } else if (!req.mode && req.reasoningMaxTokens !== undefined) {
      requested = req.reasoningMaxTokens > 0 ? "thinking" : "fast";
      reason = "reasoning.max_tokens";
    }
    if (requested !== "auto") return { mode: requested, requested, reason };
    const d = selectMode(lastUserText(req.messages));
    return { mode: d.mode, requested, reason: d.reason };
  }

  private thinkingOptions(req: AssistantRequest, mode: "fast" | "thinking"): GenerateOptions["thinking"] {
    if (mode === "fast") return { enabled: false, budgetTokens: 0 };
    if (req.reasoningMaxTokens !== undefined) return { enabled: true, budgetTokens: req.reasoningMaxTokens };
    const effort = req.reasoningEffort && req.reasoningEffort !== "none" ? req.reasoningEffort : undefined;
    return { enabled: true, budgetTokens: effort ? THOUGHT_BUDGETS[effort] : undefined };
  }

  private withPersona(messages: ChatMessage[]): ChatMessage[] {
    const persona = this.options.config.persona;
    if (!persona || messages.some((m) => m.role === "system")) return messages;
    return [{ role: "system", content: persona }, ...messages];
  }

  private async retrieve(req: AssistantRequest): Promise<SearchHit[]> {
    const params: SearchParameters | undefined =
      req.searchParameters ?? (this.options.config.defaultSearch === "auto" && this.searchProvider ? { mode: "auto", returnCitations: true } : undefined);
    if (!params || params.mode === "off") return [];
    if (!this.searchProvider) {
      if (params.mode === "on") {
        throw new ModelError(
          "search_parameters.mode is 'on' but the knowledge engine is not running on this server",
          400,
          "search_unavailable",
          "search_parameters",
        );
      }
      return [];
    }
    const question = lastUserText(req.messages);
    if (params.mode === "auto" && !(this.searchProvider.wantsSearch?.(question) ?? false)) return [];
    const hits = await this.searchProvider.search(question, params, req.options.signal);
    return hits.slice(0, params.maxSearchResults ?? 20);
  }

  /**
   * Streams one answer: a `mode` event, then `citations` (when search found posts), then the model's events.
   * Errors before the first model event are thrown; callers map them to API errors.
   */
  async *respond(req: AssistantRequest): AsyncGenerator<AssistantEvent> {
    const { candidates, aliasMode } = this.resolveModels(req.model, req.fallbackModels);
    if (req.options.topLogprobs !== undefined && !candidates[0]!.info().capabilities.logprobs) {
      throw new ModelError(`the model '${candidates[0]!.id}' does not report token log-probabilities; drop logprobs`, 400, "unsupported_parameter", "logprobs");
    }
    const decision = this.decideMode(req, aliasMode);
    yield { type: "mode", ...decision };

    const hits = await this.retrieve(req);
    let messages = this.withPersona(req.messages);
    if (hits.length > 0) {
      messages = buildSearchContext(messages, hits);
      yield { type: "citations", hits };
    }
    const options: GenerateOptions = { ...req.options, thinking: this.thinkingOptions(req, decision.mode) };

    const n = req.bestOfN ?? 1;
    if (n > 1) {
      yield* this.bestOfN(candidates, messages, options, n);
      return;
    }
    yield* withFallbacks(candidates).generate(messages, options);
  }

  private async *bestOfN(candidates: ChatModel[], messages: ChatMessage[], options: GenerateOptions, n: number): AsyncGenerator<AssistantEvent> {
    if (!this.scorer) {
      throw new ModelError(
        "best_of_n needs a reward model or grader: train one with `candor eval reward train` (or set evaluation.bestOfN in the config)",
        400,
        "best_of_n_unavailable",
        "best_of_n",
      );
    }
    if (n > MAX_BEST_OF_N) throw new ModelError(`best_of_n must be at most ${MAX_BEST_OF_N}`, 400, "invalid_value", "best_of_n");
    // Distinct seeds so N candidates differ even at low temperature.
    const runs = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        collectGeneration(
          withFallbacks(candidates).generate(messages, {
            ...options,
            seed: (options.seed ?? Math.floor(Math.random() * 2 ** 31)) + i,
            temperature: options.temperature ?? 0.8,
          }),
        ),
      ),
    );
    const scores = await this.scorer.score(messages, runs.map((r) => r.content), options.signal);
    let best = 0;
    scores.forEach((s, i) => {
      if (s > scores[best]!) best = i;
    });
    const total = runs.reduce((u, r) => addUsage(u, r.usage), emptyUsage());
    const win = runs[best]!;
    yield { type: "notice", code: "best_of_n", message: `picked candidate ${best + 1} of ${n} (score ${scores[best]!.toFixed(4)})` };
    if (win.reasoning) yield { type: "reasoning", text: win.reasoning };
    for (const n of win.notices) yield { type: "notice", ...n };
    for (let index = 0; index < win.toolCalls.length; index++) yield { type: "tool_call", index, call: win.toolCalls[index]! };
    if (win.content) yield { type: "content", text: win.content };
    yield { type: "done", finishReason: win.finishReason, usage: total, model: win.model };
  }
}

import type { ChatMessage, GenerateOptions, GenerationEvent } from "../models/chat-model.js";
import type { ModelRegistry } from "../models/model-registry.js";
import type { CandorConfig, AssistantMode } from "../config.js";
import type { CandidateScorer, LiveSearchProvider, SearchHit, SearchParameters } from "./hooks.js";

export interface AssistantRequest {
  /** Model string as the client sent it (id, provider/id, alias, or candor / candor-fast / candor-thinking). */
  model: string;
  /** Further models to fall back on (OpenRouter-style `models`). */
  fallbackModels?: string[];
  messages: ChatMessage[];
  mode?: AssistantMode;
  reasoningEffort?: "none" | "minimal" | "low" | "medium" | "high";
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

  async *respond(_req: AssistantRequest): AsyncIterable<AssistantEvent> {
    throw new Error("not implemented yet");
  }
}

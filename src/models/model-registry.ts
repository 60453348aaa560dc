import type { ChatModel, ModelInfo } from "./chat-model.js";

/**
 * Where the API and the assistant find models. The embedded llama.cpp models register as provider `local`;
 * upstream providers and aliases are added by the router. `resolve` returns the candidates in fallback order.
 */
export interface ModelRegistry {
  /** Every model id a client may name, aliases included. */
  list(): ModelInfo[];
  /** Candidates for a model string (`id`, `provider/id` or alias), in the order to try them. Empty when unknown. */
  resolve(model: string): ChatModel[];
  /** The model `candor`, `candor-fast` and `candor-thinking` point at, if any is installed. */
  defaultModelId(): string | undefined;
  /** Re-scans model sources (e.g. after `candor models pull` added a file while serving). */
  refresh?(): Promise<void>;
  dispose?(): Promise<void>;
}

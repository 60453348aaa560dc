import { collectGeneration, ModelError, type ChatMessage, type ChatModel, type GenerateOptions, type GenerationEvent } from "../../models/chat-model.js";
import type { ModelRegistry } from "../../models/model-registry.js";
import { ArenaError } from "./arena-error.js";

/** The registry's candidates for a model name, or a clear error naming the unknown model. */
export function resolveModel(models: ModelRegistry, name: string, param: string): ChatModel[] {
  const candidates = models.resolve(name);
  if (!candidates.length) {
    const known = models.list().map((m) => m.id);
    throw new ArenaError("invalid", `unknown model '${name}'${known.length ? `; available: ${known.join(", ")}` : "; no models are configured"}`, param);
  }
  return candidates;
}

/**
 * Streams one contestant's answer, moving on to the next candidate (router fallbacks) when a backend fails
 * before producing any text with an error that says another might succeed.
 */
export async function* streamAnswer(candidates: ChatModel[], messages: ChatMessage[], options: GenerateOptions): AsyncIterable<GenerationEvent> {
  for (let i = 0; i < candidates.length; i++) {
    let produced = false;
    try {
      for await (const e of candidates[i].generate(messages, options)) {
        produced = true;
        yield e;
      }
      return;
    } catch (err) {
      const last = i === candidates.length - 1;
      if (produced || last || !(err instanceof ModelError && err.retryable)) throw err;
    }
  }
}

export async function generateAnswer(candidates: ChatModel[], messages: ChatMessage[], options: GenerateOptions): Promise<string> {
  return (await collectGeneration(streamAnswer(candidates, messages, options))).content;
}

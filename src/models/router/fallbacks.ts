import { ModelError, type ChatMessage, type ChatModel, type GenerateOptions, type GenerationEvent, type ModelInfo } from "../chat-model.js";

export interface FallbackOptions {
  /** Told about every candidate that failed and was skipped (operators want to see flapping providers). */
  log?: (line: string) => void;
}

/**
 * One ChatModel over a list of candidates (an alias, or a request's `model` + OpenRouter-style `models`).
 * The next candidate is tried when one fails with a retryable error (5xx, 429, timeout, connection failure)
 * before anything reached the client; the `done` event names the model that answered, and a `model_fallback`
 * notice says which ones were skipped and why.
 */
export function withFallbacks(candidates: ChatModel[], opts: FallbackOptions = {}): ChatModel {
  if (candidates.length === 0) throw new Error("withFallbacks needs at least one candidate");
  const unique = dedupe(candidates);
  const first = unique[0]!;
  return {
    id: first.id,
    provider: first.provider,
    info: (): ModelInfo => first.info(),
    generate: (messages: ChatMessage[], options: GenerateOptions) => run(unique, options.signal, opts, (m) => m.generate(messages, options)),
    complete: unique.some((m) => m.complete)
      ? (prompt: string, options: GenerateOptions) =>
          run(unique.filter((m) => m.complete), options.signal, opts, (m) => m.complete!(prompt, options))
      : undefined,
    embed: unique.some((m) => m.embed)
      ? async (texts: string[], options?: { signal?: AbortSignal }) => {
          const able = unique.filter((m) => m.embed);
          for (let i = 0; ; i++) {
            try {
              return await able[i]!.embed!(texts, options);
            } catch (err) {
              if (!canFallBack(err, options?.signal) || i === able.length - 1) throw err;
              opts.log?.(`fallback: ${able[i]!.id} failed (${(err as Error).message}); trying ${able[i + 1]!.id}`);
            }
          }
        }
      : undefined,
  };
}

/** True when `err` leaves room for another model to answer. */
export function canFallBack(err: unknown, signal?: AbortSignal): boolean {
  return !signal?.aborted && err instanceof ModelError && err.retryable;
}

async function* run(
  candidates: ChatModel[],
  signal: AbortSignal | undefined,
  opts: FallbackOptions,
  start: (m: ChatModel) => AsyncIterable<GenerationEvent>,
): AsyncGenerator<GenerationEvent> {
  const skipped: string[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const model = candidates[i]!;
    // Notices are held until the candidate commits, so a failed attempt leaves no trace in the answer.
    const held: GenerationEvent[] = [];
    let committed = false;
    try {
      for await (const event of start(model)) {
        if (!committed) {
          if (event.type === "notice") {
            held.push(event);
            continue;
          }
          committed = true;
          if (skipped.length) yield { type: "notice", code: "model_fallback", message: `answered by ${model.id}; skipped ${skipped.join("; ")}` };
          for (const h of held) yield h;
        }
        yield event.type === "done" && !event.model ? { ...event, model: model.id } : event;
      }
      return;
    } catch (err) {
      if (committed || i === candidates.length - 1 || !canFallBack(err, signal)) throw err;
      const reason = err instanceof ModelError ? `${err.code}: ${err.message}` : String(err);
      skipped.push(`${model.id} (${reason})`);
      opts.log?.(`fallback: ${model.id} failed before answering (${reason}); trying ${candidates[i + 1]!.id}`);
    }
  }
}

function dedupe(models: ChatModel[]): ChatModel[] {
  const seen = new Set<ChatModel>();
  return models.filter((m) => (seen.has(m) ? false : (seen.add(m), true)));
}

import {
  resolveChatWrapper,
  type ChatWrapper,
  type Llama,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaEmbeddingContext,
  type LlamaModel,
} from "node-llama-cpp";
import { ModelError } from "../chat-model.js";
import { createTokenPredictor } from "./speculative.js";
import { commonPrefixLength } from "./utils/common-prefix.js";

export interface Slot {
  readonly index: number;
  readonly sequence: LlamaContextSequence;
  busy: boolean;
  lastUsed: number;
}

interface Waiter {
  promptTokens: readonly number[];
  resolve(slot: Slot): void;
  reject(error: unknown): void;
  cleanup(): void;
}

export interface LoadedModelOptions {
  id: string;
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  maxQueue: number;
  draft?: { model: LlamaModel; context: LlamaContext };
  promptLookup: boolean;
}

/**
 * A model in memory with one context and a fixed set of sequences. Requests take a sequence (preferring the one whose
 * cached tokens share the longest prefix with their prompt), wait in a bounded FIFO queue when all are busy, and
 * give the sequence back when done, keeping its tokens for the next turn of the same conversation.
 */
export class LoadedModel {
  readonly id: string;
  readonly llama: Llama;
  readonly model: LlamaModel;
  readonly context: LlamaContext;
  readonly slots: Slot[];
  private readonly maxQueue: number;
  private readonly queue: Waiter[] = [];
  private readonly draft?: { model: LlamaModel; context: LlamaContext };
  private readonly wrappers = new Map<string, ChatWrapper>();
  private embeddingContext?: Promise<LlamaEmbeddingContext>;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private closing = false;
  private readonly shutdown = new AbortController();

  constructor(options: LoadedModelOptions) {
    this.id = options.id;
    this.llama = options.llama;
    this.model = options.model;
    this.context = options.context;
    this.maxQueue = options.maxQueue;
    this.draft = options.draft;
    this.slots = [];
    for (let i = 0; i < options.context.totalSequences; i++) {
      const tokenPredictor = options.draft
        ? createTokenPredictor({ kind: "draft", sequence: options.draft.context.getSequence() })
        : options.promptLookup
          ? createTokenPredictor({ kind: "promptLookup" })
          : undefined;
      this.slots.push({ index: i, sequence: options.context.getSequence({ tokenPredictor }), busy: false, lastUsed: 0 });
    }
  }

  /** Bytes this model holds: weights plus context state (KV cache, buffers). */
  get sizeBytes(): number {
    return this.model.size + this.context.stateSize + (this.draft ? this.draft.model.size + this.draft.context.stateSize : 0);
  }

  /** Speculative decoding's record over this model's lifetime: guesses accepted and rejected by the target. */
  get tokenPredictions(): { validated: number; refuted: number } {
    let validated = 0;
    let refuted = 0;
    for (const slot of this.slots) {
      validated += slot.sequence.tokenPredictions.validated;
      refuted += slot.sequence.tokenPredictions.refuted;
    }
    return { validated, refuted };
  }

  get busy(): boolean {
    return this.inFlight > 0;
  }

  /** The model's own chat wrapper, resolved once per thinking setting (thinking off: Qwen-style empty thought). */
  chatWrapper(thinkingOff: boolean): ChatWrapper {
    const key = thinkingOff ? "off" : "on";
    let wrapper = this.wrappers.get(key);
    if (!wrapper) {
      wrapper = resolveChatWrapper(this.model, {
        customWrapperSettings: thinkingOff ? { qwen: { thoughts: "discourage" }, jinjaTemplate: { reasoning: false } } : {},
      });
      this.wrappers.set(key, wrapper);
    }
    return wrapper;
  }

  embedding(): Promise<LlamaEmbeddingContext> {
    // The chat context's thread count (set from the physical cores): llama.cpp's own default oversubscribes small
    // machines, which made embedding a short post take a second instead of milliseconds on two cores.
    this.embeddingContext ??= this.model.createEmbeddingContext({
      contextSize: Math.min(this.model.trainContextSize, 2048),
      threads: this.context.idealThreads,
    });
    return this.embeddingContext;
  }

  /** Aborts when the model is unloaded after the grace period; requests combine it with their own signal. */
  get shutdownSignal(): AbortSignal {
    return this.shutdown.signal;
  }

  /** Counts work that must finish before the model may be unloaded. */
  begin(): () => void {
    this.inFlight++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight--;
      if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
    };
  }

  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** A free sequence, the one sharing the longest prefix with the prompt; waits in the queue when all are busy. */
  acquire(promptTokens: readonly number[], signal?: AbortSignal): Promise<Slot> {
    if (this.closing) return Promise.reject(new ModelError(`model ${this.id} is shutting down`, 503, "model_unavailable", null, true));
    signal?.throwIfAborted();
    const free = this.pickFree(promptTokens);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    if (this.queue.length >= this.maxQueue) {
      return Promise.reject(
        new ModelError(
          `model ${this.id} is busy: ${this.slots.length} requests running and ${this.queue.length} waiting (models.maxQueue); retry later`,
          503,
          "queue_full",
          null,
          true,
        ),
      );
    }
    return new Promise<Slot>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        reject(signal!.reason);
      };
      const waiter: Waiter = {
        promptTokens,
        resolve,
        reject,
        cleanup: () => signal?.removeEventListener("abort", onAbort),
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  release(slot: Slot): void {
    slot.lastUsed = performance.now();
    const next = this.queue.shift();
    if (next) {
      next.cleanup();
      next.resolve(slot); // stays busy: handed straight to the oldest waiter (FIFO)
    } else {
      slot.busy = false;
    }
  }

  private pickFree(promptTokens: readonly number[]): Slot | undefined {
    let best: Slot | undefined;
    let bestShared = -1;
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const shared = commonPrefixLength(slot.sequence.contextTokens, promptTokens);
      // ties (usually 0 shared) go to the least recently used sequence, keeping others' caches warm
      if (shared > bestShared || (shared === bestShared && best && slot.lastUsed < best.lastUsed)) {
        best = slot;
        bestShared = shared;
      }
    }
    return best;
  }

  /**
   * Refuses new work, fails queued requests, lets running ones finish for up to `graceMs`, cancels the rest, then
   * frees native memory.
   */
  async dispose(graceMs = Infinity): Promise<void> {
    this.closing = true;
    for (const w of this.queue.splice(0)) {
      w.cleanup();
      w.reject(new ModelError(`model ${this.id} was unloaded`, 503, "model_unavailable", null, true));
    }
    if (Number.isFinite(graceMs)) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.whenIdle(), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
      this.shutdown.abort(new ModelError(`model ${this.id} is shutting down; the request was cancelled`, 503, "model_unavailable", null, true));
    }
    await this.whenIdle();
    if (this.embeddingContext) await (await this.embeddingContext.catch(() => undefined))?.dispose();
    await this.context.dispose();
    await this.model.dispose();
    if (this.draft) {
      await this.draft.context.dispose();
      await this.draft.model.dispose();
    }
  }
}

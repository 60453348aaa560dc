/**
 * A trained reward model: a featurizer (hashed text features, or a served embedding model) and the
 * Bradley–Terry head's weights. r(prompt, answer) = w·f(prompt, answer); only differences are meaningful.
 */
import type { ModelRegistry } from "../../models/model-registry.js";
import { denseToSparse, dot, textFeatures, type SparseVector } from "./text-features.js";

export type FeaturizerSpec = { kind: "text"; hashDims: number } | { kind: "embedding"; model: string; dims: number };

export function featureDims(spec: FeaturizerSpec): number {
  return spec.kind === "text" ? spec.hashDims + 12 : spec.dims;
}

export class Featurizer {
  constructor(
    readonly spec: FeaturizerSpec,
    private readonly models?: ModelRegistry,
  ) {}

  /** Embedding input keeps the prompt, so the embedding can reflect how well the answer fits the question. */
  static embeddingInput(prompt: string, answer: string): string {
    return `Question: ${prompt}\n\nAnswer: ${answer}`;
  }

  async features(items: { prompt: string; answer: string }[], signal?: AbortSignal): Promise<SparseVector[]> {
    if (this.spec.kind === "text") {
      const dims = this.spec.hashDims;
      return items.map((it) => textFeatures(it.prompt, it.answer, dims));
    }
    const model = this.models?.resolve(this.spec.model)[0];
    if (!model) throw new Error(`embedding model '${this.spec.model}' used by this reward model is not served`);
    if (!model.embed) throw new Error(`model '${this.spec.model}' cannot compute embeddings`);
    const out: SparseVector[] = [];
    // Batches keep one request from holding the model for the whole dataset.
    for (let i = 0; i < items.length; i += 32) {
      const batch = items.slice(i, i + 32);
      const { embeddings } = await model.embed(batch.map((it) => Featurizer.embeddingInput(it.prompt, it.answer)), { signal });
      for (const e of embeddings) {
        if (e.length !== this.spec.dims) throw new Error(`embedding model '${this.spec.model}' returned ${e.length} dimensions, the reward model expects ${this.spec.dims}`);
        const norm = Math.sqrt(e.reduce((s, x) => s + x * x, 0)) || 1;
        out.push(denseToSparse(e.map((x) => x / norm)));
      }
    }
    return out;
  }
}

export class RewardModel {
  constructor(
    readonly featurizer: Featurizer,
    readonly weights: Float64Array,
    readonly version?: number,
  ) {
    if (weights.length !== featureDims(featurizer.spec)) throw new Error(`reward model weights have ${weights.length} dimensions, its featurizer ${featureDims(featurizer.spec)}`);
  }

  async score(prompt: string, answers: string[], signal?: AbortSignal): Promise<number[]> {
    const feats = await this.featurizer.features(
      answers.map((answer) => ({ prompt, answer })),
      signal,
    );
    return feats.map((f) => dot(this.weights, f));
  }
}

/** Trains a reward model from preference pairs, with a seeded held-out split for an honest accuracy. */
import type { ModelRegistry } from "../../models/model-registry.js";
import { trainBradleyTerryHead } from "./bradley-terry-head.js";
import { Featurizer, featureDims, RewardModel, type FeaturizerSpec } from "./reward-model.js";
import { dot, subtract, type SparseVector } from "./text-features.js";
import type { PreferencePair } from "./preference-pairs.js";
import type { RewardMetrics } from "./reward-store.js";
import { seededRandom } from "../../common/seeded-random.js";

export interface TrainRewardOptions {
  pairs: PreferencePair[];
  models?: ModelRegistry;
  /** Served model whose embeddings are the features; text features when absent. */
  embeddingModel?: string;
  hashDims?: number;
  heldOutFraction?: number;
  l2?: number;
  epochs?: number;
  seed?: number;
  signal?: AbortSignal;
}


/** Share of pairs the weights order correctly; an exact tie counts half. */
export function pairwiseAccuracy(w: Float64Array, diffs: SparseVector[]): number {
  if (diffs.length === 0) return 0;
  let s = 0;
  for (const d of diffs) {
    const z = dot(w, d);
    s += z > 0 ? 1 : z === 0 ? 0.5 : 0;
  }
  return s / diffs.length;
}

export async function trainRewardModel(opts: TrainRewardOptions): Promise<{ model: RewardModel; spec: FeaturizerSpec; metrics: RewardMetrics }> {
  const pairs = opts.pairs.filter((p) => p.chosen !== p.rejected);
  if (pairs.length < 2) throw new Error(`need at least 2 preference pairs with different answers to train a reward model, got ${pairs.length}`);
  let spec: FeaturizerSpec;
  if (opts.embeddingModel) {
    const model = opts.models?.resolve(opts.embeddingModel)[0];
    if (!model) throw new Error(`embedding model '${opts.embeddingModel}' is not served`);
    if (!model.embed) throw new Error(`model '${opts.embeddingModel}' cannot compute embeddings; omit --embedding-model to use text features`);
    const probe = await model.embed(["probe"], { signal: opts.signal });
    spec = { kind: "embedding", model: opts.embeddingModel, dims: probe.embeddings[0]!.length };
  } else {
    spec = { kind: "text", hashDims: opts.hashDims ?? 1 << 14 };
  }
  const featurizer = new Featurizer(spec, opts.models);
  const chosen = await featurizer.features(pairs.map((p) => ({ prompt: p.prompt, answer: p.chosen })), opts.signal);
  const rejected = await featurizer.features(pairs.map((p) => ({ prompt: p.prompt, answer: p.rejected })), opts.signal);
  const diffs = chosen.map((c, i) => subtract(c, rejected[i]!));
  const seed = opts.seed ?? 1;
  const rand = seededRandom(seed);
  const order = diffs.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const fraction = opts.heldOutFraction ?? 0.2;
  const heldOutCount = pairs.length >= 10 ? Math.max(1, Math.round(pairs.length * fraction)) : 0;
  const heldOut = order.slice(0, heldOutCount).map((i) => diffs[i]!);
  const train = order.slice(heldOutCount).map((i) => diffs[i]!);
  const l2 = opts.l2 ?? 1e-3;
  const epochs = opts.epochs ?? 300;
  const weights = trainBradleyTerryHead(train, featureDims(spec), { l2, epochs });
  const metrics: RewardMetrics = {
    pairs: pairs.length,
    trainPairs: train.length,
    heldOutPairs: heldOut.length,
    trainAccuracy: pairwiseAccuracy(weights, train),
    heldOutAccuracy: heldOut.length ? pairwiseAccuracy(weights, heldOut) : null,
    l2,
    epochs,
    seed,
  };
  return { model: new RewardModel(featurizer, weights), spec, metrics };
}

/**
 * The reward head: P(chosen ≻ rejected) = σ(w·(f(chosen) − f(rejected))), i.e. Bradley–Terry on a linear
 * reward r(x) = w·f(x). Fitted by full-batch Adam on the L2-regularised logistic loss; the problem is convex,
 * so the optimiser only has to be reliable, not clever.
 */
import { dot, type SparseVector } from "./text-features.js";

export interface TrainHeadOptions {
  l2?: number;
  epochs?: number;
  learningRate?: number;
}

export function trainBradleyTerryHead(diffs: SparseVector[], dims: number, opts: TrainHeadOptions = {}): Float64Array {
  const l2 = opts.l2 ?? 1e-3;
  const epochs = opts.epochs ?? 300;
  const lr = opts.learningRate ?? 0.05;
  const w = new Float64Array(dims);
  const m = new Float64Array(dims);
  const v = new Float64Array(dims);
  const grad = new Float64Array(dims);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const n = Math.max(1, diffs.length);
  for (let t = 1; t <= epochs; t++) {
    for (let i = 0; i < dims; i++) grad[i] = l2 * w[i]!;
    for (const d of diffs) {
      // d/dz of log(1 + e^{−z}) is −σ(−z)
      const g = -1 / (1 + Math.exp(dot(w, d))) / n;
      for (let k = 0; k < d.indices.length; k++) grad[d.indices[k]!]! += g * d.values[k]!;
    }
    const c1 = 1 - beta1 ** t;
    const c2 = 1 - beta2 ** t;
    for (let i = 0; i < dims; i++) {
      const gi = grad[i]!;
      m[i] = beta1 * m[i]! + (1 - beta1) * gi;
      v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi;
      w[i]! -= (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + 1e-8);
    }
  }
  return w;
}

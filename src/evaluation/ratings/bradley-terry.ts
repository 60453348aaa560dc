import { scoreOfA, type BattleTable } from "./battle-table.js";
import { backtrackingStep, choleskySolve, logSigmoid, sigmoid } from "./linear-algebra.js";
import { createRng, resampleCategoryCounts } from "./random.js";

/**
 * Battles aggregated by unordered pair and result. Plain Bradley–Terry does not care who was shown first,
 * so a million battles over 100 models collapse to at most 4,950 pairs × 3 results, and both the fit and
 * each bootstrap round work on those counts instead of on the battles.
 */
export interface PairwiseData {
  nModels: number;
  /** Lower model index of each pair */
  pairLo: Int32Array;
  /** Higher model index of each pair */
  pairHi: Int32Array;
  /** Per battle: pair × 3 + (0 lower won, 1 higher won, 2 tie or both bad). */
  category: Uint32Array;
  /** Battles per category on the full data. */
  counts: Float64Array;
}

export function aggregatePairs(table: BattleTable): PairwiseData {
  const nModels = table.models.length;
  const pairOf = new Map<number, number>();
  const lo: number[] = [];
  const hi: number[] = [];
  const category = new Uint32Array(table.size);
  for (let k = 0; k < table.size; k++) {
    const a = table.modelA[k];
    const b = table.modelB[k];
    const i = a < b ? a : b;
    const j = a < b ? b : a;
    const key = i * nModels + j;
    let p = pairOf.get(key);
    if (p === undefined) {
      p = lo.length;
      pairOf.set(key, p);
      lo.push(i);
      hi.push(j);
    }
    const o = table.outcome[k];
    const result = o >= 2 ? 2 : (o === 0) === (a === i) ? 0 : 1;
    category[k] = p * 3 + result;
  }
  const counts = new Float64Array(lo.length * 3);
  for (let k = 0; k < category.length; k++) counts[category[k]]++;
  return { nModels, pairLo: Int32Array.from(lo), pairHi: Int32Array.from(hi), category, counts };
}

export interface BradleyTerryOptions {
  /**
   * L2 penalty on the strengths (natural-log odds units). A tiny one keeps ratings finite for a model that
   * never lost (or never won) and ties disconnected groups of models to a common mean; with real volumes of
   * battles its effect is far below the interval widths. 0 gives the plain maximum-likelihood estimate.
   */
  l2?: number;
  /** Newton stops when no strength moves more than this (log-odds). */
  tolerance?: number;
  maxIterations?: number;
  /** Warm start (e.g. the full-data fit when fitting bootstrap samples). */
  initial?: Float64Array;
}

export const DEFAULT_L2 = 1e-4;

/**
 * Maximum-likelihood Bradley–Terry strengths β (P(i beats j) = σ(βᵢ − βⱼ), ties counted as half a win for
 * each) by damped Newton on the aggregated counts. Strengths are centred to mean zero.
 */
export function fitBradleyTerry(data: PairwiseData, counts: Float64Array = data.counts, opts: BradleyTerryOptions = {}): Float64Array {
  const n = data.nModels;
  const l2 = opts.l2 ?? DEFAULT_L2;
  const tol = opts.tolerance ?? 1e-9;
  const maxIter = opts.maxIterations ?? 200;
  const nPairs = data.pairLo.length;
  const winsLo = new Float64Array(nPairs);
  const total = new Float64Array(nPairs);
  for (let p = 0; p < nPairs; p++) {
    const c0 = counts[p * 3];
    const c1 = counts[p * 3 + 1];
    const c2 = counts[p * 3 + 2];
    winsLo[p] = c0 + 0.5 * c2;
    total[p] = c0 + c1 + c2;
  }
  const beta = opts.initial ? Float64Array.from(opts.initial) : new Float64Array(n);
  const objective = (b: Float64Array): number => {
    let f = 0;
    for (let p = 0; p < nPairs; p++) {
      if (total[p] === 0) continue;
      const d = b[data.pairLo[p]] - b[data.pairHi[p]];
      f += winsLo[p] * logSigmoid(d) + (total[p] - winsLo[p]) * logSigmoid(-d);
    }
    for (let i = 0; i < n; i++) f -= 0.5 * l2 * b[i] * b[i];
    return f;
  };
  const g = new Float64Array(n);
  const h = new Float64Array(n * n);
  const step = new Float64Array(n);
  const trial = new Float64Array(n);
  let f = objective(beta);
  for (let iter = 0; iter < maxIter; iter++) {
    g.fill(0);
    h.fill(0);
    for (let p = 0; p < nPairs; p++) {
      const t = total[p];
      if (t === 0) continue;
      const i = data.pairLo[p];
      const j = data.pairHi[p];
      const prob = sigmoid(beta[i] - beta[j]);
      const r = winsLo[p] - t * prob;
      const w = t * prob * (1 - prob);
      g[i] += r;
      g[j] -= r;
      h[i * n + i] += w;
      h[j * n + j] += w;
      h[i * n + j] -= w;
      h[j * n + i] -= w;
    }
    let trace = 0;
    for (let i = 0; i < n; i++) trace += h[i * n + i];
    // The likelihood is flat along "add a constant to everyone"; a ridge far below the data's curvature
    // makes the system solvable without changing the step within the identifiable directions.
    const jitter = 1e-10 * (trace / n + 1);
    for (let i = 0; i < n; i++) {
      g[i] -= l2 * beta[i];
      h[i * n + i] += l2 + jitter;
    }
    if (!choleskySolve(h, g, n, step)) break;
    const moved = backtrackingStep(beta, step, trial, f, objective);
    if (!moved) break;
    f = moved.f;
    if (moved.maxMove < tol) break;
  }
  centre(beta);
  return beta;
}

export function centre(beta: Float64Array): void {
  let mean = 0;
  for (const b of beta) mean += b;
  mean /= beta.length || 1;
  for (let i = 0; i < beta.length; i++) beta[i] -= mean;
}

export interface BootstrapOptions extends BradleyTerryOptions {
  rounds: number;
  seed: number;
}

/**
 * Strengths refitted on `rounds` multinomial resamples of the battles (the same number of battles drawn
 * with replacement), each warm-started from `pointEstimate`. Row r of the result holds round r's strengths.
 */
export function bootstrapBradleyTerry(data: PairwiseData, pointEstimate: Float64Array, opts: BootstrapOptions): Float64Array[] {
  const rng = createRng(opts.seed);
  const counts = new Float64Array(data.counts.length);
  const out: Float64Array[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    resampleCategoryCounts(data.category, data.counts.length, rng, counts);
    out.push(fitBradleyTerry(data, counts, { ...opts, initial: pointEstimate }));
  }
  return out;
}

/** Elo-scale rating of a strength: 400 points per factor of 10 in odds, centred on `base`. */
export function strengthToElo(beta: number, base = 1000, scale = 400): number {
  return base + (scale / Math.LN10) * beta;
}

/** Wins, losses and ties of each model (both bad counts as a tie). */
export function recordOf(table: BattleTable): { battles: Uint32Array; wins: Float64Array; losses: Float64Array; ties: Float64Array } {
  const n = table.models.length;
  const battles = new Uint32Array(n);
  const wins = new Float64Array(n);
  const losses = new Float64Array(n);
  const ties = new Float64Array(n);
  for (let k = 0; k < table.size; k++) {
    const a = table.modelA[k];
    const b = table.modelB[k];
    battles[a]++;
    battles[b]++;
    const s = scoreOfA(table.outcome[k]);
    if (s === 1) {
      wins[a]++;
      losses[b]++;
    } else if (s === 0) {
      wins[b]++;
      losses[a]++;
    } else {
      ties[a]++;
      ties[b]++;
    }
  }
  return { battles, wins, losses, ties };
}

import { STYLE_DIM, scoreOfA, type BattleTable } from "./battle-table.js";
import { backtrackingStep, choleskyFactor, choleskySubstitute } from "./linear-algebra.js";
import { createRng, resampleCounts } from "./random.js";
import { DEFAULT_L2, centre } from "./bradley-terry.js";
import { normalisedDifference, STYLE_FEATURE_NAMES } from "./style-features.js";

/**
 * Style control: Bradley–Terry with covariates (a logistic regression on model indicators +1 for A, −1 for
 * B, plus style differences), as LMArena's style-controlled leaderboard fits it. A model's strength is then
 * what remains of its wins once longer, more decorated answers have been credited with their own effect.
 */
export interface StyleDesign {
  nModels: number;
  /** Rows = battles that carry style features for both answers (others are left out of this fit). */
  rows: number;
  a: Int32Array;
  b: Int32Array;
  /** Score of A: 1, 0 or ½ */
  y: Float64Array;
  /** rows × STYLE_DIM z-scored normalised differences (A − B) */
  z: Float64Array;
  /** Mean and standard deviation of each normalised difference before z-scoring (0 sd: feature constant, unused). */
  mean: Float64Array;
  sd: Float64Array;
}

export function buildStyleDesign(table: BattleTable): StyleDesign {
  const keep: number[] = [];
  for (let k = 0; k < table.size; k++) if (!Number.isNaN(table.style[k * 2 * STYLE_DIM])) keep.push(k);
  const m = keep.length;
  const a = new Int32Array(m);
  const b = new Int32Array(m);
  const y = new Float64Array(m);
  const z = new Float64Array(m * STYLE_DIM);
  for (let r = 0; r < m; r++) {
    const k = keep[r];
    a[r] = table.modelA[k];
    b[r] = table.modelB[k];
    y[r] = scoreOfA(table.outcome[k]);
    const base = k * 2 * STYLE_DIM;
    for (let f = 0; f < STYLE_DIM; f++) z[r * STYLE_DIM + f] = normalisedDifference(table.style[base + f], table.style[base + STYLE_DIM + f]);
  }
  const mean = new Float64Array(STYLE_DIM);
  const sd = new Float64Array(STYLE_DIM);
  for (let f = 0; f < STYLE_DIM; f++) {
    let s = 0;
    for (let r = 0; r < m; r++) s += z[r * STYLE_DIM + f];
    const mu = m ? s / m : 0;
    let v = 0;
    for (let r = 0; r < m; r++) v += (z[r * STYLE_DIM + f] - mu) ** 2;
    const sigma = m ? Math.sqrt(v / m) : 0;
    mean[f] = mu;
    sd[f] = sigma;
    for (let r = 0; r < m; r++) z[r * STYLE_DIM + f] = sigma > 1e-12 ? (z[r * STYLE_DIM + f] - mu) / sigma : 0;
  }
  return { nModels: table.models.length, rows: m, a, b, y, z, mean, sd };
}

export interface ContextualFit {
  /** Model strengths (log-odds), mean zero */
  beta: Float64Array;
  /** Style coefficients: log-odds of A winning per standard deviation of each normalised difference */
  gamma: Float64Array;
}

export interface ContextualOptions {
  l2?: number;
  tolerance?: number;
  maxIterations?: number;
  initial?: ContextualFit;
  /** Per-row multiplicity (bootstrap); all 1 when absent. */
  weights?: Uint32Array;
}

/**
 * One sweep over the rows at θ: returns the penalised log-likelihood and fills its gradient g and, when h
 * is given, the negated Hessian (what Newton solves with). θ = [β (nModels), γ (STYLE_DIM)].
 */
function sweep(design: StyleDesign, theta: Float64Array, weights: Uint32Array | undefined, l2: number, g: Float64Array, h: Float64Array | null, objective = true): number {
  const n = design.nModels;
  const K = STYLE_DIM;
  const dim = n + K;
  const { a, b, y, z, rows } = design;
  g.fill(0);
  if (h) h.fill(0);
  let f = 0;
  for (let r = 0; r < rows; r++) {
    const wt = weights ? weights[r] : 1;
    if (wt === 0) continue;
    const i = a[r];
    const j = b[r];
    const zr = r * K;
    let s = theta[i] - theta[j];
    for (let k = 0; k < K; k++) s += theta[n + k] * z[zr + k];
    // One exp and one log1p give σ(s), log σ(s) and log σ(−s) without overflow.
    const e = Math.exp(-Math.abs(s));
    const p = s >= 0 ? 1 / (1 + e) : e / (1 + e);
    if (objective) {
      const l = Math.log1p(e);
      f -= wt * (s >= 0 ? y[r] * l + (1 - y[r]) * (s + l) : y[r] * (l - s) + (1 - y[r]) * l);
    }
    const res = wt * (y[r] - p);
    g[i] += res;
    g[j] -= res;
    for (let k = 0; k < K; k++) g[n + k] += res * z[zr + k];
    if (!h) continue;
    const w = wt * p * (1 - p);
    h[i * dim + i] += w;
    h[j * dim + j] += w;
    h[i * dim + j] -= w;
    h[j * dim + i] -= w;
    for (let k = 0; k < K; k++) {
      const wz = w * z[zr + k];
      // Model–style columns and the style block's upper triangle only; mirrored after the sweep.
      h[i * dim + n + k] += wz;
      h[j * dim + n + k] -= wz;
      for (let l = k; l < K; l++) h[(n + k) * dim + n + l] += wz * z[zr + l];
    }
  }
  for (let i = 0; i < dim; i++) {
    f -= 0.5 * l2 * theta[i] * theta[i];
    g[i] -= l2 * theta[i];
  }
  if (h) {
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < n; i++) h[(n + k) * dim + i] = h[i * dim + n + k];
      for (let l = k + 1; l < K; l++) h[(n + l) * dim + n + k] = h[(n + k) * dim + n + l];
    }
    let trace = 0;
    for (let i = 0; i < dim; i++) trace += h[i * dim + i];
    // The likelihood is flat along "add a constant to every model"; a ridge far below the data's
    // curvature makes the system solvable without changing the step in the identifiable directions.
    const jitter = 1e-10 * (trace / dim + 1);
    for (let i = 0; i < dim; i++) h[i * dim + i] += l2 + jitter;
  }
  return f;
}

function split(theta: Float64Array, n: number): ContextualFit {
  const beta = theta.slice(0, n);
  centre(beta);
  return { beta, gamma: theta.slice(n) };
}

/** Damped Newton; also returns the Cholesky factor of the curvature at the optimum (for bootstrap rounds). */
function newton(design: StyleDesign, opts: ContextualOptions): { fit: ContextualFit; factor: Float64Array | null } {
  const n = design.nModels;
  const dim = n + STYLE_DIM;
  const l2 = opts.l2 ?? DEFAULT_L2;
  const tol = opts.tolerance ?? 1e-8;
  const maxIter = opts.maxIterations ?? 100;
  const theta = new Float64Array(dim);
  if (opts.initial) {
    theta.set(opts.initial.beta, 0);
    theta.set(opts.initial.gamma, n);
  }
  let g = new Float64Array(dim);
  let h = new Float64Array(dim * dim);
  let g2 = new Float64Array(dim);
  let h2 = new Float64Array(dim * dim);
  const step = new Float64Array(dim);
  const trial = new Float64Array(dim);
  let f = sweep(design, theta, opts.weights, l2, g, h);
  let factored = false;
  for (let iter = 0; iter < maxIter; iter++) {
    if (!choleskyFactor(h, dim)) return { fit: split(theta, n), factor: null };
    factored = true;
    choleskySubstitute(h, g, dim, step);
    // sweep() leaves the accepted point's gradient and Hessian in g2/h2, swapped in below.
    const moved = backtrackingStep(theta, step, trial, f, (at) => sweep(design, at, opts.weights, l2, g2, h2));
    if (!moved) break;
    f = moved.f;
    [g, g2] = [g2, g];
    [h, h2] = [h2, h];
    factored = false;
    if (moved.maxMove < tol) break;
  }
  if (!factored && !choleskyFactor(h, dim)) return { fit: split(theta, n), factor: null };
  return { fit: split(theta, n), factor: h };
}

export function fitContextualBradleyTerry(design: StyleDesign, opts: ContextualOptions = {}): ContextualFit {
  return newton(design, opts).fit;
}

/**
 * Refits on multinomial resamples of the rows. A resample's curvature is close to the full data's, so each
 * round iterates with the full-data Hessian factor (a chord method: one cheap gradient sweep per step, no
 * refactoring) from the full-data optimum, and falls back to damped Newton if that does not converge.
 */
export function bootstrapContextual(design: StyleDesign, point: ContextualFit, opts: { rounds: number; seed: number; l2?: number; tolerance?: number }): ContextualFit[] {
  const n = design.nModels;
  const dim = n + STYLE_DIM;
  const l2 = opts.l2 ?? DEFAULT_L2;
  // 1e-4 log-odds is 0.02 Elo points, far below any interval width.
  const tol = opts.tolerance ?? 1e-4;
  const { factor } = newton(design, { l2, initial: point, maxIterations: 1 });
  const rng = createRng(opts.seed);
  const weights = new Uint32Array(design.rows);
  const theta = new Float64Array(dim);
  const g = new Float64Array(dim);
  const step = new Float64Array(dim);
  const out: ContextualFit[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    resampleCounts(design.rows, rng, weights);
    theta.set(point.beta, 0);
    theta.set(point.gamma, n);
    let converged = false;
    if (factor) {
      for (let iter = 0; iter < 30; iter++) {
        sweep(design, theta, weights, l2, g, null, false);
        choleskySubstitute(factor, g, dim, step);
        let maxMove = 0;
        for (let i = 0; i < dim; i++) {
          theta[i] += step[i];
          maxMove = Math.max(maxMove, Math.abs(step[i]));
        }
        if (!Number.isFinite(maxMove)) break;
        if (maxMove < tol) {
          converged = true;
          break;
        }
      }
    }
    out.push(converged ? split(theta, n) : fitContextualBradleyTerry(design, { l2, initial: point, weights, tolerance: tol }));
  }
  return out;
}

export { STYLE_FEATURE_NAMES };

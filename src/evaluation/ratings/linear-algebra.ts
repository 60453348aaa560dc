/**
 * Cholesky factorisation in place (H = L Lᵀ, L in the lower triangle) of a symmetric positive definite
 * row-major n×n matrix. Returns false when H is not positive definite, so callers can stop rather than
 * carry NaNs on.
 */
export function choleskyFactor(h: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let d = h[rowJ + j];
    for (let k = 0; k < j; k++) d -= h[rowJ + k] * h[rowJ + k];
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    h[rowJ + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let s = h[rowI + j];
      for (let k = 0; k < j; k++) s -= h[rowI + k] * h[rowJ + k];
      h[rowI + j] = s / ljj;
    }
  }
  return true;
}

/** Solves L Lᵀ x = g with a factor from choleskyFactor. */
export function choleskySubstitute(l: Float64Array, g: Float64Array, n: number, x: Float64Array = new Float64Array(n)): Float64Array {
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    let s = g[i];
    for (let k = 0; k < i; k++) s -= l[rowI + k] * x[k];
    x[i] = s / l[rowI + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}

/** Solves H x = g (H symmetric positive definite, overwritten by its factor); false when H is not SPD. */
export function choleskySolve(h: Float64Array, g: Float64Array, n: number, x: Float64Array = new Float64Array(n)): boolean {
  if (!choleskyFactor(h, n)) return false;
  choleskySubstitute(h, g, n, x);
  return true;
}

/** log σ(x), stable for large |x|. */
export function logSigmoid(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Quantile with linear interpolation between order statistics (numpy's default), on a sorted array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * One damped Newton step for a maximisation: halves the step until the objective does not drop, then moves `x`
 * there. Returns the new objective value and the largest coordinate move, or undefined when no step size helps
 * (the fit has converged as far as floating point allows).
 */
export function backtrackingStep(
  x: Float64Array,
  step: Float64Array,
  trial: Float64Array,
  f: number,
  objective: (at: Float64Array) => number,
): { f: number; maxMove: number } | undefined {
  const n = x.length;
  let t = 1;
  for (let halvings = 0; halvings < 40; halvings++) {
    for (let i = 0; i < n; i++) trial[i] = x[i]! + t * step[i]!;
    const ft = objective(trial);
    if (ft >= f - 1e-12 * Math.abs(f)) {
      let maxMove = 0;
      for (let i = 0; i < n; i++) {
        maxMove = Math.max(maxMove, Math.abs(trial[i]! - x[i]!));
        x[i] = trial[i]!;
      }
      return { f: ft, maxMove };
    }
    t /= 2;
  }
  return undefined;
}

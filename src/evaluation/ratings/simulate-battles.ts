import { BattleTableBuilder, type BattleTable } from "./battle-table.js";
import { createRng } from "./random.js";
import { normalisedDifference } from "./style-features.js";

export interface SimulationOptions {
  /** True strengths (log-odds) of the models m0, m1, … */
  strengths: number[];
  battles: number;
  seed: number;
  /** Probability that a battle is a tie regardless of strengths (ties are then ½ a win each). */
  tieRate?: number;
  /**
   * True effect of the normalised length difference on the log-odds of winning; when set, each model gets
   * a typical answer length and battles carry style features.
   */
  lengthEffect?: number;
  /** Typical answer length in tokens per model (defaults to a spread from 100 to 1,000). */
  lengths?: number[];
}

/**
 * Battles drawn from a known Bradley–Terry world, for tests that recover the strengths and for benchmarks.
 * Pairs are uniform over distinct models; outcomes follow σ(βa − βb [+ length effect]).
 */
export function simulateBattles(opts: SimulationOptions): BattleTable {
  const n = opts.strengths.length;
  const rng = createRng(opts.seed);
  const builder = new BattleTableBuilder(opts.strengths.map((_, i) => `m${i}`));
  const withStyle = opts.lengthEffect !== undefined;
  const lengths = opts.lengths ?? opts.strengths.map((_, i) => 100 + (900 * ((i * 7919) % n)) / Math.max(1, n - 1));
  const styleA = [0, 0, 0, 0];
  const styleB = [0, 0, 0, 0];
  for (let k = 0; k < opts.battles; k++) {
    const a = rng.int(n);
    let b = rng.int(n - 1);
    if (b >= a) b++;
    let logit = opts.strengths[a] - opts.strengths[b];
    if (withStyle) {
      // Length varies ±50% around each model's habit; markdown counts grow with length.
      styleA[0] = Math.round(lengths[a] * (0.5 + rng.next()));
      styleB[0] = Math.round(lengths[b] * (0.5 + rng.next()));
      for (const s of [styleA, styleB]) {
        s[1] = rng.int(1 + Math.floor(s[0] / 200));
        s[2] = rng.int(1 + Math.floor(s[0] / 60));
        s[3] = rng.int(1 + Math.floor(s[0] / 120));
      }
      logit += opts.lengthEffect! * normalisedDifference(styleA[0], styleB[0]);
    }
    const u = rng.next();
    const outcome = opts.tieRate && u < opts.tieRate ? 2 : rng.next() < 1 / (1 + Math.exp(-logit)) ? 0 : 1;
    builder.addIndexed(a, b, outcome, withStyle ? styleA : null, withStyle ? styleB : null);
  }
  return builder.build();
}

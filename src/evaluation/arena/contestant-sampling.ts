import type { Rng } from "../ratings/random.js";

export interface SamplingStats {
  /** Current rating of a model (online Elo is enough: sampling only needs a rough order). */
  rating(model: string): number;
  /** Battles a model has fought. */
  battles(model: string): number;
  /** Battles between the two (either side). */
  pairBattles(a: string, b: string): number;
  /** Elo scale (points per factor of 10 in odds). */
  scale?: number;
}

/**
 * Weight of a pair: how much one more battle between them would teach us. Close pairs (expected score near
 * ½: their order is what a leaderboard must settle) and models with few battles (wide intervals) weigh
 * more; pairs already fought often weigh less, so every pair keeps being visited.
 *   w = (4·p·(1−p) + (1/√(1+nₐ) + 1/√(1+n_b))/2) / (1 + n_ab)
 */
export function pairWeight(a: string, b: string, stats: SamplingStats): number {
  const scale = stats.scale ?? 400;
  const p = 1 / (1 + 10 ** ((stats.rating(b) - stats.rating(a)) / scale));
  const closeness = 4 * p * (1 - p);
  const uncertainty = (1 / Math.sqrt(1 + stats.battles(a)) + 1 / Math.sqrt(1 + stats.battles(b))) / 2;
  return (closeness + uncertainty) / (1 + stats.pairBattles(a, b));
}

/** Draws two distinct contestants with probability ∝ pairWeight, in random A/B order. */
export function sampleContestants(models: string[], stats: SamplingStats, rng: Rng): [string, string] {
  const unique = [...new Set(models)];
  if (unique.length < 2) throw new Error(`the arena needs at least two models to choose from, got ${unique.length}`);
  const pairs: [string, string][] = [];
  const weights: number[] = [];
  let total = 0;
  for (let i = 0; i < unique.length; i++) {
    for (let j = i + 1; j < unique.length; j++) {
      const w = pairWeight(unique[i], unique[j], stats);
      pairs.push([unique[i], unique[j]]);
      weights.push(w);
      total += w;
    }
  }
  let u = rng.next() * total;
  let chosen = pairs[pairs.length - 1];
  for (let k = 0; k < pairs.length; k++) {
    u -= weights[k];
    if (u < 0) {
      chosen = pairs[k];
      break;
    }
  }
  return rng.next() < 0.5 ? [chosen[0], chosen[1]] : [chosen[1], chosen[0]];
}

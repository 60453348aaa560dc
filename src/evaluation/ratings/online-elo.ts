import { scoreOfA, type BattleTable } from "./battle-table.js";
import { DEFAULT_ELO_SCALE, type EloScale, type RatingSystem } from "./rating-system.js";

export interface OnlineEloOptions extends Partial<EloScale> {
  /**
   * Step size per battle. LMArena uses 4 for its online Elo, which with thousands of battles per model
   * gives stable ratings; chess's 32 reacts faster but wanders with the order of battles.
   */
  k?: number;
}

export const DEFAULT_ELO_K = 4;

/** Classic online Elo: each battle moves both ratings by K × (score − expected score). */
export class OnlineElo implements RatingSystem {
  readonly method = "elo";
  readonly k: number;
  readonly base: number;
  readonly scale: number;
  private readonly ratings = new Map<string, number>();

  constructor(opts: OnlineEloOptions = {}) {
    this.k = opts.k ?? DEFAULT_ELO_K;
    this.base = opts.base ?? DEFAULT_ELO_SCALE.base;
    this.scale = opts.scale ?? DEFAULT_ELO_SCALE.scale;
  }

  rating(model: string): number {
    return this.ratings.get(model) ?? this.base;
  }

  /** Expected score of A against B. */
  expected(ratingA: number, ratingB: number): number {
    return 1 / (1 + 10 ** ((ratingB - ratingA) / this.scale));
  }

  /** scoreA: 1 win, 0 loss, ½ tie or both bad. */
  record(modelA: string, modelB: string, scoreA: number): void {
    const ra = this.rating(modelA);
    const rb = this.rating(modelB);
    const delta = this.k * (scoreA - this.expected(ra, rb));
    this.ratings.set(modelA, ra + delta);
    this.ratings.set(modelB, rb - delta);
  }

  snapshot(): Map<string, number> {
    return new Map(this.ratings);
  }

  /** Replays the table in its order (callers sort battles by time) from fresh ratings. */
  fit(table: BattleTable): Float64Array {
    const r = new Float64Array(table.models.length).fill(this.base);
    for (let i = 0; i < table.size; i++) {
      const a = table.modelA[i];
      const b = table.modelB[i];
      const delta = this.k * (scoreOfA(table.outcome[i]) - 1 / (1 + 10 ** ((r[b] - r[a]) / this.scale)));
      r[a] += delta;
      r[b] -= delta;
    }
    return r;
  }
}

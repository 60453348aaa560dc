import type { BattleTable } from "./battle-table.js";

/**
 * A way of turning battles into one number per model on the Elo scale. Online Elo (for display, order
 * dependent), Bradley–Terry (the reference) and style-controlled Bradley–Terry all implement it, so the
 * leaderboard and the arena never depend on which one they hold.
 */
export interface RatingSystem {
  readonly method: string;
  /** Ratings of table.models, index-aligned, on the Elo scale. */
  fit(table: BattleTable): Float64Array;
}

export interface EloScale {
  /** Rating of an average model (BT) or a newcomer (online Elo). */
  base: number;
  /** Points per factor of 10 in odds of winning. */
  scale: number;
}

export const DEFAULT_ELO_SCALE: EloScale = { base: 1000, scale: 400 };

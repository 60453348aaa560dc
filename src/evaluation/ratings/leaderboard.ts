import type { BattleTable } from "./battle-table.js";
import { aggregatePairs, bootstrapBradleyTerry, fitBradleyTerry, recordOf, strengthToElo, DEFAULT_L2 } from "./bradley-terry.js";
import { bootstrapContextual, buildStyleDesign, fitContextualBradleyTerry } from "./contextual-bradley-terry.js";
import { quantileSorted } from "./linear-algebra.js";
import { DEFAULT_ELO_K, OnlineElo } from "./online-elo.js";
import { DEFAULT_ELO_SCALE } from "./rating-system.js";
import { STYLE_FEATURE_NAMES } from "./style-features.js";

export interface LeaderboardOptions {
  /** Bootstrap rounds for the 95% intervals (0: no intervals, ci_lower = ci_upper = rating). */
  bootstrapRounds?: number;
  seed?: number;
  styleControl?: boolean;
  l2?: number;
  eloK?: number;
  base?: number;
  scale?: number;
  /** Shift every Bradley–Terry rating so that this model sits at this rating (LMArena anchors one model). */
  anchor?: { model: string; rating: number };
}

export interface LeaderboardEntry {
  model: string;
  /** Bradley–Terry rating (style-controlled when style control is on) */
  rating: number;
  ci_lower: number;
  ci_upper: number;
  /** 1 + number of models whose interval lies entirely above this one's */
  rank: number;
  battles: number;
  wins: number;
  losses: number;
  /** Ties and both-bad votes */
  ties: number;
  /** Online Elo over the battles in time order, for display */
  elo: number;
  /** With style control: the plain Bradley–Terry figures beside the controlled ones */
  raw_rating?: number;
  raw_ci_lower?: number;
  raw_ci_upper?: number;
  raw_rank?: number;
}

export interface StyleCoefficient {
  feature: string;
  /** Log-odds of winning per standard deviation of the normalised difference (A − B)/(A + B + 1) */
  coefficient: number;
  ci_lower: number;
  ci_upper: number;
}

export interface Leaderboard {
  method: "bradley-terry" | "bradley-terry-style-control";
  battles: number;
  bootstrap_rounds: number;
  seed: number;
  confidence: number;
  models: LeaderboardEntry[];
  style_control?: {
    /** Battles that carried style features (the others are not in the controlled fit) */
    battles_used: number;
    coefficients: StyleCoefficient[];
  };
  notes: string[];
}

interface Rated {
  rating: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

function intervals(point: Float64Array, samples: Float64Array[], toElo: (b: number) => number): Rated {
  const n = point.length;
  const rating = point.map(toElo);
  const lower = Float64Array.from(rating);
  const upper = Float64Array.from(rating);
  if (samples.length) {
    const col = new Float64Array(samples.length);
    for (let i = 0; i < n; i++) {
      for (let r = 0; r < samples.length; r++) col[r] = toElo(samples[r][i]);
      col.sort();
      lower[i] = quantileSorted(col, 0.025);
      upper[i] = quantileSorted(col, 0.975);
    }
  }
  return { rating, lower, upper };
}

/** LMArena's rank: 1 + how many models are better with non-overlapping intervals. */
export function ranksFromIntervals(lower: ArrayLike<number>, upper: ArrayLike<number>): number[] {
  const n = lower.length;
  const ranks: number[] = [];
  for (let i = 0; i < n; i++) {
    let better = 0;
    for (let j = 0; j < n; j++) if (j !== i && lower[j] > upper[i]) better++;
    ranks.push(1 + better);
  }
  return ranks;
}

function shift(r: Rated, by: number): void {
  for (const arr of [r.rating, r.lower, r.upper]) for (let i = 0; i < arr.length; i++) arr[i] += by;
}

export function computeLeaderboard(table: BattleTable, opts: LeaderboardOptions = {}): Leaderboard {
  const rounds = opts.bootstrapRounds ?? 100;
  const seed = opts.seed ?? 42;
  const l2 = opts.l2 ?? DEFAULT_L2;
  const base = opts.base ?? DEFAULT_ELO_SCALE.base;
  const scale = opts.scale ?? DEFAULT_ELO_SCALE.scale;
  const toElo = (b: number) => strengthToElo(b, base, scale);
  const notes: string[] = [];
  const record = recordOf(table);
  const elo = new OnlineElo({ k: opts.eloK ?? DEFAULT_ELO_K, base, scale }).fit(table);

  const pairs = aggregatePairs(table);
  const beta = fitBradleyTerry(pairs, pairs.counts, { l2 });
  const raw = intervals(beta, rounds > 0 && table.size > 0 ? bootstrapBradleyTerry(pairs, beta, { rounds, seed, l2 }) : [], toElo);

  let controlled: Rated | undefined;
  let styleControl: Leaderboard["style_control"];
  if (opts.styleControl) {
    const design = buildStyleDesign(table);
    if (design.rows < table.size) notes.push(`${table.size - design.rows} battles have no style features and are left out of the style-controlled fit`);
    const fit = fitContextualBradleyTerry(design, { l2 });
    const samples = rounds > 0 && design.rows > 0 ? bootstrapContextual(design, fit, { rounds, seed, l2 }) : [];
    controlled = intervals(fit.beta, samples.map((s) => s.beta), toElo);
    const coefficients: StyleCoefficient[] = STYLE_FEATURE_NAMES.map((feature, k) => {
      const col = Float64Array.from(samples, (s) => s.gamma[k]).sort();
      const constant = design.sd[k] <= 1e-12;
      if (constant) notes.push(`style feature ${feature} is the same in every battle; its coefficient is 0`);
      return {
        feature,
        coefficient: fit.gamma[k],
        ci_lower: col.length ? quantileSorted(col, 0.025) : fit.gamma[k],
        ci_upper: col.length ? quantileSorted(col, 0.975) : fit.gamma[k],
      };
    });
    styleControl = { battles_used: design.rows, coefficients };
  }

  if (opts.anchor) {
    const i = table.models.indexOf(opts.anchor.model);
    if (i < 0) notes.push(`anchor model ${opts.anchor.model} has no battles; ratings are centred on ${base} instead`);
    else {
      shift(raw, opts.anchor.rating - raw.rating[i]);
      if (controlled) shift(controlled, opts.anchor.rating - controlled.rating[i]);
    }
  }

  const shown = controlled ?? raw;
  const ranks = ranksFromIntervals(shown.lower, shown.upper);
  const rawRanks = controlled ? ranksFromIntervals(raw.lower, raw.upper) : ranks;
  const entries: LeaderboardEntry[] = table.models.map((model, i) => {
    const e: LeaderboardEntry = {
      model,
      rating: shown.rating[i],
      ci_lower: shown.lower[i],
      ci_upper: shown.upper[i],
      rank: ranks[i],
      battles: record.battles[i],
      wins: record.wins[i],
      losses: record.losses[i],
      ties: record.ties[i],
      elo: elo[i],
    };
    if (controlled) {
      e.raw_rating = raw.rating[i];
      e.raw_ci_lower = raw.lower[i];
      e.raw_ci_upper = raw.upper[i];
      e.raw_rank = rawRanks[i];
    }
    return e;
  });
  entries.sort((x, y) => y.rating - x.rating || x.model.localeCompare(y.model));
  return {
    method: controlled ? "bradley-terry-style-control" : "bradley-terry",
    battles: table.size,
    bootstrap_rounds: rounds,
    seed,
    confidence: 0.95,
    models: entries,
    ...(styleControl ? { style_control: styleControl } : {}),
    notes,
  };
}


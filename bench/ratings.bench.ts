/**
 * Rating speed at LMArena scale: 1,000,000 simulated battles over 100 models, 100 bootstrap rounds.
 * Baselines, measured in the same run: Bradley–Terry fitted battle by battle (a Newton sweep over every
 * battle per iteration, cold start, as a per-row logistic regression does it), its bootstrap as cold refits
 * (extrapolated from a few rounds), full Newton refits for the style bootstrap, and online Elo.
 */
import {
  aggregatePairs,
  bootstrapBradleyTerry,
  bootstrapContextual,
  buildStyleDesign,
  fitBradleyTerry,
  fitContextualBradleyTerry,
  OnlineElo,
  strengthToElo,
  type BattleTable,
} from "../src/evaluation/ratings/index.js";
import { choleskySolve, quantileSorted } from "../src/evaluation/ratings/linear-algebra.js";
import { createRng, resampleCounts } from "../src/evaluation/ratings/random.js";
import { simulateBattles } from "../src/evaluation/ratings/simulate-battles.js";
import { scoreOfA } from "../src/evaluation/ratings/battle-table.js";

const MODELS = 100;
const BATTLES = 1_000_000;
const ROUNDS = 100;

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const r = fn();
  return [r, (performance.now() - t) / 1000];
}

/** The baseline: Newton on the per-battle log-likelihood (no aggregation), from zero, optional row weights. */
function perBattleBradleyTerry(table: BattleTable, weights?: Uint32Array): Float64Array {
  const n = table.models.length;
  const beta = new Float64Array(n);
  const g = new Float64Array(n);
  const h = new Float64Array(n * n);
  const step = new Float64Array(n);
  for (let iter = 0; iter < 50; iter++) {
    g.fill(0);
    h.fill(0);
    for (let k = 0; k < table.size; k++) {
      const w = weights ? weights[k] : 1;
      if (!w) continue;
      const a = table.modelA[k];
      const b = table.modelB[k];
      const p = 1 / (1 + Math.exp(beta[b] - beta[a]));
      const r = w * (scoreOfA(table.outcome[k]) - p);
      const c = w * p * (1 - p);
      g[a] += r;
      g[b] -= r;
      h[a * n + a] += c;
      h[b * n + b] += c;
      h[a * n + b] -= c;
      h[b * n + a] -= c;
    }
    for (let i = 0; i < n; i++) {
      g[i] -= 1e-4 * beta[i];
      h[i * n + i] += 1e-4 + 1e-9;
    }
    if (!choleskySolve(h, g, n, step)) break;
    let move = 0;
    for (let i = 0; i < n; i++) {
      beta[i] += step[i];
      move = Math.max(move, Math.abs(step[i]));
    }
    if (move < 1e-9) break;
  }
  return beta;
}

const s = (x: number) => `${x.toFixed(2)} s`;

export default async function () {
  // Strengths spread over ±2 log-odds (about ±350 Elo); voters also favour longer answers, so raw BT is biased
  // towards verbose models and only the style-controlled fit can recover the true strengths. (No random ties:
  // ties at a fixed rate would compress every rating towards the mean and blur the comparison with the truth.)
  const strengths = Array.from({ length: MODELS }, (_, i) => -2 + (4 * i) / (MODELS - 1));
  const [table, tSim] = time(() => simulateBattles({ strengths, battles: BATTLES, seed: 1, lengthEffect: 0.5 }));

  const [pairs, tAgg] = time(() => aggregatePairs(table));
  const [beta, tFit] = time(() => fitBradleyTerry(pairs));
  const [boot, tBoot] = time(() => bootstrapBradleyTerry(pairs, beta, { rounds: ROUNDS, seed: 2 }));

  const [naiveBeta, tNaiveFit] = time(() => perBattleBradleyTerry(table));
  const naiveRounds = 3;
  const rng = createRng(3);
  const weights = new Uint32Array(table.size);
  const [, tNaiveBootSome] = time(() => {
    for (let r = 0; r < naiveRounds; r++) perBattleBradleyTerry(table, resampleCounts(table.size, rng, weights));
  });
  const tNaiveBoot = (tNaiveBootSome / naiveRounds) * ROUNDS;

  const [design, tDesign] = time(() => buildStyleDesign(table));
  const [styleFit, tStyleFit] = time(() => fitContextualBradleyTerry(design));
  const [styleBoot, tStyleBoot] = time(() => bootstrapContextual(design, styleFit, { rounds: ROUNDS, seed: 4 }));
  const naiveStyleRounds = 2;
  const rng2 = createRng(5);
  const w2 = new Uint32Array(design.rows);
  const [, tNaiveStyleSome] = time(() => {
    for (let r = 0; r < naiveStyleRounds; r++) fitContextualBradleyTerry(design, { weights: resampleCounts(design.rows, rng2, w2) });
  });
  const tNaiveStyleBoot = (tNaiveStyleSome / naiveStyleRounds) * ROUNDS;

  const [elo, tElo] = time(() => new OnlineElo({ k: 4 }).fit(table));

  // Accuracy against the truth that generated the battles.
  const mean = strengths.reduce((a, b) => a + b, 0) / MODELS;
  const truth = strengths.map((x) => strengthToElo(x - mean));
  let covered = 0;
  let coveredStyle = 0;
  let rmseStyle = 0;
  let rmseBT = 0;
  let rmseElo = 0;
  let maxDiffNaive = 0;
  const col = new Float64Array(ROUNDS);
  for (let i = 0; i < MODELS; i++) {
    for (let r = 0; r < ROUNDS; r++) col[r] = strengthToElo(boot[r][i]);
    col.sort();
    if (quantileSorted(col, 0.025) <= truth[i] && truth[i] <= quantileSorted(col, 0.975)) covered++;
    for (let r = 0; r < ROUNDS; r++) col[r] = strengthToElo(styleBoot[r].beta[i]);
    col.sort();
    if (quantileSorted(col, 0.025) <= truth[i] && truth[i] <= quantileSorted(col, 0.975)) coveredStyle++;
    rmseStyle += (strengthToElo(styleFit.beta[i]) - truth[i]) ** 2;
    rmseBT += (strengthToElo(beta[i]) - truth[i]) ** 2;
    rmseElo += (elo[i] - truth[i]) ** 2;
    const nb = naiveBeta[i] - naiveBeta.reduce((a, b) => a + b, 0) / MODELS;
    maxDiffNaive = Math.max(maxDiffNaive, Math.abs(strengthToElo(beta[i]) - strengthToElo(nb)));
  }
  rmseBT = Math.sqrt(rmseBT / MODELS);
  rmseStyle = Math.sqrt(rmseStyle / MODELS);
  rmseElo = Math.sqrt(rmseElo / MODELS);

  const total = tAgg + tFit + tBoot;
  const totalStyle = tDesign + tStyleFit + tStyleBoot;
  const table_ = [
    "| step (1,000,000 battles, 100 models) | Candor | baseline | baseline / Candor |",
    "| --- | ---: | ---: | ---: |",
    `| Bradley–Terry fit (aggregate pairs + Newton) | ${s(tAgg + tFit)} | ${s(tNaiveFit)} per-battle Newton | ${(tNaiveFit / (tAgg + tFit)).toFixed(0)}× |`,
    `| bootstrap, ${ROUNDS} rounds (multinomial counts, warm Newton) | ${s(tBoot)} | ${s(tNaiveBoot)} per-battle refits (extrapolated from ${naiveRounds}) | ${(tNaiveBoot / tBoot).toFixed(0)}× |`,
    `| **ratings + 95% intervals, total** | **${s(total)}** | ${s(tNaiveFit + tNaiveBoot)} | ${((tNaiveFit + tNaiveBoot) / total).toFixed(0)}× |`,
    `| style-controlled fit (design + Newton, ${MODELS}+4 parameters) | ${s(tDesign + tStyleFit)} | — | — |`,
    `| style bootstrap, ${ROUNDS} rounds (chord iterations on the full-data Hessian) | ${s(tStyleBoot)} | ${s(tNaiveStyleBoot)} full Newton refits (extrapolated from ${naiveStyleRounds}) | ${(tNaiveStyleBoot / tStyleBoot).toFixed(1)}× |`,
    `| **style-controlled ratings + intervals, total** | **${s(totalStyle)}** | | |`,
    `| online Elo, K = 4 (display only, no intervals) | ${s(tElo)} | | ${(tElo / (tAgg + tFit)).toFixed(2)}× of the BT fit |`,
  ].join("\n");
  return {
    title: "Ratings: Bradley–Terry, bootstrap and style control at 1M battles",
    table: table_,
    notes: [
      `simulating the battles took ${s(tSim)} (not counted); ${pairs.pairLo.length} distinct pairs`,
      `accuracy vs the true strengths: style-controlled BT RMSE ${rmseStyle.toFixed(1)} Elo with ${coveredStyle}/${MODELS} true ratings inside their 95% intervals; raw BT (absorbs the length bias) RMSE ${rmseBT.toFixed(1)} Elo, ${covered}/${MODELS} inside; online Elo RMSE ${rmseElo.toFixed(1)} Elo`,
      `aggregated and per-battle fits agree to ${maxDiffNaive.toFixed(4)} Elo points`,
      `style length coefficient ${styleFit.gamma[0].toFixed(3)} (log-odds per SD), bootstrap 95% CI ${quantileSorted(Float64Array.from(styleBoot, (b) => b.gamma[0]).sort(), 0.025).toFixed(3)} – ${quantileSorted(Float64Array.from(styleBoot, (b) => b.gamma[0]).sort(), 0.975).toFixed(3)}`,
      "2-core shared machine; times are wall clock of one run",
    ],
  };
}

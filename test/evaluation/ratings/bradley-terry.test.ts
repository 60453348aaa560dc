import { test } from "node:test";
import assert from "node:assert/strict";
import {
  BattleTableBuilder,
  aggregatePairs,
  computeLeaderboard,
  fitBradleyTerry,
  ranksFromIntervals,
  strengthToElo,
  type Outcome,
} from "../../../src/evaluation/ratings/index.js";
import { simulateBattles } from "../../../src/evaluation/ratings/simulate-battles.js";
import { createRng, resampleCategoryCounts } from "../../../src/evaluation/ratings/random.js";

type Battle = [string, string, Outcome];

/** Independent reference: plain full-batch gradient ascent of the BT log-likelihood, battle by battle. */
function referenceBradleyTerry(battles: Battle[], l2 = 0, iterations = 40000): Map<string, number> {
  const models = [...new Set(battles.flatMap(([a, b]) => [a, b]))];
  const beta = new Map(models.map((m) => [m, 0]));
  const perModel = new Map(models.map((m) => [m, 0]));
  for (const [a, b] of battles) {
    perModel.set(a, perModel.get(a)! + 1);
    perModel.set(b, perModel.get(b)! + 1);
  }
  const lr = 2 / Math.max(...perModel.values());
  for (let it = 0; it < iterations; it++) {
    const grad = new Map(models.map((m) => [m, -l2 * beta.get(m)!]));
    for (const [a, b, o] of battles) {
      const score = o === "A" ? 1 : o === "B" ? 0 : 0.5;
      const p = 1 / (1 + Math.exp(-(beta.get(a)! - beta.get(b)!)));
      grad.set(a, grad.get(a)! + score - p);
      grad.set(b, grad.get(b)! - (score - p));
    }
    for (const m of models) beta.set(m, beta.get(m)! + lr * grad.get(m)!);
  }
  const mean = [...beta.values()].reduce((s, x) => s + x, 0) / models.length;
  return new Map(models.map((m) => [m, 1000 + (400 / Math.LN10) * (beta.get(m)! - mean)]));
}

function tableOf(battles: Battle[]) {
  const b = new BattleTableBuilder();
  for (const [x, y, o] of battles) b.add(x, y, o);
  return b.build();
}

const fixed: Battle[] = [
  ["alpha", "beta", "A"], ["alpha", "beta", "A"], ["beta", "alpha", "A"], ["alpha", "beta", "tie"],
  ["alpha", "gamma", "A"], ["gamma", "alpha", "B"], ["gamma", "alpha", "A"], ["alpha", "gamma", "both_bad"],
  ["beta", "gamma", "A"], ["beta", "gamma", "B"], ["gamma", "beta", "B"], ["beta", "gamma", "A"],
  ["delta", "alpha", "B"], ["delta", "beta", "A"], ["delta", "gamma", "tie"], ["gamma", "delta", "A"],
  ["delta", "alpha", "A"], ["beta", "delta", "B"], ["alpha", "delta", "A"], ["gamma", "beta", "tie"],
];

test("Bradley–Terry MLE matches an independent gradient-ascent fit on a fixed dataset (ties as half wins)", () => {
  const expected = referenceBradleyTerry(fixed);
  const table = tableOf(fixed);
  const pairs = aggregatePairs(table);
  const beta = fitBradleyTerry(pairs, pairs.counts, { l2: 0 });
  for (const [i, model] of table.models.entries()) {
    assert.ok(Math.abs(strengthToElo(beta[i]) - expected.get(model)!) < 0.01, `${model}: ${strengthToElo(beta[i])} vs ${expected.get(model)}`);
  }
  // The ordering the data implies: alpha won most.
  const best = table.models[beta.indexOf(Math.max(...beta))];
  assert.equal(best, "alpha");
});

test("the L2 penalty matches the reference with the same penalty and keeps an unbeaten model finite", () => {
  const unbeaten: Battle[] = [...fixed, ["omega", "alpha", "A"], ["omega", "beta", "A"], ["gamma", "omega", "B"]];
  const expected = referenceBradleyTerry(unbeaten, 0.5, 20000);
  const table = tableOf(unbeaten);
  const pairs = aggregatePairs(table);
  const beta = fitBradleyTerry(pairs, pairs.counts, { l2: 0.5 });
  for (const [i, model] of table.models.entries()) {
    assert.ok(Number.isFinite(beta[i]));
    assert.ok(Math.abs(strengthToElo(beta[i]) - expected.get(model)!) < 0.01, `${model}: ${strengthToElo(beta[i])} vs ${expected.get(model)}`);
  }
});

test("only ties between two models give them equal ratings; the side a model is shown on does not matter", () => {
  const table = tableOf([["x", "y", "tie"], ["y", "x", "both_bad"], ["x", "y", "tie"]]);
  const lb = computeLeaderboard(table, { bootstrapRounds: 0 });
  assert.ok(Math.abs(lb.models[0].rating - 1000) < 1e-6 && Math.abs(lb.models[1].rating - 1000) < 1e-6);
  const swapped = computeLeaderboard(tableOf([["p", "q", "A"], ["q", "p", "B"], ["p", "q", "B"]]), { bootstrapRounds: 0, l2: 0 });
  const p = swapped.models.find((m) => m.model === "p")!;
  // p won 2 of 3: exp(β_p − β_q) = 2.
  assert.ok(Math.abs(p.rating - (1000 + (200 / Math.LN10) * Math.log(2))) < 1e-6, String(p.rating));
});

test("recovers known strengths from simulated battles within the bootstrap 95% intervals", () => {
  const strengths = [-1.2, -0.6, -0.1, 0.3, 0.7, 0.9];
  const table = simulateBattles({ strengths, battles: 30000, seed: 7 });
  const lb = computeLeaderboard(table, { bootstrapRounds: 200, seed: 11 });
  const mean = strengths.reduce((s, x) => s + x, 0) / strengths.length;
  let inside = 0;
  for (const e of lb.models) {
    const truth = strengthToElo(strengths[Number(e.model.slice(1))] - mean);
    assert.ok(e.ci_lower < e.rating && e.rating < e.ci_upper);
    assert.ok(Math.abs(e.rating - truth) < 25, `${e.model}: ${e.rating} vs true ${truth}`);
    if (e.ci_lower <= truth && truth <= e.ci_upper) inside++;
  }
  assert.ok(inside >= 5, `only ${inside} of 6 true ratings inside their intervals`);
  // Well-separated models get distinct ranks; m4 and m5 (0.2 apart) are close but still separable at 30k battles.
  assert.deepEqual(lb.models.map((e) => e.model), ["m5", "m4", "m3", "m2", "m1", "m0"]);
  assert.equal(lb.models[lb.models.length - 1].rank, 6);
});

test("bootstrap is reproducible from its seed and multinomial resampling keeps the battle count", () => {
  const table = simulateBattles({ strengths: [0, 0.2, 0.4], battles: 2000, seed: 3 });
  const a = computeLeaderboard(table, { bootstrapRounds: 100, seed: 5 });
  const b = computeLeaderboard(table, { bootstrapRounds: 100, seed: 5 });
  const c = computeLeaderboard(table, { bootstrapRounds: 100, seed: 6 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.models.map((m) => m.ci_lower), c.models.map((m) => m.ci_lower));
  const pairs = aggregatePairs(table);
  const counts = resampleCategoryCounts(pairs.category, pairs.counts.length, createRng(1));
  assert.equal(counts.reduce((s, x) => s + x, 0), table.size);
  assert.notDeepEqual([...counts], [...pairs.counts]);
});

test("ranks count only models whose whole interval lies above", () => {
  // d [30,40] lies above everyone; a [10,20] and b [15,25] overlap each other, so both come next at 2; c [0,9] lies below all three.
  assert.deepEqual(ranksFromIntervals([10, 15, 0, 30], [20, 25, 9, 40]), [2, 2, 4, 1]);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  BattleTableBuilder,
  buildStyleDesign,
  computeLeaderboard,
  fitContextualBradleyTerry,
  styleFeatures,
  type Outcome,
  type StyleFeatures,
} from "../../../src/evaluation/ratings/index.js";
import { simulateBattles } from "../../../src/evaluation/ratings/simulate-battles.js";

test("style features count headers, list items and bold outside code blocks, and length", () => {
  const answer = [
    "# Title",
    "Some **bold** text and __more bold__.",
    "## Part",
    "- one",
    "* two",
    "  3. three",
    "```python",
    "# not a header",
    "- not a list",
    "**not bold**",
    "```",
    "#no-space is not a header",
  ].join("\n");
  const f = styleFeatures(answer);
  assert.deepEqual({ headers: f.headers, listItems: f.listItems, bold: f.bold }, { headers: 2, listItems: 3, bold: 2 });
  assert.equal(styleFeatures("Hello, world!").tokens, 4);
  assert.ok(f.tokens > 30);
});

/** Independent reference: gradient ascent of the logistic regression written out directly from the definition. */
function referenceStyleFit(rows: { a: string; b: string; y: number; fa: number[]; fb: number[] }[], l2: number) {
  const models = [...new Set(rows.flatMap((r) => [r.a, r.b]))];
  const K = rows[0].fa.length;
  const raw = rows.map((r) => r.fa.map((x, k) => (x - r.fb[k]) / (x + r.fb[k] + 1)));
  const means = Array.from({ length: K }, (_, k) => raw.reduce((s, d) => s + d[k], 0) / raw.length);
  const sds = means.map((m, k) => Math.sqrt(raw.reduce((s, d) => s + (d[k] - m) ** 2, 0) / raw.length));
  const z = raw.map((d) => d.map((x, k) => (sds[k] > 1e-12 ? (x - means[k]) / sds[k] : 0)));
  const beta: Record<string, number> = Object.fromEntries(models.map((m) => [m, 0]));
  const gamma = new Array(K).fill(0);
  const lr = 0.05;
  for (let it = 0; it < 30000; it++) {
    const gb: Record<string, number> = Object.fromEntries(models.map((m) => [m, -l2 * beta[m]]));
    const gg = gamma.map((g) => -l2 * g);
    rows.forEach((r, i) => {
      const s = beta[r.a] - beta[r.b] + gamma.reduce((acc, g, k) => acc + g * z[i][k], 0);
      const res = r.y - 1 / (1 + Math.exp(-s));
      gb[r.a] += res;
      gb[r.b] -= res;
      for (let k = 0; k < K; k++) gg[k] += res * z[i][k];
    });
    for (const m of models) beta[m] += lr * gb[m];
    for (let k = 0; k < K; k++) gamma[k] += lr * gg[k];
  }
  const mean = models.reduce((s, m) => s + beta[m], 0) / models.length;
  return { beta: Object.fromEntries(models.map((m) => [m, beta[m] - mean])), gamma };
}

test("contextual Bradley–Terry matches an independent gradient-ascent logistic regression on a fixed dataset", () => {
  const st = (tokens: number, headers: number, listItems: number, bold: number): StyleFeatures => ({ tokens, headers, listItems, bold });
  const battles: [string, string, Outcome, StyleFeatures, StyleFeatures][] = [
    ["a", "b", "A", st(500, 3, 8, 4), st(120, 0, 0, 0)],
    ["a", "b", "B", st(200, 0, 2, 1), st(180, 1, 0, 0)],
    ["b", "a", "A", st(800, 4, 10, 6), st(300, 1, 3, 0)],
    ["a", "c", "A", st(400, 2, 5, 2), st(100, 0, 0, 1)],
    ["c", "a", "tie", st(250, 1, 1, 1), st(260, 1, 2, 1)],
    ["c", "b", "A", st(600, 2, 6, 3), st(150, 0, 1, 0)],
    ["b", "c", "both_bad", st(90, 0, 0, 0), st(95, 0, 0, 0)],
    ["c", "b", "B", st(120, 0, 0, 0), st(450, 3, 4, 2)],
    ["a", "c", "B", st(150, 0, 1, 0), st(140, 1, 0, 3)],
    ["b", "a", "B", st(300, 0, 3, 1), st(320, 2, 4, 0)],
    ["c", "a", "A", st(700, 5, 9, 5), st(200, 0, 0, 0)],
    ["a", "b", "A", st(350, 1, 2, 2), st(340, 1, 2, 2)],
  ];
  const builder = new BattleTableBuilder();
  for (const [x, y, o, fa, fb] of battles) builder.add(x, y, o, fa, fb);
  const table = builder.build();
  const l2 = 0.1;
  const fit = fitContextualBradleyTerry(buildStyleDesign(table), { l2 });
  const ref = referenceStyleFit(
    battles.map(([a, b, o, fa, fb]) => ({ a, b, y: o === "A" ? 1 : o === "B" ? 0 : 0.5, fa: [fa.tokens, fa.headers, fa.listItems, fa.bold], fb: [fb.tokens, fb.headers, fb.listItems, fb.bold] })),
    l2,
  );
  table.models.forEach((m, i) => assert.ok(Math.abs(fit.beta[i] - ref.beta[m]) < 1e-5, `${m}: ${fit.beta[i]} vs ${ref.beta[m]}`));
  ref.gamma.forEach((g, k) => assert.ok(Math.abs(fit.gamma[k] - g) < 1e-5, `gamma ${k}: ${fit.gamma[k]} vs ${g}`));
});

test("style control removes the advantage of long answers that raw Bradley–Terry credits to the model", () => {
  // All models equally strong; m3 writes 5× longer answers than the others and the voters like length.
  const strengths = [0, 0, 0, 0];
  const table = simulateBattles({ strengths, battles: 20000, seed: 21, lengthEffect: 1.5, lengths: [200, 200, 200, 1000] });
  const lb = computeLeaderboard(table, { styleControl: true, bootstrapRounds: 50, seed: 2 });
  assert.equal(lb.method, "bradley-terry-style-control");
  const m3 = lb.models.find((m) => m.model === "m3")!;
  assert.ok(m3.raw_rating! > 1050, `raw rating of the verbose model ${m3.raw_rating}`);
  assert.ok(Math.abs(m3.rating - 1000) < 20, `controlled rating of the verbose model ${m3.rating}`);
  for (const e of lb.models) {
    // Equal true strengths: every controlled interval covers 1000, so nobody outranks anybody.
    assert.ok(e.ci_lower <= 1000 && 1000 <= e.ci_upper, `${e.model} [${e.ci_lower}, ${e.ci_upper}]`);
    assert.equal(e.rank, 1);
    assert.equal(e.raw_rank, e.model === "m3" ? 1 : 2);
  }
  const length = lb.style_control!.coefficients.find((c) => c.feature === "tokens")!;
  assert.ok(length.coefficient > 0.2 && length.ci_lower > 0, JSON.stringify(length));
  const bold = lb.style_control!.coefficients.find((c) => c.feature === "bold")!;
  assert.ok(bold.ci_lower < 0 + 0.1 && Math.abs(bold.coefficient) < 0.1, JSON.stringify(bold));
  assert.equal(lb.style_control!.battles_used, 20000);
});

test("battles without style features are left out of the controlled fit and say so", () => {
  const builder = new BattleTableBuilder();
  builder.add("x", "y", "A", styleFeatures("short"), styleFeatures("a much longer answer with **bold**"));
  builder.add("y", "x", "B");
  builder.add("x", "y", "B", styleFeatures("## header\n- a\n- b"), styleFeatures("plain"));
  const lb = computeLeaderboard(builder.build(), { styleControl: true, bootstrapRounds: 10 });
  assert.equal(lb.style_control!.battles_used, 2);
  assert.ok(lb.notes.some((n) => n.includes("1 battles have no style features")));
  for (const e of lb.models) assert.ok(Number.isFinite(e.rating) && Number.isFinite(e.raw_rating!));
});

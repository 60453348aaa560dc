import { test } from "node:test";
import assert from "node:assert/strict";
import { BattleTableBuilder, OnlineElo } from "../../../src/evaluation/ratings/index.js";

test("online Elo moves both ratings by K × (score − expected), worked by hand", () => {
  const elo = new OnlineElo({ k: 32 });
  elo.record("a", "b", 1);
  assert.equal(elo.rating("a"), 1016);
  assert.equal(elo.rating("b"), 984);
  // a (1016) vs b (984): expected for b = 1/(1+10^(32/400)); a tie moves b up by 32 × (0.5 − that).
  const eb = 1 / (1 + 10 ** (32 / 400));
  elo.record("b", "a", 0.5);
  assert.ok(Math.abs(elo.rating("b") - (984 + 32 * (0.5 - eb))) < 1e-9);
  assert.ok(Math.abs(elo.rating("a") + elo.rating("b") - 2000) < 1e-9, "Elo is zero-sum");
  assert.equal(elo.rating("newcomer"), 1000);
});

test("fit replays a table in order with the default K of 4 and matches record()", () => {
  const b = new BattleTableBuilder();
  const incremental = new OnlineElo();
  const seq: [string, string, "A" | "B" | "tie" | "both_bad"][] = [["x", "y", "A"], ["y", "z", "B"], ["z", "x", "tie"], ["x", "z", "both_bad"], ["y", "x", "A"]];
  for (const [p, q, o] of seq) {
    b.add(p, q, o);
    incremental.record(p, q, o === "A" ? 1 : o === "B" ? 0 : 0.5);
  }
  const table = b.build();
  const r = new OnlineElo().fit(table);
  table.models.forEach((m, i) => assert.ok(Math.abs(r[i] - incremental.rating(m)) < 1e-9));
  assert.equal(new OnlineElo().k, 4);
  assert.ok(r[table.models.indexOf("z")] > 1001, "z beat y and drew twice");
});

test("a model cannot battle itself", () => {
  assert.throws(() => new BattleTableBuilder().add("m", "m", "A"), /two different models/);
});

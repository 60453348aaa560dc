import { test } from "node:test";
import assert from "node:assert/strict";
import { selectMode } from "../../src/assistant/mode-selector.js";
import { MODE_LABELS } from "../fixtures/mode-labels.js";

test("auto mode agrees with the labelled prompt set at least 90% of the time, both ways", () => {
  const wrong: string[] = [];
  let tp = 0, fn = 0, tn = 0, fp = 0;
  for (const { prompt, mode } of MODE_LABELS) {
    const got = selectMode(prompt).mode;
    if (mode === "thinking") got === "thinking" ? tp++ : fn++;
    else got === "fast" ? tn++ : fp++;
    if (got !== mode) wrong.push(`${mode} expected, got ${got}: ${prompt}`);
  }
  const accuracy = (tp + tn) / MODE_LABELS.length;
  const recall = tp / (tp + fn);
  const specificity = tn / (tn + fp);
  const report = `accuracy ${accuracy.toFixed(3)}, thinking recall ${recall.toFixed(3)}, fast specificity ${specificity.toFixed(3)}\n${wrong.join("\n")}`;
  assert.ok(accuracy >= 0.9, report);
  assert.ok(recall >= 0.85 && specificity >= 0.85, report);
});

test("every decision comes with a reason", () => {
  for (const { prompt } of MODE_LABELS) assert.ok(selectMode(prompt).reason.length > 0);
  assert.equal(selectMode("").mode, "fast");
});

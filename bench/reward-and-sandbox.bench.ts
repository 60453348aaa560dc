/**
 * Reward model and code sandbox costs. Baselines measured in the same run: a "longer answer wins" reward
 * (what a naive preference proxy does) and a bare interpreter spawn without the sandbox's limits and namespace.
 */
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { trainRewardModel, type PreferencePair } from "../src/evaluation/reward/index.js";
import { runInSandbox, sandboxCapabilities } from "../src/evaluation/benchmarks/code-sandbox.js";

function rng(seed: number) {
  let a = seed;
  return () => ((a = (a * 1103515245 + 12345) % 2147483648) / 2147483648);
}

/** Preferred answers give a reason and a figure; length is noise, slightly favouring the rejected side. */
function pairs(n: number, seed: number): PreferencePair[] {
  const r = rng(seed);
  const filler = "the a system value process result method data table record point level group area field way case part".split(" ");
  const words = (k: number) => Array.from({ length: k }, () => filler[Math.floor(r() * filler.length)]).join(" ");
  return Array.from({ length: n }, (_, i) => ({
    prompt: `Question ${i % 50}`,
    chosen: `${words(5 + Math.floor(r() * 10))} because of ${Math.floor(r() * 90 + 10)} percent.`,
    rejected: `${words(6 + Math.floor(r() * 12))} maybe perhaps.`,
  }));
}

export default async function (): Promise<{ title: string; table: string; notes?: string[] }> {
  const train = pairs(2000, 1);
  const test = pairs(1000, 2);
  const t0 = performance.now();
  const { model, metrics } = await trainRewardModel({ pairs: train, epochs: 200, heldOutFraction: 0.1 });
  const trainMs = performance.now() - t0;
  const t1 = performance.now();
  let right = 0;
  for (const p of test) {
    const [c, r] = await model.score(p.prompt, [p.chosen, p.rejected]);
    if (c! > r!) right++;
  }
  const scoreMs = performance.now() - t1;
  const learned = right / test.length;
  const lengthBaseline = test.filter((p) => p.chosen.length > p.rejected.length).length / test.length;

  const program = "def add(a, b):\n    return a + b\nassert add(2, 3) == 5\n";
  const runs = 15;
  const sandboxTimes: number[] = [];
  const bareTimes: number[] = [];
  const python = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).stdout.trim();
  for (let i = 0; i < runs; i++) {
    let s = performance.now();
    const r = await runInSandbox({ language: "python", code: program, timeoutMs: 10000, memoryMb: 512 });
    sandboxTimes.push(performance.now() - s);
    if (r.status !== "passed") throw new Error(`sandbox run failed: ${r.stderr}`);
    s = performance.now();
    spawnSync(python, ["-c", program]);
    bareTimes.push(performance.now() - s);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const sb = median(sandboxTimes);
  const bare = median(bareTimes);
  const caps = sandboxCapabilities();
  const table = [
    "| measure | value | baseline | ratio |",
    "| --- | --- | --- | --- |",
    `| reward model pairwise accuracy, 1,000 unseen pairs | ${(100 * learned).toFixed(1)}% | ${(100 * lengthBaseline).toFixed(1)}% (longer answer wins) | ${(learned / Math.max(lengthBaseline, 1e-9)).toFixed(2)}× |`,
    `| reward training, ${metrics.trainPairs} pairs × 200 epochs (text features, 16,396 dims) | ${(trainMs / 1000).toFixed(2)} s | — | — |`,
    `| reward scoring | ${((2 * test.length) / (scoreMs / 1000)).toFixed(0)} answers/s | — | — |`,
    `| code sandbox run (python, passing test), median of ${runs} | ${sb.toFixed(1)} ms | ${bare.toFixed(1)} ms (bare python3 spawn) | ${(sb / bare).toFixed(2)}× |`,
  ].join("\n");
  return {
    title: "Reward model and code sandbox",
    table,
    notes: [
      `held-out accuracy reported by training: ${(100 * (metrics.heldOutAccuracy ?? 0)).toFixed(1)}% on ${metrics.heldOutPairs} pairs`,
      `sandbox: network isolation ${caps.networkIsolation ? "on (unshare -rn)" : "unavailable"}, prlimit ${caps.memoryLimits ? "on" : "unavailable"}`,
    ],
  };
}

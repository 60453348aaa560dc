/**
 * Runs a benchmark over a JSONL file: validates every line first (a bad line stops the run before any model
 * time is spent), runs the items in order, and reports accuracy with a 95% Wilson interval.
 */
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { readJsonl } from "./jsonl.js";
import { wilsonInterval } from "./wilson.js";
import { multipleChoiceBenchmark } from "./multiple-choice.js";
import { mathBenchmark } from "./math.js";
import { codeBenchmark } from "./code-generation.js";
import { realtimeQaBenchmark } from "./realtime-qa.js";
import type { Benchmark, BenchmarkContext, ItemResult } from "./types.js";

export const benchmarks: Record<string, Benchmark<any>> = {
  mmlu: multipleChoiceBenchmark,
  math: mathBenchmark,
  code: codeBenchmark,
  realtimeqa: realtimeQaBenchmark,
};

export function getBenchmark(name: string): Benchmark<unknown> {
  const b = benchmarks[name];
  if (!b) throw new Error(`unknown benchmark '${name}'; available: ${Object.keys(benchmarks).join(", ")}`);
  return b;
}

export interface BenchmarkSummary {
  bench: string;
  model: string;
  n: number;
  correct: number;
  errors: number;
  accuracy: number;
  ci95: { lower: number; upper: number };
}

export interface RunBenchmarkOptions extends BenchmarkContext {
  bench: string;
  file: string;
  limit?: number;
  /** Per-item results are appended here as they finish, so an interrupted run keeps what it did. */
  out?: string;
  onResult?: (r: ItemResult, index: number, total: number) => void;
}

export function summarize(bench: string, model: string, results: ItemResult[]): BenchmarkSummary {
  const correct = results.filter((r) => r.correct).length;
  const n = results.length;
  return { bench, model, n, correct, errors: results.filter((r) => r.error).length, accuracy: n ? correct / n : 0, ci95: wilsonInterval(correct, n) };
}

export async function runBenchmark(opts: RunBenchmarkOptions): Promise<{ summary: BenchmarkSummary; results: ItemResult[] }> {
  const bench = getBenchmark(opts.bench);
  const records = readJsonl(opts.file);
  let items = records.map((r) => {
    try {
      return bench.parse(r.value, r.line);
    } catch (err) {
      throw new Error(`${opts.file}: ${(err as Error).message}`);
    }
  });
  if (opts.limit !== undefined) items = items.slice(0, opts.limit);
  if (items.length === 0) throw new Error(`${opts.file} has no items`);
  if (opts.out) {
    mkdirSync(dirname(opts.out), { recursive: true });
    writeFileSync(opts.out, "");
  }
  const results: ItemResult[] = [];
  for (const [i, item] of items.entries()) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? new Error("aborted");
    let result: ItemResult;
    try {
      result = await bench.run(item, opts);
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      const id = (item as { id?: string }).id ?? `item-${i + 1}`;
      result = { id, correct: false, prediction: null, gold: "", response: "", error: (err as Error).message };
    }
    results.push(result);
    if (opts.out) appendFileSync(opts.out, `${JSON.stringify({ bench: opts.bench, model: opts.model.id, ...result })}\n`);
    opts.onResult?.(result, i, items.length);
  }
  return { summary: summarize(opts.bench, opts.model.id, results), results };
}

export function formatSummary(s: BenchmarkSummary): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return `${s.bench} · ${s.model}: accuracy ${pct(s.accuracy)} (${s.correct}/${s.n}), 95% CI [${pct(s.ci95.lower)}, ${pct(s.ci95.upper)}]${s.errors ? `, ${s.errors} item(s) errored` : ""}`;
}

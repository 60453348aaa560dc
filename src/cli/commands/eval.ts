/**
 * `candor eval`: benchmark runs, rubric grading, FActScore, judge bias reports, and the reward model
 * (train / list / activate / export-dpo).
 */
import { mkdirSync, writeFileSync, appendFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { configFromFlags, parseCommandArgs } from "../common-options.js";
import { createServices, type CandorServices } from "../../runtime/services.js";
import type { ModelRegistry } from "../../models/model-registry.js";
import type { LiveSearchProvider } from "../../assistant/hooks.js";
import { formatSummary, runBenchmark, benchmarks } from "../../evaluation/benchmarks/runner.js";
import { readJsonl } from "../../evaluation/benchmarks/jsonl.js";
import { resolveModel } from "../../evaluation/graders/judge-call.js";
import { Grader, type PairwiseItem, type PointwiseItem } from "../../evaluation/graders/grader.js";
import { SqliteJudgementRecorder, judgeBiasReport } from "../../evaluation/graders/judge-stats.js";
import { FactScorer, type FactScoreItem, type FactScoreResult } from "../../evaluation/graders/factscore.js";
import type { EvidenceDocument } from "../../evaluation/graders/bm25.js";
import { getRubric, rubrics } from "../../evaluation/rubrics/index.js";
import {
  activateRewardModel,
  arenaPairs,
  gradedPairs,
  listRewardModels,
  readPairsJsonl,
  recordGradedPair,
  saveRewardModel,
  toDpoJsonl,
  trainRewardModel,
  type PreferencePair,
} from "../../evaluation/reward/index.js";

export const summary = "benchmarks, rubric graders, FActScore, judge bias and the reward model";

const USAGE = `usage:
  candor eval run --bench ${Object.keys(benchmarks).join("|")} --file F.jsonl --model M [--limit N] [--out results.jsonl]
                  [--max-tokens N] [--timeout-ms MS] [--memory-mb MB]
  candor eval grade --rubric ${Object.keys(rubrics).join("|")} --judge M[,M2,...] --file F.jsonl
                  [--aggregation majority|mean] [--out results.jsonl]
  candor eval factscore --judge M --file F.jsonl [--docs DOCS.jsonl] [--k 64] [--gamma 10] [--splitter judge|sentences] [--out F]
  candor eval judges [--judge M] [--rubric R] [--json]
  candor eval reward train [--pairs F.jsonl] [--from-arena human|judge|all] [--from-graded] [--embedding-model M]
                  [--epochs N] [--l2 X] [--holdout 0.2] [--no-activate]
  candor eval reward list [--json]
  candor eval reward activate VERSION
  candor eval reward export-dpo --out F.jsonl [--pairs F.jsonl] [--from-arena human|judge|all] [--no-graded]

grade files: one JSON object per line, pointwise {prompt|conversation, answer, model?, persona?, scenario?}
or pairwise {prompt|conversation, a: {answer, model?}, b: {answer, model?}} (also answer_a/answer_b/model_a/model_b).`;

/** Test seam: scripted models and search instead of the configured ones. */
export interface EvalInjection {
  models?: ModelRegistry;
  search?: LiveSearchProvider;
}

const options = {
  bench: { type: "string" },
  file: { type: "string" },
  model: { type: "string" },
  limit: { type: "string" },
  out: { type: "string" },
  "max-tokens": { type: "string" },
  "timeout-ms": { type: "string" },
  "memory-mb": { type: "string" },
  rubric: { type: "string" },
  judge: { type: "string" },
  aggregation: { type: "string" },
  docs: { type: "string" },
  k: { type: "string" },
  gamma: { type: "string" },
  splitter: { type: "string" },
  json: { type: "boolean" },
  pairs: { type: "string" },
  "from-arena": { type: "string" },
  "from-graded": { type: "boolean" },
  "no-graded": { type: "boolean" },
  "embedding-model": { type: "string" },
  epochs: { type: "string" },
  l2: { type: "string" },
  holdout: { type: "string" },
  "no-activate": { type: "boolean" },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof options>>["values"];

class UsageError extends Error {}

function need(values: Values, name: keyof Values): string {
  const v = values[name];
  if (typeof v !== "string" || !v) throw new UsageError(`--${String(name)} is required`);
  return v;
}

function intFlag(values: Values, name: keyof Values, min = 1): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${String(name)} must be an integer ≥ ${min}, got '${v}'`);
  return n;
}

function numFlag(values: Values, name: keyof Values, min: number, max: number): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${String(name)} must be a number from ${min} to ${max}, got '${v}'`);
  return n;
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, "-");
}

/** The assistant keeps its search provider private; the CLI reads it to give benchmarks the same live search the chat uses. */

async function withServices<T>(values: Values, inject: EvalInjection, needKnowledge: boolean, fn: (s: CandorServices) => Promise<T>): Promise<T> {
  const config = configFromFlags(values);
  const services = await createServices(config, { models: inject.models, log: (l) => console.error(l), areas: { knowledge: needKnowledge, evaluation: false, access: false } });
  try {
    return await fn(services);
  } finally {
    await services.close();
  }
}

export async function run(args: string[], inject: EvalInjection = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandArgs(args, options);
  } catch (err) {
    console.error(`candor eval: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [sub, ...rest] = positionals;
  if (values.help || !sub) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  try {
    switch (sub) {
      case "run":
        return await runBench(values, inject);
      case "grade":
        return await grade(values, inject);
      case "factscore":
        return await factscore(values, inject);
      case "judges":
        return await judges(values, inject);
      case "reward":
        return await reward(rest, values, inject);
      default:
        throw new UsageError(`unknown subcommand '${sub}'; use run, grade, factscore, judges or reward`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`candor eval ${sub}: ${err.message}\n${USAGE}`);
      return 2;
    }
    throw err;
  }
}

async function runBench(values: Values, inject: EvalInjection): Promise<number> {
  const bench = need(values, "bench");
  if (!benchmarks[bench]) throw new UsageError(`unknown benchmark '${bench}'; available: ${Object.keys(benchmarks).join(", ")}`);
  const file = resolve(need(values, "file"));
  const modelId = need(values, "model");
  const limit = intFlag(values, "limit");
  return withServices(values, inject, bench === "realtimeqa", async (services) => {
    const model = resolveModel(services.models, modelId, "the");
    const out = resolve(values.out ?? join(services.config.dataDir, "eval", "runs", `${bench}-${modelId.replace(/[^\w.-]+/g, "_")}-${stamp()}.jsonl`));
    const search = inject.search ?? services.assistant.getSearchProvider();
    const { summary } = await runBenchmark({
      bench,
      file,
      model,
      limit,
      out,
      search,
      maxTokens: intFlag(values, "max-tokens"),
      timeoutMs: intFlag(values, "timeout-ms"),
      memoryMb: intFlag(values, "memory-mb", 16),
      onResult: (r, i, total) => console.error(`[${i + 1}/${total}] ${r.id}: ${r.error ? `error: ${r.error}` : r.correct ? "correct" : `wrong (got ${r.prediction ?? "nothing"}, expected ${r.gold})`}`),
    });
    console.log(formatSummary(summary));
    console.log(`per-item results: ${out}`);
    return 0;
  });
}

const message = z.object({ role: z.enum(["system", "user", "assistant", "tool"]), content: z.string() });
const material = {
  id: z.union([z.string(), z.number()]).transform(String).optional(),
  prompt: z.string().optional(),
  conversation: z.array(message).optional(),
  persona: z.string().optional(),
  scenario: z.string().optional(),
  reference: z.string().optional(),
};
const contestant = z.object({ answer: z.string(), model: z.string().optional() });
const gradeLine = z.union([
  z.object({ ...material, a: contestant, b: contestant }),
  z.object({ ...material, answer_a: z.string(), answer_b: z.string(), model_a: z.string().optional(), model_b: z.string().optional() }),
  z.object({ ...material, answer: z.string().optional(), model: z.string().optional() }),
]);

function toGradeItem(raw: unknown, where: string): { kind: "pair"; item: PairwiseItem } | { kind: "point"; item: PointwiseItem } {
  const r = gradeLine.safeParse(raw);
  if (!r.success) throw new Error(`${where}: ${r.error.issues.map((i) => `${i.path.join(".") || "(line)"}: ${i.message}`).join("; ")}`);
  const v = r.data as Record<string, unknown>;
  if ("a" in v) return { kind: "pair", item: v as unknown as PairwiseItem };
  if ("answer_a" in v) {
    const { answer_a, answer_b, model_a, model_b, ...m } = v as Record<string, string | undefined>;
    return { kind: "pair", item: { ...(m as object), a: { answer: answer_a!, model: model_a }, b: { answer: answer_b!, model: model_b } } as PairwiseItem };
  }
  return { kind: "point", item: v as PointwiseItem };
}

function promptOfItem(item: PairwiseItem): string {
  if (item.prompt) return item.prompt;
  const turns = item.conversation ?? [];
  return turns.length === 1 ? turns[0]!.content : turns.map((m) => `${m.role}: ${m.content}`).join("\n");
}

async function grade(values: Values, inject: EvalInjection): Promise<number> {
  const rubric = getRubric(need(values, "rubric"));
  const judgesList = need(values, "judge").split(",").map((s) => s.trim()).filter(Boolean);
  const file = resolve(need(values, "file"));
  const aggregation = values.aggregation ?? "majority";
  if (aggregation !== "majority" && aggregation !== "mean") throw new UsageError(`--aggregation must be majority or mean, got '${aggregation}'`);
  const items = readJsonl(file).map(({ line, value }) => toGradeItem(value, `${file}:${line}`));
  if (items.length === 0) throw new Error(`${file} has no items`);
  return withServices(values, inject, false, async (services) => {
    const grader = new Grader({ models: services.models, rubric, judges: judgesList, aggregation, recorder: new SqliteJudgementRecorder(services.db) });
    const out = resolve(values.out ?? join(services.config.dataDir, "eval", "grades", `${rubric.name}-${stamp()}.jsonl`));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, "");
    let failed = 0;
    let pointSum = 0;
    let points = 0;
    const wins = { a: 0, b: 0, tie: 0, both_bad: 0 };
    for (const [i, entry] of items.entries()) {
      const label = entry.item.id ?? `line ${i + 1}`;
      let result;
      try {
        result = entry.kind === "pair" ? await grader.gradePairwise(entry.item) : await grader.gradePointwise(entry.item);
      } catch (err) {
        // Refusals (judge is a contestant, missing persona...) are per item; the rest of the file still runs.
        result = { id: entry.item.id, rubric: rubric.name, status: "failed", error: (err as Error).message };
      }
      appendFileSync(out, `${JSON.stringify(result)}\n`);
      if (result.status !== "ok") {
        failed++;
        console.error(`${label}: FAILED — ${"error" in result ? result.error : result.reasoning}`);
        continue;
      }
      if ("overall" in result) {
        pointSum += result.score;
        points++;
        console.log(`${label}: ${result.score.toFixed(2)}/${rubric.scale.max} (${result.verdict}) ${Object.entries(result.scores).map(([k, v]) => `${k}=${+v.toFixed(2)}`).join(" ")}`);
      } else if ("verdict" in result && entry.kind === "pair") {
        const verdict = result.verdict as keyof typeof wins;
        wins[verdict]++;
        console.log(`${label}: ${verdict === "a" || verdict === "b" ? `${verdict.toUpperCase()} wins` : verdict}${result.judgements.some((j) => j.positionFlip) ? " (orders disagreed for some judge)" : ""}`);
        if (verdict === "a" || verdict === "b") {
          const [w, l] = verdict === "a" ? [entry.item.a, entry.item.b] : [entry.item.b, entry.item.a];
          recordGradedPair(services.db, { prompt: promptOfItem(entry.item), chosen: w.answer, rejected: l.answer, source: "grader", rubric: rubric.name, judge: judgesList.join(","), chosenModel: w.model, rejectedModel: l.model });
        }
      }
    }
    if (points) console.log(`mean score ${(pointSum / points).toFixed(2)}/${rubric.scale.max} over ${points} item(s)`);
    if (wins.a + wins.b + wins.tie + wins.both_bad) console.log(`pairwise: A ${wins.a}, B ${wins.b}, tie ${wins.tie}, both bad ${wins.both_bad}`);
    if (failed) console.log(`${failed} item(s) failed and were not scored (see ${out})`);
    for (const r of judgeBiasReport(services.db, { rubric: rubric.name }).filter((r) => judgesList.includes(r.judge))) console.log(formatBias(r));
    console.log(`results: ${out}`);
    return failed ? 1 : 0;
  });
}

function pct(x: number | null): string {
  return x === null ? "n/a" : `${(100 * x).toFixed(1)}%`;
}

function formatBias(r: ReturnType<typeof judgeBiasReport>[number]): string {
  return `judge ${r.judge} (${r.family}): ${r.pairwise} pairwise, position flips ${pct(r.positionFlipRate)}, picks first shown ${pct(r.firstPositionRate)}, self-preference ${pct(r.selfPreferenceRate)} over ${r.selfPreferenceComparisons} comparable`;
}

async function judges(values: Values, inject: EvalInjection): Promise<number> {
  return withServices(values, inject, false, async (services) => {
    const report = judgeBiasReport(services.db, { judge: values.judge, rubric: values.rubric });
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else if (!report.length) console.log("no pairwise judgements recorded yet (run `candor eval grade` with pairwise items)");
    else for (const r of report) console.log(formatBias(r));
    return 0;
  });
}

function readDocs(file: string): EvidenceDocument[] {
  return readJsonl(file).map(({ line, value }) => {
    const o = (value ?? {}) as Record<string, unknown>;
    if (typeof o.text !== "string") throw new Error(`${file}:${line}: a document needs a 'text' string`);
    return { id: typeof o.id === "string" || typeof o.id === "number" ? String(o.id) : `doc-${line}`, title: typeof o.title === "string" ? o.title : undefined, text: o.text };
  });
}

async function factscore(values: Values, inject: EvalInjection): Promise<number> {
  const judge = need(values, "judge");
  const file = resolve(need(values, "file"));
  const splitter = values.splitter ?? "judge";
  if (splitter !== "judge" && splitter !== "sentences") throw new UsageError(`--splitter must be judge or sentences, got '${splitter}'`);
  const items = readJsonl(file).map(({ line, value }): FactScoreItem => {
    const o = (value ?? {}) as Record<string, unknown>;
    if (typeof o.answer !== "string") throw new Error(`${file}:${line}: 'answer' must be a string`);
    return { id: o.id !== undefined ? String(o.id) : `line-${line}`, prompt: typeof o.prompt === "string" ? o.prompt : undefined, answer: o.answer };
  });
  const documents = values.docs ? readDocs(resolve(values.docs)) : undefined;
  return withServices(values, inject, !documents, async (services) => {
    const search = documents ? undefined : (inject.search ?? services.assistant.getSearchProvider());
    const scorer = new FactScorer({ models: services.models, judge, documents, search, splitter, k: intFlag(values, "k"), gamma: numFlag(values, "gamma", 0.001, 1000) });
    const out = resolve(values.out ?? join(services.config.dataDir, "eval", "factscore", `factscore-${stamp()}.jsonl`));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, "");
    const ok: FactScoreResult[] = [];
    for (const item of items) {
      const r = await scorer.score(item);
      appendFileSync(out, `${JSON.stringify(r)}\n`);
      if (r.status !== "ok") {
        console.error(`${item.id}: FAILED — ${r.error}`);
        continue;
      }
      ok.push(r);
      console.log(
        `${item.id}: ${r.claims.length} claims (${r.supported} supported, ${r.notSupported} not supported, ${r.irrelevant} irrelevant) ` +
          `FActScore ${r.factScore === null ? "n/a (no relevant claims)" : r.factScore!.toFixed(3)} F1@${r.k} ${r.f1AtK!.toFixed(3)}${r.splitterNote ? ` [${r.splitterNote}]` : ""}`,
      );
    }
    const scored = ok.filter((r) => r.factScore !== null);
    if (scored.length) console.log(`mean FActScore ${(scored.reduce((s, r) => s + r.factScore!, 0) / scored.length).toFixed(3)} over ${scored.length}; mean F1@K ${(ok.reduce((s, r) => s + r.f1AtK!, 0) / ok.length).toFixed(3)}`);
    console.log(`results: ${out}`);
    return ok.length === items.length ? 0 : 1;
  });
}

function collectPairs(values: Values, services: CandorServices, includeGraded: boolean): PreferencePair[] {
  const pairs: PreferencePair[] = [];
  if (values.pairs) pairs.push(...readPairsJsonl(resolve(values.pairs)));
  const arena = values["from-arena"];
  if (arena !== undefined) {
    if (arena !== "human" && arena !== "judge" && arena !== "all") throw new UsageError(`--from-arena must be human, judge or all, got '${arena}'`);
    pairs.push(...arenaPairs(services.db, arena));
  }
  if (includeGraded) pairs.push(...gradedPairs(services.db));
  return pairs;
}

async function reward(rest: string[], values: Values, inject: EvalInjection): Promise<number> {
  const [action, arg] = rest;
  return withServices(values, inject, false, async (services) => {
    if (action === "list") {
      const list = listRewardModels(services.db);
      if (values.json) console.log(JSON.stringify(list, null, 2));
      else if (!list.length) console.log("no reward models yet: `candor eval reward train --pairs F.jsonl`");
      else
        for (const m of list)
          console.log(
            `${m.active ? "*" : " "} v${m.version}  ${m.createdAt}  ${m.featurizer.kind === "text" ? "text features" : `embeddings of ${m.featurizer.model}`}  ` +
              `${m.metrics.pairs} pairs  held-out accuracy ${pct(m.metrics.heldOutAccuracy)}  (${m.source})`,
          );
      return 0;
    }
    if (action === "activate") {
      const version = Number(arg);
      if (!Number.isInteger(version) || version < 1) throw new UsageError("give the version to activate, e.g. `candor eval reward activate 3`");
      activateRewardModel(services.db, version);
      console.log(`reward model v${version} is now active`);
      return 0;
    }
    if (action === "train") {
      const pairs = collectPairs(values, services, !!values["from-graded"]);
      if (!values.pairs && values["from-arena"] === undefined && !values["from-graded"]) throw new UsageError("give --pairs F.jsonl, --from-arena or --from-graded");
      const { spec, model, metrics } = await trainRewardModel({
        pairs,
        models: services.models,
        embeddingModel: values["embedding-model"],
        epochs: intFlag(values, "epochs"),
        l2: numFlag(values, "l2", 0, 100),
        heldOutFraction: numFlag(values, "holdout", 0, 0.9),
      });
      const source = [values.pairs ? `file:${values.pairs}` : "", values["from-arena"] ? `arena:${values["from-arena"]}` : "", values["from-graded"] ? "graded" : ""].filter(Boolean).join("+");
      const version = saveRewardModel(services.db, spec, model.weights, metrics, source, !values["no-activate"]);
      console.log(
        `trained reward model v${version} on ${metrics.trainPairs} pairs (${spec.kind === "text" ? "text features" : `embeddings of ${spec.model}`}): ` +
          `train accuracy ${pct(metrics.trainAccuracy)}, held-out accuracy ${pct(metrics.heldOutAccuracy)} on ${metrics.heldOutPairs} pairs${values["no-activate"] ? "" : " — now active"}`,
      );
      return 0;
    }
    if (action === "export-dpo") {
      const out = resolve(need(values, "out"));
      const pairs = collectPairs(values, services, !values["no-graded"]);
      if (values["from-arena"] === undefined) pairs.push(...arenaPairs(services.db, "all"));
      const text = toDpoJsonl(pairs);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, text);
      console.log(`wrote ${text ? text.trimEnd().split("\n").length : 0} DPO pairs (prompt, chosen, rejected) to ${out}`);
      return 0;
    }
    throw new UsageError(`unknown reward action '${action ?? ""}'; use train, list, activate or export-dpo`);
  });
}

/**
 * Runs judge models with a rubric. Pointwise: per-criterion scores for one answer. Pairwise: both orders with
 * neutral labels; when the two orders disagree the judge's verdict is a tie (a position-biased judge cannot pick
 * a winner). Several judges form a panel aggregated by majority or mean. A judge is never one of the contestants.
 */
import { z } from "zod";
import type { ModelRegistry } from "../../models/model-registry.js";
import type { ChatModel, Usage } from "../../models/chat-model.js";
import { addUsage, emptyUsage } from "../../models/chat-model.js";
import { buildPairwisePrompt, buildPointwisePrompt, type GradeMaterial, type Rubric } from "../rubrics/rubric.js";
import { callJudge, resolveModel } from "./judge-call.js";
import { modelFamily } from "./model-family.js";

export type Aggregation = "majority" | "mean";
export type PairVerdict = "a" | "b" | "tie" | "both_bad";
type CriterionVerdict = "a" | "b" | "tie";

export class GraderError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = "GraderError";
  }
}

export interface PointwiseItem extends GradeMaterial {
  id?: string;
  /** The answer graded. Without it, the assistant turns of `conversation` are graded. */
  answer?: string;
  /** Which model wrote the answer; a judge may not grade its own model's answer. */
  model?: string;
}

export interface Contestant {
  answer: string;
  model?: string;
}

export interface PairwiseItem extends GradeMaterial {
  id?: string;
  a: Contestant;
  b: Contestant;
}

export interface JudgeFailure {
  judge: string;
  message: string;
  replies?: string[];
}

export interface PointwiseJudgement {
  judge: string;
  scores: Record<string, number>;
  /** Weighted score normalised to 0..1 (negative criteria inverted). */
  overall: number;
  reasoning: string;
  attempts: number;
}

export interface PointwiseResult {
  id?: string;
  rubric: string;
  status: "ok" | "failed";
  scores: Record<string, number>;
  /** 0..1 */
  overall: number;
  /** Overall on the rubric's own scale, e.g. 4.2 of 5. */
  score: number;
  verdict: "strong" | "acceptable" | "weak" | "failed";
  reasoning: string;
  judgements: PointwiseJudgement[];
  errors: JudgeFailure[];
  usage: Usage;
}

export interface OrderOutcome {
  /** Which contestant was shown as answer A in this order. */
  shownFirst: "a" | "b";
  winner: PairVerdict;
  criteria: Record<string, CriterionVerdict>;
  reasoning: string;
}

export interface PairwiseJudgement {
  judge: string;
  orders: [OrderOutcome, OrderOutcome];
  verdict: PairVerdict;
  criteria: Record<string, CriterionVerdict>;
  /** The two orders disagreed, so the verdict became a tie. */
  positionFlip: boolean;
}

export interface PairwiseResult {
  id?: string;
  rubric: string;
  status: "ok" | "failed";
  verdict: PairVerdict | "failed";
  criteria: Record<string, CriterionVerdict>;
  reasoning: string;
  judgements: PairwiseJudgement[];
  errors: JudgeFailure[];
  usage: Usage;
}

/** Where pairwise judgements go so position bias and self-preference can be measured per judge. */
export interface JudgementRecorder {
  recordPairwise(entry: { rubric: string; item: PairwiseItem; judgement: PairwiseJudgement; judgeFamily: string; familyA?: string; familyB?: string }): void;
}

export interface GraderOptions {
  models: ModelRegistry;
  rubric: Rubric;
  /** Model ids of the judges; more than one forms a panel. */
  judges: string[];
  aggregation?: Aggregation;
  maxTokens?: number;
  recorder?: JudgementRecorder;
  /** Overrides for the model-family guess, model id → family. */
  families?: Record<string, string>;
}

export class Grader {
  readonly rubric: Rubric;
  readonly aggregation: Aggregation;
  private readonly judges: { id: string; model: ChatModel }[];
  private readonly pointSchema: z.ZodType<{ reasoning: string; scores: Record<string, number> }>;
  private readonly pairSchema: z.ZodType<{ reasoning: string; criteria: Record<string, "A" | "B" | "tie">; winner: "A" | "B" | "tie" | "both_bad" }>;

  constructor(private readonly options: GraderOptions) {
    if (options.judges.length === 0) throw new GraderError("at least one judge model is needed", "no_judge");
    const dup = options.judges.find((j, i) => options.judges.indexOf(j) !== i);
    if (dup) throw new GraderError(`judge '${dup}' is listed twice in the panel`, "duplicate_judge");
    this.rubric = options.rubric;
    this.aggregation = options.aggregation ?? "majority";
    this.judges = options.judges.map((id) => ({ id, model: resolveModel(options.models, id) }));
    const { min, max } = this.rubric.scale;
    const score = z.number().int().min(min).max(max);
    this.pointSchema = z.object({
      reasoning: z.string().min(1),
      scores: z.object(Object.fromEntries(this.rubric.criteria.map((c) => [c.id, score]))),
    }) as unknown as z.ZodType<{ reasoning: string; scores: Record<string, number> }>;
    const side = z.enum(["A", "B", "tie"]);
    this.pairSchema = z.object({
      reasoning: z.string().min(1),
      criteria: z.object(Object.fromEntries(this.rubric.criteria.map((c) => [c.id, side]))),
      winner: z.enum(["A", "B", "tie", "both_bad"]),
    }) as unknown as typeof this.pairSchema;
  }

  get judgeIds(): string[] {
    return this.judges.map((j) => j.id);
  }

  /** Refuses when a judge is (or resolves to the same backend model as) a contestant. */
  private assertNotContestant(contestants: (string | undefined)[]): void {
    for (const judge of this.judges) {
      for (const c of contestants) {
        if (!c) continue;
        const resolved = this.options.models.resolve(c)[0];
        const same = c === judge.id || stripProvider(c) === stripProvider(judge.id) || (resolved && resolved === judge.model);
        if (same) {
          throw new GraderError(
            `judge '${judge.id}' is also a contestant ('${c}'); a model may not judge its own answers — choose a different judge`,
            "judge_is_contestant",
          );
        }
      }
    }
  }

  private checkRequirements(item: GradeMaterial): void {
    for (const req of this.rubric.requires ?? []) {
      if (!item[req]) throw new GraderError(`rubric '${this.rubric.name}' needs a '${req}' for every item`, `missing_${req}`);
    }
    if (!item.prompt && !item.conversation?.length) throw new GraderError("an item needs a 'prompt' or a 'conversation'", "missing_prompt");
  }

  overallOf(scores: Record<string, number>): number {
    const { min, max } = this.rubric.scale;
    let sum = 0;
    let weights = 0;
    for (const c of this.rubric.criteria) {
      const s = scores[c.id];
      if (s === undefined) continue;
      const norm = (s - min) / (max - min);
      sum += c.weight * (c.negative ? 1 - norm : norm);
      weights += c.weight;
    }
    return weights ? sum / weights : 0;
  }

  async gradePointwise(item: PointwiseItem, signal?: AbortSignal): Promise<PointwiseResult> {
    this.checkRequirements(item);
    if (item.answer === undefined && !item.conversation?.some((m) => m.role === "assistant")) {
      throw new GraderError("a pointwise item needs an 'answer' or a conversation with assistant turns", "missing_answer");
    }
    this.assertNotContestant([item.model]);
    const messages = buildPointwisePrompt(this.rubric, item, item.answer);
    let usage = emptyUsage();
    const judgements: PointwiseJudgement[] = [];
    const errors: JudgeFailure[] = [];
    for (const judge of this.judges) {
      try {
        const r = await callJudge(judge.model, messages, this.pointSchema, "rubric_scores", { signal, maxTokens: this.options.maxTokens });
        usage = addUsage(usage, r.usage);
        judgements.push({ judge: judge.id, scores: r.value.scores, overall: this.overallOf(r.value.scores), reasoning: r.value.reasoning, attempts: r.attempts });
      } catch (err) {
        if (signal?.aborted) throw err;
        errors.push(failureOf(judge.id, err));
      }
    }
    const base = { id: item.id, rubric: this.rubric.name, judgements, errors, usage };
    // A panel with a missing judge is a different panel: report the item as failed rather than score it quietly.
    if (errors.length > 0) return { ...base, status: "failed", scores: {}, overall: 0, score: 0, verdict: "failed", reasoning: errors.map((e) => `${e.judge}: ${e.message}`).join("\n") };
    const scores: Record<string, number> = {};
    for (const c of this.rubric.criteria) {
      const values = judgements.map((j) => j.scores[c.id]!);
      scores[c.id] = this.aggregation === "mean" ? mean(values) : modeOrMedian(values);
    }
    const overall = this.overallOf(scores);
    const { min, max } = this.rubric.scale;
    return {
      ...base,
      status: "ok",
      scores,
      overall,
      score: min + overall * (max - min),
      verdict: overall >= 0.75 ? "strong" : overall >= 0.5 ? "acceptable" : "weak",
      reasoning: judgements.map((j) => (this.judges.length > 1 ? `[${j.judge}] ${j.reasoning}` : j.reasoning)).join("\n\n"),
    };
  }

  async gradePairwise(item: PairwiseItem, signal?: AbortSignal): Promise<PairwiseResult> {
    this.checkRequirements(item);
    if (typeof item.a?.answer !== "string" || typeof item.b?.answer !== "string") {
      throw new GraderError("a pairwise item needs 'a.answer' and 'b.answer'", "missing_answer");
    }
    this.assertNotContestant([item.a.model, item.b.model]);
    const usage = emptyUsage();
    const judgements: PairwiseJudgement[] = [];
    const errors: JudgeFailure[] = [];
    for (const judge of this.judges) {
      try {
        const first = await this.judgeOrder(judge.model, item, "a", usage, signal);
        const second = await this.judgeOrder(judge.model, item, "b", usage, signal);
        const verdict = first.winner === second.winner ? first.winner : "tie";
        const criteria: Record<string, CriterionVerdict> = {};
        for (const c of this.rubric.criteria) {
          criteria[c.id] = first.criteria[c.id] === second.criteria[c.id] ? first.criteria[c.id]! : "tie";
        }
        const judgement: PairwiseJudgement = { judge: judge.id, orders: [first, second], verdict, criteria, positionFlip: first.winner !== second.winner };
        judgements.push(judgement);
        this.options.recorder?.recordPairwise({
          rubric: this.rubric.name,
          item,
          judgement,
          judgeFamily: modelFamily(judge.id, this.options.families),
          familyA: item.a.model ? modelFamily(item.a.model, this.options.families) : undefined,
          familyB: item.b.model ? modelFamily(item.b.model, this.options.families) : undefined,
        });
      } catch (err) {
        if (signal?.aborted) throw err;
        errors.push(failureOf(judge.id, err));
      }
    }
    const base = { id: item.id, rubric: this.rubric.name, judgements, errors, usage };
    if (errors.length > 0) return { ...base, status: "failed", verdict: "failed", criteria: {}, reasoning: errors.map((e) => `${e.judge}: ${e.message}`).join("\n") };
    const criteria: Record<string, CriterionVerdict> = {};
    for (const c of this.rubric.criteria) {
      criteria[c.id] = aggregatePair(judgements.map((j) => j.criteria[c.id]!), this.aggregation) as CriterionVerdict;
    }
    return {
      ...base,
      status: "ok",
      verdict: aggregatePair(judgements.map((j) => j.verdict), this.aggregation),
      criteria,
      reasoning: judgements
        .map((j) => `${this.judges.length > 1 ? `[${j.judge}] ` : ""}A-first: ${j.orders[0].reasoning}\nB-first: ${j.orders[1].reasoning}`)
        .join("\n\n"),
    };
  }

  private async judgeOrder(model: ChatModel, item: PairwiseItem, shownFirst: "a" | "b", usage: Usage, signal?: AbortSignal): Promise<OrderOutcome> {
    const [first, second] = shownFirst === "a" ? [item.a, item.b] : [item.b, item.a];
    const r = await callJudge(model, buildPairwisePrompt(this.rubric, item, first.answer, second.answer), this.pairSchema, "pairwise_verdict", {
      signal,
      maxTokens: this.options.maxTokens,
    });
    // The caller's running total, shared by both orders: added to in place.
    Object.assign(usage, addUsage(usage, r.usage));
    const other = shownFirst === "a" ? "b" : "a";
    const map = (label: "A" | "B" | "tie"): CriterionVerdict => (label === "A" ? shownFirst : label === "B" ? other : "tie");
    const criteria: Record<string, CriterionVerdict> = {};
    for (const [k, v] of Object.entries(r.value.criteria)) criteria[k] = map(v);
    return { shownFirst, winner: r.value.winner === "both_bad" ? "both_bad" : map(r.value.winner), criteria, reasoning: r.value.reasoning };
  }
}

function stripProvider(id: string): string {
  return id.includes("/") ? id.slice(id.indexOf("/") + 1) : id;
}

function failureOf(judge: string, err: unknown): JudgeFailure {
  const e = err as Error & { replies?: string[] };
  return { judge, message: e.message, replies: e.replies };
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Most common value; when several are equally common, the median of all values. */
function modeOrMedian(values: number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const top = Math.max(...counts.values());
  const modes = [...counts].filter(([, n]) => n === top).map(([v]) => v);
  if (modes.length === 1) return modes[0]!;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * majority: the verdict with strictly the most votes, else a tie.
 * mean: a = 1, b = 0, tie/both_bad = ½; above ½ → a, below → b; exactly ½ → tie, or both_bad when most judges said so.
 */
export function aggregatePair(verdicts: PairVerdict[], aggregation: Aggregation): PairVerdict {
  if (verdicts.length === 1) return verdicts[0]!;
  const counts = new Map<PairVerdict, number>();
  for (const v of verdicts) counts.set(v, (counts.get(v) ?? 0) + 1);
  if (aggregation === "majority") {
    const top = Math.max(...counts.values());
    const leaders = [...counts].filter(([, n]) => n === top);
    return leaders.length === 1 ? leaders[0]![0] : "tie";
  }
  const m = mean(verdicts.map((v) => (v === "a" ? 1 : v === "b" ? 0 : 0.5)));
  if (m > 0.5) return "a";
  if (m < 0.5) return "b";
  return (counts.get("both_bad") ?? 0) * 2 > verdicts.length ? "both_bad" : "tie";
}

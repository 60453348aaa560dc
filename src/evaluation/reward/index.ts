/**
 * The learned reward model and its serving-time use. `installBestOfN` is called by the evaluation wiring at
 * start-up: it plugs the active reward model (or a configured grader) into the assistant's best-of-N hook.
 */
import { z } from "zod";
import type { AreaContext } from "../../runtime/area-context.js";
import { Grader } from "../graders/grader.js";
import { getRubric } from "../rubrics/index.js";
import { GraderScorer, RewardModelScorer } from "./candidate-scorers.js";
import { loadRewardModel } from "./reward-store.js";

export * from "./best-of-n.js";
export * from "./candidate-scorers.js";
export * from "./reward-model.js";
export * from "./reward-store.js";
export * from "./preference-pairs.js";
export * from "./train-reward-model.js";
export { rewardMigrations } from "./migrations.js";

/** `evaluation.bestOfN` in candor.config.json. */
export const bestOfNConfigSchema = z
  .object({
    /** reward: the active reward model (default); grader: a rubric judged by `judges`. */
    scorer: z.enum(["reward", "grader"]).default("reward"),
    /** Use this reward model version instead of the active one. */
    rewardVersion: z.number().int().positive().optional(),
    rubric: z.string().default("helpfulness"),
    judges: z.array(z.string().min(1)).default([]),
    aggregation: z.enum(["majority", "mean"]).default("mean"),
  })
  .strict();

export type BestOfNConfig = z.infer<typeof bestOfNConfigSchema>;

export function bestOfNConfig(ctx: AreaContext): BestOfNConfig {
  const raw = (ctx.config.evaluation as Record<string, unknown>).bestOfN ?? {};
  const parsed = bestOfNConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`invalid evaluation.bestOfN configuration: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

export async function installBestOfN(ctx: AreaContext): Promise<void> {
  const cfg = bestOfNConfig(ctx);
  if (cfg.scorer === "grader") {
    if (cfg.judges.length === 0) throw new Error("evaluation.bestOfN.scorer is 'grader' but evaluation.bestOfN.judges is empty");
    const grader = new Grader({ models: ctx.models, rubric: getRubric(cfg.rubric), judges: cfg.judges, aggregation: cfg.aggregation });
    ctx.assistant.setCandidateScorer(new GraderScorer(grader));
    ctx.log(`best_of_n: scoring candidates with the ${cfg.rubric} rubric (judges: ${cfg.judges.join(", ")})`);
    return;
  }
  const model = loadRewardModel(ctx.db, ctx.models, cfg.rewardVersion);
  if (!model) {
    if (cfg.rewardVersion !== undefined) throw new Error(`evaluation.bestOfN.rewardVersion ${cfg.rewardVersion} does not exist`);
    return;
  }
  ctx.assistant.setCandidateScorer(new RewardModelScorer(model));
  ctx.log(`best_of_n: scoring candidates with reward model v${model.version} (${model.featurizer.spec.kind} features)`);
}

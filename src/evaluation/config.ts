import { z } from "zod";

const arenaConfigSchema = z
  .object({
    /** Contestants drawn for battles when a request names none; default: every chat model the registry lists. */
    models: z.array(z.string().min(1)).optional(),
    /** Generation settings for contestants' answers. */
    maxTokens: z.number().int().positive().default(1024),
    temperature: z.number().min(0).max(2).default(0.7),
    /** Judge model for `candor arena run` when --judge is not given. */
    judge: z.string().min(1).optional(),
    /** Battles generated at once by a judge-only tournament. */
    concurrency: z.number().int().min(1).max(64).default(2),
  })
  .strict();

const ratingsConfigSchema = z
  .object({
    /** Online Elo step (LMArena: 4). */
    eloK: z.number().positive().default(4),
    /** Bootstrap rounds for the 95% intervals (LMArena uses 100 or more). */
    bootstrapRounds: z.number().int().min(0).max(10000).default(100),
    seed: z.number().int().default(42),
    /** L2 penalty on Bradley–Terry strengths (log-odds); keeps never-beaten models finite. */
    l2: z.number().min(0).default(1e-4),
    /** Pin one model's rating, as LMArena pins one (e.g. { model: "mixtral-8x7b-instruct-v0.1", rating: 1114 }). */
    anchor: z.object({ model: z.string().min(1), rating: z.number() }).strict().optional(),
  })
  .strict();

/**
 * Evaluation section of candor.config.json (`evaluation`). `arena` and `ratings` are validated strictly
 * here; the graders, benchmarks and reward sections belong to their own modules and pass through.
 */
export const evaluationConfigSchema = z
  .object({
    arena: arenaConfigSchema.default(arenaConfigSchema.parse({})),
    ratings: ratingsConfigSchema.default(ratingsConfigSchema.parse({})),
  })
  .passthrough();

export type EvaluationConfig = z.infer<typeof evaluationConfigSchema>;
export type ArenaConfig = z.infer<typeof arenaConfigSchema>;
export type RatingsConfig = z.infer<typeof ratingsConfigSchema>;
export const defaultArenaConfig = (): ArenaConfig => arenaConfigSchema.parse({});
export const defaultRatingsConfig = (): RatingsConfig => ratingsConfigSchema.parse({});

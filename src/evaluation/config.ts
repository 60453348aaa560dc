import { z } from "zod";

/** Evaluation section of candor.config.json (`evaluation`). Owned by src/evaluation. */
export const evaluationConfigSchema = z.object({}).passthrough();
export type EvaluationConfig = z.infer<typeof evaluationConfigSchema>;

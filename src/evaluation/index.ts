import type { AreaContext } from "../runtime/area-context.js";
import { Arena } from "./arena/arena.js";
import { defaultArenaConfig, defaultRatingsConfig } from "./config.js";
import { installBestOfN } from "./reward/index.js";

/** Arena, ratings, graders, benchmarks and reward models (issue 5). */
export interface EvaluationServices {
  arena: Arena;
  close(): Promise<void>;
}

export async function createEvaluationServices(ctx: AreaContext): Promise<EvaluationServices | undefined> {
  const arena = new Arena({
    db: ctx.db,
    models: ctx.models,
    arena: ctx.config.evaluation.arena ?? defaultArenaConfig(),
    ratings: ctx.config.evaluation.ratings ?? defaultRatingsConfig(),
  });
  // Plugs the active reward model (or a configured grader) into the assistant's best-of-N hook.
  await installBestOfN(ctx);
  return {
    arena,
    async close() {
      // The arena holds no resources beyond the shared database, which the composition root closes.
    },
  };
}

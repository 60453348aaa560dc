import type { AreaContext } from "../runtime/area-context.js";

/** Arena, ratings, graders, benchmarks and reward models (issue 5). */
export interface EvaluationServices {
  close(): Promise<void>;
}

export async function createEvaluationServices(_ctx: AreaContext): Promise<EvaluationServices | undefined> {
  return undefined;
}

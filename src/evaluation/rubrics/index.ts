import type { Rubric } from "./rubric.js";
import { creativeWritingRubric } from "./creative-writing.js";
import { emotionalIntelligenceRubric } from "./emotional-intelligence.js";
import { personalityConsistencyRubric } from "./personality-consistency.js";
import { truthfulnessRubric } from "./truthfulness.js";
import { helpfulnessRubric } from "./helpfulness.js";

export * from "./rubric.js";
export { creativeWritingRubric, emotionalIntelligenceRubric, personalityConsistencyRubric, truthfulnessRubric, helpfulnessRubric };

export const rubrics: Record<string, Rubric> = Object.fromEntries(
  [creativeWritingRubric, emotionalIntelligenceRubric, personalityConsistencyRubric, truthfulnessRubric, helpfulnessRubric].map((r) => [r.name, r]),
);

export function getRubric(name: string): Rubric {
  const rubric = rubrics[name];
  if (!rubric) throw new Error(`unknown rubric '${name}'; available: ${Object.keys(rubrics).join(", ")}`);
  return rubric;
}

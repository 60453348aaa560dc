/**
 * Rubrics are data (criteria, scale anchors, weights) plus a prompt builder, so a new rubric is a new
 * object, not new grading code. The grader turns a rubric into a JSON schema the judge must fill.
 */
import type { ChatMessage } from "../../models/chat-model.js";

export interface RubricCriterion {
  /** Key in the judge's JSON output: lowercase letters, digits and underscores. */
  id: string;
  name: string;
  description: string;
  weight: number;
  /** A quality to avoid (e.g. sycophancy): a high score lowers the overall score. */
  negative?: boolean;
  /** What a score means on the scale, e.g. {1: "...", 3: "...", 5: "..."}. */
  anchors: Record<number, string>;
}

export interface Rubric {
  name: string;
  title: string;
  /** What is being judged and how to read the material, shown to the judge. */
  instructions: string;
  scale: { min: number; max: number };
  criteria: RubricCriterion[];
  /** Does the material need a persona / a scenario to be judged? Items without it are refused. */
  requires?: ("persona" | "scenario")[];
}

/** What a judge sees for one item. Either a prompt or a conversation is given. */
export interface GradeMaterial {
  prompt?: string;
  conversation?: ChatMessage[];
  /** The persona the assistant was told to keep (personality consistency). */
  persona?: string;
  /** The role-play situation (emotional intelligence). */
  scenario?: string;
  /** A reference answer or notes for the judge, when the user has one. */
  reference?: string;
}

export function renderConversation(messages: ChatMessage[]): string {
  return messages
    .map((m, i) => `[turn ${i + 1}] ${m.role === "assistant" ? "ASSISTANT" : m.role === "user" ? "USER" : m.role.toUpperCase()}: ${m.content}`)
    .join("\n\n");
}

function renderCriteria(rubric: Rubric): string {
  return rubric.criteria
    .map((c) => {
      const anchors = Object.entries(c.anchors)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([score, text]) => `    ${score}: ${text}`)
        .join("\n");
      const sign = c.negative ? " (NEGATIVE: a high score means MORE of this unwanted behaviour)" : "";
      return `- ${c.id} — ${c.name}${sign}, weight ${c.weight}\n  ${c.description}\n  Scale anchors:\n${anchors}`;
    })
    .join("\n");
}

function renderMaterial(m: GradeMaterial): string {
  const parts: string[] = [];
  if (m.persona) parts.push(`<persona>\n${m.persona}\n</persona>`);
  if (m.scenario) parts.push(`<scenario>\n${m.scenario}\n</scenario>`);
  if (m.conversation?.length) parts.push(`<conversation>\n${renderConversation(m.conversation)}\n</conversation>`);
  if (m.prompt) parts.push(`<prompt>\n${m.prompt}\n</prompt>`);
  if (m.reference) parts.push(`<reference>\n${m.reference}\n</reference>`);
  return parts.join("\n\n");
}

const judgeSystem =
  "You are an impartial expert evaluator. Judge only the material given, follow the rubric exactly, " +
  "ignore the length of answers unless the rubric asks about it, and never let the order in which answers are shown affect your judgement. " +
  "Reply with a single JSON object that matches the requested schema and nothing else.";

export function buildPointwisePrompt(rubric: Rubric, material: GradeMaterial, answer: string | undefined): ChatMessage[] {
  const answerBlock =
    answer !== undefined
      ? `<answer>\n${answer}\n</answer>`
      : "The ASSISTANT turns of the conversation above are what you grade.";
  const user = [
    `# Rubric: ${rubric.title}`,
    rubric.instructions,
    `Score each criterion with an integer from ${rubric.scale.min} to ${rubric.scale.max}:`,
    renderCriteria(rubric),
    "# Material",
    renderMaterial(material),
    answerBlock,
    "# Output",
    `Return JSON: {"reasoning": "<your analysis, citing specific passages>", "scores": {${rubric.criteria.map((c) => `"${c.id}": <int>`).join(", ")}}}. Write the reasoning first, then the scores.`,
  ].join("\n\n");
  return [
    { role: "system", content: judgeSystem },
    { role: "user", content: user },
  ];
}

/** Labels carry no information about which model wrote which answer. */
export const pairLabels = ["A", "B"] as const;

export function buildPairwisePrompt(rubric: Rubric, material: GradeMaterial, first: string, second: string): ChatMessage[] {
  const user = [
    `# Rubric: ${rubric.title}`,
    rubric.instructions,
    "Compare the two answers on each criterion, then decide which answer is better overall.",
    renderCriteria(rubric),
    "# Material",
    renderMaterial(material),
    `<answer_A>\n${first}\n</answer_A>`,
    `<answer_B>\n${second}\n</answer_B>`,
    "# Output",
    `Return JSON: {"reasoning": "<comparison citing specific passages>", "criteria": {${rubric.criteria
      .map((c) => `"${c.id}": "A" | "B" | "tie"`)
      .join(", ")}}, "winner": "A" | "B" | "tie" | "both_bad"}. For a negative criterion name the answer that shows LESS of the behaviour. Use "both_bad" only when neither answer is acceptable.`,
  ].join("\n\n");
  return [
    { role: "system", content: judgeSystem },
    { role: "user", content: user },
  ];
}

import { ask } from "./ask.js";
import { answersEquivalent, extractFinalAnswer, goldFinalAnswer } from "./math-answer.js";
import { asRecord, itemId, ItemFormatError, requireString, type Benchmark } from "./types.js";

export interface MathItem {
  id: string;
  problem: string;
  /** The final answer (a GSM8K-style worked solution ending in "#### x" is reduced to x). */
  answer: string;
}

export function parseMath(raw: unknown, line: number): MathItem {
  const o = asRecord(raw, line);
  const problem = typeof o.problem === "string" ? o.problem : typeof o.question === "string" ? o.question : undefined;
  if (!problem?.trim()) throw new ItemFormatError(line, "'problem' (or 'question') must be a non-empty string");
  let answer: string;
  if (typeof o.answer === "number") answer = String(o.answer);
  else if (typeof o.answer === "string" && o.answer.trim()) answer = goldFinalAnswer(o.answer);
  else if (typeof o.solution === "string") answer = goldFinalAnswer(requireString(o, "solution", line));
  else throw new ItemFormatError(line, "'answer' must be a string or number (or give a 'solution' with a \\boxed{} answer)");
  return { id: itemId(o, line), problem, answer };
}

export const mathBenchmark: Benchmark<MathItem> = {
  name: "math",
  parse: parseMath,
  async run(item, ctx) {
    const { content, usage } = await ask(ctx, [
      { role: "user", content: `${item.problem}\n\nSolve the problem step by step, then give the final answer as \\boxed{answer}.` },
    ]);
    const prediction = extractFinalAnswer(content);
    return { id: item.id, correct: prediction !== null && answersEquivalent(prediction, item.answer), prediction, gold: item.answer, response: content, usage };
  },
};

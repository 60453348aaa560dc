/**
 * MMLU-style multiple choice: {question, choices, answer} where choices is a list or a letter→text object and
 * answer is a letter or a 0-based index (the Hugging Face MMLU layout). The letter is pulled out of free-form
 * replies ("The answer is (C)", "**Answer:** C", "\boxed{C}", "C) Paris", or the choice text itself).
 */
import { ask } from "./ask.js";
import { asRecord, itemId, ItemFormatError, requireString, type Benchmark } from "./types.js";
import { stripThinking } from "../answer-text.js";

export interface MultipleChoiceItem {
  id: string;
  question: string;
  choices: string[];
  answer: string;
  subject?: string;
}

const letters = "ABCDEFGHIJKLMNOP";

export function parseMultipleChoice(raw: unknown, line: number): MultipleChoiceItem {
  const o = asRecord(raw, line);
  const question = requireString(o, "question", line);
  let choices: string[];
  if (Array.isArray(o.choices)) choices = o.choices.map(String);
  else if (o.choices && typeof o.choices === "object") {
    const entries = Object.entries(o.choices as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    choices = entries.map(([, v]) => String(v));
  } else throw new ItemFormatError(line, "'choices' must be a list of strings or an object of letter → text");
  if (choices.length < 2 || choices.length > letters.length) throw new ItemFormatError(line, `'choices' must have 2 to ${letters.length} entries`);
  let answer: string;
  if (typeof o.answer === "number" && Number.isInteger(o.answer) && o.answer >= 0 && o.answer < choices.length) answer = letters[o.answer]!;
  else if (typeof o.answer === "string" && /^[A-P]$/i.test(o.answer.trim()) && letters.indexOf(o.answer.trim().toUpperCase()) < choices.length) answer = o.answer.trim().toUpperCase();
  else throw new ItemFormatError(line, `'answer' must be a letter A–${letters[choices.length - 1]} or an index 0–${choices.length - 1}`);
  return { id: itemId(o, line), question, choices, answer, subject: typeof o.subject === "string" ? o.subject : undefined };
}

export function formatMultipleChoice(item: { question: string; choices: string[] }): string {
  return `${item.question}\n\n${item.choices.map((c, i) => `${letters[i]}. ${c}`).join("\n")}`;
}

function lastMatch(re: RegExp, text: string, valid: string): string | null {
  let found: string | null = null;
  for (const m of text.matchAll(re)) {
    const l = m[1]!.toUpperCase();
    if (valid.includes(l)) found = l;
  }
  return found;
}

/** The chosen letter, or null when the reply commits to none. */
export function extractChoiceLetter(response: string, choices: string[]): string | null {
  const valid = letters.slice(0, choices.length);
  const text = stripThinking(response).replace(/\*\*/g, "").trim();
  const explicit =
    lastMatch(/answer(?:\s+is)?\s*(?:[:：]|is)?\s*(?:option\s+)?\(?\s*([A-P])\s*\)?(?![\w])/gi, text, valid) ??
    lastMatch(/\\boxed\{\s*(?:\\text\{)?\s*([A-P])\s*\}?\s*\}/g, text, valid) ??
    lastMatch(/(?:option|choice)\s+\(?([A-P])\)?(?![\w])/gi, text, valid);
  if (explicit) return explicit;
  const lead = /^\(?([A-P])(?:[).:\]]|\s*$|\s+-|\s+\u2014)/.exec(text);
  if (lead && valid.includes(lead[1]!)) return lead[1]!;
  // The reply quotes exactly one choice's text.
  const lower = text.toLowerCase();
  const quoted = choices.map((c, i) => (c.trim().length > 1 && lower.includes(c.trim().toLowerCase()) ? letters[i]! : null)).filter(Boolean);
  if (quoted.length === 1) return quoted[0]!;
  return lastMatch(/\(([A-P])\)/g, text, valid) ?? lastMatch(/(?:^|\s)([A-P])[).](?:\s|$)/gm, text, valid);
}

export const multipleChoiceBenchmark: Benchmark<MultipleChoiceItem> = {
  name: "mmlu",
  parse: parseMultipleChoice,
  async run(item, ctx) {
    const { content, usage } = await ask(ctx, [
      {
        role: "user",
        content: `${item.subject ? `The following is a multiple choice question about ${item.subject.replace(/_/g, " ")}.\n\n` : ""}${formatMultipleChoice(item)}\n\nThink briefly if you need to, then finish with "Answer: <letter>".`,
      },
    ]);
    const prediction = extractChoiceLetter(content, item.choices);
    return { id: item.id, correct: prediction === item.answer, prediction, gold: item.answer, response: content, usage };
  },
};

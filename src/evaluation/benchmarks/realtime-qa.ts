/**
 * RealTimeQA-style questions about recent events: {question, date, answer} (or RealTimeQA's own layout:
 * question_sentence, question_date, choices, answer: ["index"]). The model gets live search results from the
 * knowledge store, limited to posts up to the question's date, and must answer from them.
 */
import { ask } from "./ask.js";
import { extractChoiceLetter, formatMultipleChoice } from "./multiple-choice.js";
import { asRecord, itemId, ItemFormatError, type Benchmark } from "./types.js";
import { stripThinking } from "../answer-text.js";

export interface RealtimeQaItem {
  id: string;
  question: string;
  /** YYYY-MM-DD */
  date: string;
  /** Accepted answers (free-form), or the correct letter when `choices` is set. */
  answers: string[];
  choices?: string[];
}

const letters = "ABCDEFGHIJKLMNOP";

export function parseRealtimeQa(raw: unknown, line: number): RealtimeQaItem {
  const o = asRecord(raw, line);
  const question = (typeof o.question === "string" && o.question) || (typeof o.question_sentence === "string" && o.question_sentence) || "";
  if (!question.trim()) throw new ItemFormatError(line, "'question' (or 'question_sentence') must be a non-empty string");
  const rawDate = (o.date ?? o.question_date) as unknown;
  const m = typeof rawDate === "string" ? /^(\d{4})[-/](\d{2})[-/](\d{2})/.exec(rawDate) : null;
  if (!m) throw new ItemFormatError(line, "'date' (or 'question_date') must look like YYYY-MM-DD or YYYY/MM/DD");
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  const choices = Array.isArray(o.choices) && o.choices.length >= 2 ? o.choices.map(String) : undefined;
  const rawAnswer = Array.isArray(o.answer) ? o.answer : o.answer !== undefined ? [o.answer] : Array.isArray(o.answers) ? o.answers : [];
  let answers = rawAnswer.filter((a): a is string | number => typeof a === "string" || typeof a === "number").map(String).filter((a) => a.trim());
  if (answers.length === 0) throw new ItemFormatError(line, "'answer' must be a string, a number or a list of them");
  if (choices) {
    answers = answers.map((a) => {
      if (/^\d+$/.test(a) && Number(a) < choices.length) return letters[Number(a)]!;
      if (/^[A-P]$/i.test(a) && letters.indexOf(a.toUpperCase()) < choices.length) return a.toUpperCase();
      const idx = choices.findIndex((c) => c.trim().toLowerCase() === a.trim().toLowerCase());
      if (idx >= 0) return letters[idx]!;
      throw new ItemFormatError(line, `answer ${JSON.stringify(a)} is not a choice index, letter or choice text`);
    });
  }
  return { id: itemId(o, line), question, date, answers, choices };
}

export function normalizeText(s: string): string {
  return s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .replace(/\b(a|an|the)\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function finalAnswerText(response: string): string {
  const text = stripThinking(response).replace(/\*\*/g, "");
  const m = [...text.matchAll(/answer\s*[:：]\s*([^\n]+)/gi)].pop();
  return (m ? m[1]! : text).trim();
}

/** Correct when a gold answer appears as whole words in the final answer (SQuAD-style normalisation). */
export function matchesGold(prediction: string, golds: string[]): boolean {
  const p = ` ${normalizeText(prediction)} `;
  return golds.some((g) => {
    const n = normalizeText(g);
    return n.length > 0 && p.includes(` ${n} `);
  });
}

export const realtimeQaBenchmark: Benchmark<RealtimeQaItem> = {
  name: "realtimeqa",
  parse: parseRealtimeQa,
  async run(item, ctx) {
    if (!ctx.search) throw new Error("realtimeqa needs live search over the knowledge store, and none is installed (enable the knowledge engine)");
    const hits = await ctx.search.search(item.question, { mode: "on", toDate: `${item.date}T23:59:59Z`, maxSearchResults: 8 }, ctx.signal);
    const sources = hits.length
      ? hits.map((h, i) => `[${i + 1}] ${h.createdAt ? `(${h.createdAt}) ` : ""}${h.author ? `${h.author}: ` : ""}${h.text}`).join("\n")
      : "(no results)";
    const body = item.choices ? formatMultipleChoice({ question: item.question, choices: item.choices }) : item.question;
    const { content, usage } = await ask(ctx, [
      {
        role: "system",
        content: `Today is ${item.date}. Answer questions about recent events using the search results provided; they are more recent than your training data.`,
      },
      {
        role: "user",
        content: `Search results:\n${sources}\n\nQuestion: ${body}\n\nFinish with "Answer: <${item.choices ? "letter" : "short answer"}>".`,
      },
    ]);
    const details = { searchResults: hits.length, sources: hits.map((h) => h.url || h.id) };
    if (item.choices) {
      const letter = extractChoiceLetter(content, item.choices);
      return { id: item.id, correct: letter !== null && item.answers.includes(letter), prediction: letter, gold: item.answers.join(" | "), response: content, usage, details };
    }
    const prediction = finalAnswerText(content);
    return { id: item.id, correct: matchesGold(prediction, item.answers), prediction, gold: item.answers.join(" | "), response: content, usage, details };
  },
};

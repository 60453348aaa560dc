import { z } from "zod";
import { collectGeneration, type ChatMessage, type ChatModel } from "../../models/chat-model.js";
import type { Outcome } from "../ratings/battle-table.js";
import { ArenaError } from "./arena-error.js";

export const PAIRWISE_VERDICT_SCHEMA = {
  type: "object",
  properties: {
    winner: { type: "string", enum: ["A", "B", "tie", "both_bad"] },
    reasoning: { type: "string" },
  },
  required: ["winner", "reasoning"],
  additionalProperties: false,
} as const;

const verdictSchema = z.object({ winner: z.enum(["A", "B", "tie", "both_bad"]), reasoning: z.string() });

export const DEFAULT_JUDGE_INSTRUCTIONS =
  "You are an impartial judge. Compare two assistant responses to the same conversation and decide which one " +
  "better serves the user: correct, honest, helpful, clear and appropriately concise. Ignore the order in which " +
  "the responses are shown and do not favour a response for being longer or more heavily formatted. " +
  'Answer with JSON only: {"winner": "A" | "B" | "tie" | "both_bad", "reasoning": "<one short paragraph>"}. ' +
  'Use "tie" when they are equally good and "both_bad" when neither is acceptable.';

export interface JudgePairOptions {
  judge: ChatModel;
  /** The conversation both answers respond to (the prompt turns). */
  conversation: ChatMessage[];
  answerA: string;
  answerB: string;
  /** Model ids of the contestants: judging one's own answer is refused. */
  contestants?: string[];
  /** Replaces the default rubric text (graders pass their own). */
  instructions?: string;
  maxTokens?: number;
  signal?: AbortSignal;
}

export interface OrderVerdict {
  /** In the caller's labels (A = answerA), whatever order the judge saw them in. */
  winner: Outcome;
  reasoning: string;
  /** Which answer the judge was shown first */
  shownFirst: "A" | "B";
}

export interface PairwiseVerdict {
  /** The two orders agreed → their verdict; they disagreed → tie (position bias is not a preference). */
  winner: Outcome;
  consistent: boolean;
  orders: [OrderVerdict, OrderVerdict];
}

function renderConversation(conversation: ChatMessage[]): string {
  return conversation.map((m) => `[${m.role}]\n${m.content}`).join("\n\n");
}

function swap(o: Outcome): Outcome {
  return o === "A" ? "B" : o === "B" ? "A" : o;
}

/** Finds the verdict JSON in a judge's output (tolerating a code fence or prose around it) and validates it. */
export function parseVerdict(text: string, judgeId: string): z.infer<typeof verdictSchema> {
  const candidates = [text.trim()];
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start >= 0 && end > start) candidates.push(text.slice(start, end + 1));
  for (const c of candidates) {
    try {
      const parsed = verdictSchema.safeParse(JSON.parse(c));
      if (parsed.success) return parsed.data;
    } catch {
      // try the next candidate
    }
  }
  throw new ArenaError(
    "judge_output",
    `judge ${judgeId} did not answer with a valid verdict ({"winner": "A"|"B"|"tie"|"both_bad", "reasoning": string}); it said: ${JSON.stringify(text.slice(0, 300))}`,
  );
}

async function judgeOnce(opts: JudgePairOptions, first: string, second: string): Promise<{ winner: Outcome; reasoning: string }> {
  const messages: ChatMessage[] = [
    { role: "system", content: opts.instructions ?? DEFAULT_JUDGE_INSTRUCTIONS },
    {
      role: "user",
      content:
        `<conversation>\n${renderConversation(opts.conversation)}\n</conversation>\n\n` +
        `<response label="A">\n${first}\n</response>\n\n<response label="B">\n${second}\n</response>\n\n` +
        "Which response is better? Reply with the JSON verdict.",
    },
  ];
  const out = await collectGeneration(
    opts.judge.generate(messages, {
      temperature: 0,
      maxTokens: opts.maxTokens ?? 512,
      responseFormat: { type: "json_schema", name: "pairwise_verdict", schema: PAIRWISE_VERDICT_SCHEMA as unknown as Record<string, unknown>, strict: true },
      signal: opts.signal,
    }),
  );
  return parseVerdict(out.content, opts.judge.id);
}

/**
 * Asks a judge model which of two answers is better, in both orders with neutral labels (A/B), at
 * temperature 0 with a JSON-schema verdict. A verdict that flips with the order is recorded as a tie.
 */
export async function judgePair(opts: JudgePairOptions): Promise<PairwiseVerdict> {
  if (opts.contestants?.includes(opts.judge.id)) {
    throw new ArenaError("invalid", `the judge ${opts.judge.id} is one of the contestants; a model may not judge its own answers`, "judge");
  }
  const [forward, reversed] = await Promise.all([judgeOnce(opts, opts.answerA, opts.answerB), judgeOnce(opts, opts.answerB, opts.answerA)]);
  const orders: [OrderVerdict, OrderVerdict] = [
    { winner: forward.winner, reasoning: forward.reasoning, shownFirst: "A" },
    { winner: swap(reversed.winner), reasoning: reversed.reasoning, shownFirst: "B" },
  ];
  const consistent = orders[0].winner === orders[1].winner;
  return { winner: consistent ? orders[0].winner : "tie", consistent, orders };
}

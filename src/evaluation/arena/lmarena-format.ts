import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import type { Outcome } from "../ratings/battle-table.js";
import { styleFeatures, type StyleFeatures } from "../ratings/style-features.js";
import { assistantText, type ConversationTurn, type StoredBattle } from "./battle.js";

/** LMArena's winner labels ↔ ours. */
const WINNER_FROM_LMARENA: Record<string, Outcome> = { model_a: "A", model_b: "B", tie: "tie", "tie (bothbad)": "both_bad" };
const WINNER_TO_LMARENA: Record<Outcome, string> = { A: "model_a", B: "model_b", tie: "tie", both_bad: "tie (bothbad)" };

const contentSchema = z.union([
  z.string(),
  // Newer dumps store content as parts; only text parts carry what was said.
  z.array(z.union([z.object({ type: z.literal("text"), text: z.string() }).passthrough(), z.object({ type: z.string() }).passthrough()])),
  z.null(),
]);
const turnSchema = z.object({ role: z.string(), content: contentSchema }).passthrough();

const countsSchema = z.record(z.string(), z.number()).optional();
const convMetadataSchema = z
  .object({
    sum_assistant_a_tokens: z.number().optional(),
    sum_assistant_b_tokens: z.number().optional(),
    header_count_a: countsSchema,
    header_count_b: countsSchema,
    list_count_a: countsSchema,
    list_count_b: countsSchema,
    bold_count_a: countsSchema,
    bold_count_b: countsSchema,
  })
  .passthrough();

/** One line of an LMArena battle dump (the columns we use; others are kept in meta). */
export const lmarenaRowSchema = z
  .object({
    model_a: z.string().min(1, "model_a must not be empty"),
    model_b: z.string().min(1, "model_b must not be empty"),
    winner: z.enum(["model_a", "model_b", "tie", "tie (bothbad)"], { message: 'winner must be one of "model_a", "model_b", "tie", "tie (bothbad)"' }),
    conversation_a: z.array(turnSchema).optional(),
    conversation_b: z.array(turnSchema).optional(),
    turn: z.number().int().min(0).optional(),
    anony: z.boolean().optional(),
    language: z.string().nullable().optional(),
    tstamp: z.number().optional(),
    question_id: z.union([z.string(), z.number()]).nullable().optional(),
    judge: z.string().nullable().optional(),
    voter_kind: z.enum(["human", "judge"]).optional(),
    conv_metadata: convMetadataSchema.nullable().optional(),
  })
  .passthrough()
  .refine((r) => r.model_a !== r.model_b, { message: "model_a and model_b must differ" });

export type LmarenaRow = z.infer<typeof lmarenaRowSchema>;

function textOf(content: z.infer<typeof contentSchema>): string {
  if (content === null) return "";
  if (typeof content === "string") return content;
  return content.map((p) => (p.type === "text" && typeof p.text === "string" ? p.text : "")).join("");
}

function toTurns(conv: z.infer<typeof turnSchema>[] | undefined): ConversationTurn[] {
  return (conv ?? []).map((m) => ({
    role: m.role === "system" || m.role === "assistant" ? m.role : "user",
    content: textOf(m.content),
  }));
}

const sum = (counts: Record<string, number> | undefined) => (counts ? Object.values(counts).reduce((s, x) => s + x, 0) : undefined);

/** Style from LMArena's precomputed conv_metadata when a dump carries it (dumps without conversations do). */
function styleFromMetadata(meta: z.infer<typeof convMetadataSchema>, side: "a" | "b"): StyleFeatures | null {
  const tokens = meta[`sum_assistant_${side}_tokens`];
  const headers = sum(meta[`header_count_${side}`]);
  const listItems = sum(meta[`list_count_${side}`]);
  const bold = sum(meta[`bold_count_${side}`]);
  if (tokens === undefined || headers === undefined || listItems === undefined || bold === undefined) return null;
  return { tokens, headers, listItems, bold };
}

const KNOWN_COLUMNS = new Set(["model_a", "model_b", "winner", "conversation_a", "conversation_b", "turn", "anony", "language", "tstamp", "question_id", "judge", "voter_kind", "conv_metadata"]);

/** An imported row as a stored battle, plus the fingerprint that makes re-imports idempotent. */
export function battleFromRow(row: LmarenaRow, rawLine: string): { battle: StoredBattle; importKey: string } {
  const conversationA = toTurns(row.conversation_a);
  const conversationB = toTurns(row.conversation_b);
  const hasText = conversationA.some((m) => m.role === "assistant") && conversationB.some((m) => m.role === "assistant");
  let styleA: StyleFeatures | null = null;
  let styleB: StyleFeatures | null = null;
  if (hasText) {
    styleA = styleFeatures(assistantText(conversationA));
    styleB = styleFeatures(assistantText(conversationB));
  } else if (row.conv_metadata) {
    styleA = styleFromMetadata(row.conv_metadata, "a");
    styleB = styleFromMetadata(row.conv_metadata, "b");
    if (!styleA || !styleB) styleA = styleB = null;
  }
  const extra = Object.fromEntries(Object.entries(row).filter(([k]) => !KNOWN_COLUMNS.has(k)));
  const tstamp = row.tstamp ?? Date.now() / 1000;
  const battle: StoredBattle = {
    id: `battle_${randomUUID().replace(/-/g, "")}`,
    tstamp,
    modelA: row.model_a,
    modelB: row.model_b,
    conversationA,
    conversationB,
    turn: row.turn ?? Math.max(1, conversationA.filter((m) => m.role === "user").length),
    anony: row.anony ?? true,
    language: row.language ?? null,
    questionId: row.question_id === undefined || row.question_id === null ? null : String(row.question_id),
    winner: WINNER_FROM_LMARENA[row.winner],
    voterKind: row.voter_kind ?? "human",
    judge: row.judge ?? null,
    votedAt: tstamp,
    styleA,
    styleB,
    source: "import",
    meta: Object.keys(extra).length ? extra : null,
  };
  // The same battle in two dumps, or one dump imported twice, must not count twice: a fingerprint of the
  // columns that identify it (the whole line when there is no question id).
  const identity = row.question_id !== undefined && row.question_id !== null
    ? JSON.stringify([String(row.question_id), row.model_a, row.model_b, row.winner, row.judge ?? null, row.tstamp ?? null, row.turn ?? null])
    : rawLine.trim();
  return { battle, importKey: createHash("sha256").update(identity).digest("hex") };
}

/** A voted battle as one LMArena dump line (plus voter_kind and conv_metadata so re-imports keep them). */
export function rowFromBattle(b: StoredBattle): Record<string, unknown> {
  const row: Record<string, unknown> = {
    question_id: b.questionId ?? b.id,
    model_a: b.modelA,
    model_b: b.modelB,
    winner: b.winner ? WINNER_TO_LMARENA[b.winner] : null,
    judge: b.judge ?? (b.voterKind === "human" ? "arena_user" : null),
    conversation_a: b.conversationA,
    conversation_b: b.conversationB,
    turn: b.turn,
    anony: b.anony,
    language: b.language,
    tstamp: b.tstamp,
    voter_kind: b.voterKind,
  };
  if (b.styleA && b.styleB) {
    row.conv_metadata = {
      sum_assistant_a_tokens: b.styleA.tokens,
      sum_assistant_b_tokens: b.styleB.tokens,
      header_count_a: { total: b.styleA.headers },
      header_count_b: { total: b.styleB.headers },
      list_count_a: { total: b.styleA.listItems },
      list_count_b: { total: b.styleB.listItems },
      bold_count_a: { total: b.styleA.bold },
      bold_count_b: { total: b.styleB.bold },
    };
  }
  return row;
}

export interface ImportIssue {
  line: number;
  message: string;
}

/** Parses and validates one JSONL line; the message names the column at fault. */
export function parseRow(line: string, lineNo: number): { row: LmarenaRow } | { issue: ImportIssue } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (err) {
    return { issue: { line: lineNo, message: `not valid JSON: ${(err as Error).message}` } };
  }
  const parsed = lmarenaRowSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first.path.length ? `${first.path.join(".")}: ` : "";
    return { issue: { line: lineNo, message: `${where}${first.message}` } };
  }
  return { row: parsed.data };
}

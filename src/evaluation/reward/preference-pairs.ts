/**
 * Where preference pairs come from: a user's JSONL (prompt, chosen, rejected), pairs our graders decided
 * (graded_pairs), and decisive arena votes (arena_battles, read with one query so the arena's code stays its own).
 */
import type { ChatMessage } from "../../models/chat-model.js";
import type { SqliteDatabase } from "../../storage/database.js";
import { readJsonl } from "../benchmarks/jsonl.js";

export interface PreferencePair {
  prompt: string;
  chosen: string;
  rejected: string;
  source?: string;
}

function promptText(p: unknown): string | undefined {
  if (typeof p === "string") return p;
  if (Array.isArray(p)) {
    const msgs = p.filter((m): m is ChatMessage => !!m && typeof m === "object" && typeof (m as ChatMessage).content === "string");
    if (msgs.length === 0) return undefined;
    return msgs.length === 1 ? msgs[0]!.content : msgs.map((m) => `${m.role}: ${m.content}`).join("\n");
  }
  return undefined;
}

/** Also accepts chosen/rejected given as message lists whose last assistant turn is the answer (HH-RLHF style). */
function answerText(a: unknown): string | undefined {
  if (typeof a === "string") return a;
  if (Array.isArray(a)) {
    const last = [...a].reverse().find((m) => m && typeof m === "object" && (m as ChatMessage).role === "assistant");
    return last ? (last as ChatMessage).content : undefined;
  }
  return undefined;
}

export function readPairsJsonl(file: string): PreferencePair[] {
  return readJsonl(file).map(({ line, value }) => {
    const o = (value ?? {}) as Record<string, unknown>;
    const prompt = promptText(o.prompt);
    const chosen = answerText(o.chosen);
    const rejected = answerText(o.rejected);
    if (prompt === undefined) throw new Error(`${file}:${line}: 'prompt' must be a string or a list of messages`);
    if (chosen === undefined || rejected === undefined) throw new Error(`${file}:${line}: 'chosen' and 'rejected' must be strings (or message lists ending in an assistant turn)`);
    return { prompt, chosen, rejected, source: "file" };
  });
}

export function recordGradedPair(db: SqliteDatabase, pair: PreferencePair & { rubric?: string; judge?: string; chosenModel?: string; rejectedModel?: string }): void {
  db.prepare("INSERT INTO graded_pairs (source, rubric, judge, prompt, chosen, rejected, chosen_model, rejected_model) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").run(
    pair.source ?? "grader",
    pair.rubric ?? null,
    pair.judge ?? null,
    pair.prompt,
    pair.chosen,
    pair.rejected,
    pair.chosenModel ?? null,
    pair.rejectedModel ?? null,
  );
}

export function gradedPairs(db: SqliteDatabase): PreferencePair[] {
  return (db.prepare("SELECT prompt, chosen, rejected, source FROM graded_pairs ORDER BY id").all() as PreferencePair[]).map((p) => ({ ...p, source: `graded:${p.source}` }));
}

function splitConversation(json: string): { prompt: ChatMessage[]; answer: string } | undefined {
  let msgs: ChatMessage[];
  try {
    msgs = JSON.parse(json) as ChatMessage[];
  } catch {
    return undefined;
  }
  if (!Array.isArray(msgs) || msgs.length === 0) return undefined;
  const lastAssistant = msgs.map((m) => m.role).lastIndexOf("assistant");
  if (lastAssistant < 0) return undefined;
  return { prompt: msgs.slice(0, lastAssistant), answer: String(msgs[lastAssistant]!.content ?? "") };
}

/** Decisive arena votes (A or B) as pairs; ties and both-bad votes carry no preference between the two. */
export function arenaPairs(db: SqliteDatabase, voter: "human" | "judge" | "all" = "all"): PreferencePair[] {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'arena_battles'").get();
  if (!table) return [];
  const rows = db
    .prepare(
      `SELECT conversation_a, conversation_b, winner FROM arena_battles WHERE winner IN ('A', 'B') ${voter === "all" ? "" : "AND voter_kind = ?"} ORDER BY tstamp, rowid`,
    )
    .all(...(voter === "all" ? [] : [voter])) as { conversation_a: string; conversation_b: string; winner: "A" | "B" }[];
  const out: PreferencePair[] = [];
  for (const r of rows) {
    const a = splitConversation(r.conversation_a);
    const b = splitConversation(r.conversation_b);
    if (!a || !b) continue;
    const prompt = promptText(a.prompt) ?? "";
    out.push({ prompt, chosen: r.winner === "A" ? a.answer : b.answer, rejected: r.winner === "A" ? b.answer : a.answer, source: "arena" });
  }
  return out;
}

/** DPO-ready JSONL lines: {"prompt", "chosen", "rejected"}, identical pairs dropped. */
export function toDpoJsonl(pairs: PreferencePair[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const p of pairs) {
    if (p.chosen === p.rejected) continue;
    const line = JSON.stringify({ prompt: p.prompt, chosen: p.chosen, rejected: p.rejected });
    if (seen.has(line)) continue;
    seen.add(line);
    lines.push(line);
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}

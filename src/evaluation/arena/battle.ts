import type { ChatMessage } from "../../models/chat-model.js";
import type { Outcome } from "../ratings/battle-table.js";
import type { StyleFeatures } from "../ratings/style-features.js";

export type VoterKind = "human" | "judge";

/** A message as battles store it (LMArena's conversation entries). */
export interface ConversationTurn {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface StoredBattle {
  id: string;
  tstamp: number;
  modelA: string;
  modelB: string;
  conversationA: ConversationTurn[];
  conversationB: ConversationTurn[];
  turn: number;
  anony: boolean;
  language: string | null;
  questionId: string | null;
  winner: Outcome | null;
  voterKind: VoterKind | null;
  judge: string | null;
  votedAt: number | null;
  styleA: StyleFeatures | null;
  styleB: StyleFeatures | null;
  source: "arena" | "tournament" | "import";
  meta: Record<string, unknown> | null;
}

/** What clients see of a battle: model ids only once it has been voted on. */
export interface BattleView {
  id: string;
  object: "arena.battle";
  created: number;
  status: "awaiting_vote" | "voted";
  /** The prompt turns both contestants answered */
  messages: ConversationTurn[];
  answers: { A: string; B: string };
  winner: Outcome | null;
  voter_kind: VoterKind | null;
  models: { A: string; B: string } | null;
}

/** The prompt turns of a stored conversation: everything before the final assistant answer. */
export function promptOf(conversation: ConversationTurn[]): ConversationTurn[] {
  const last = conversation.length - 1;
  return last >= 0 && conversation[last].role === "assistant" ? conversation.slice(0, last) : conversation;
}

export function finalAnswer(conversation: ConversationTurn[]): string {
  const last = conversation[conversation.length - 1];
  return last?.role === "assistant" ? last.content : "";
}

/** Every assistant turn joined: LMArena counts style over the whole conversation of a side. */
export function assistantText(conversation: ConversationTurn[]): string {
  return conversation
    .filter((m) => m.role === "assistant")
    .map((m) => m.content)
    .join("\n");
}

export function viewOf(b: StoredBattle): BattleView {
  return {
    id: b.id,
    object: "arena.battle",
    created: Math.floor(b.tstamp),
    status: b.winner ? "voted" : "awaiting_vote",
    messages: promptOf(b.conversationA),
    answers: { A: finalAnswer(b.conversationA), B: finalAnswer(b.conversationB) },
    winner: b.winner,
    voter_kind: b.voterKind,
    models: b.winner ? { A: b.modelA, B: b.modelB } : null,
  };
}

export function toConversationTurns(messages: ChatMessage[]): ConversationTurn[] {
  return messages
    .filter((m) => m.role === "system" || m.role === "user" || m.role === "assistant")
    .map((m) => ({ role: m.role as ConversationTurn["role"], content: m.content }));
}

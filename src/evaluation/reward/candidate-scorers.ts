/** CandidateScorer implementations the assistant's best-of-N can use: the reward model, or a rubric grader. */
import type { ChatMessage } from "../../models/chat-model.js";
import type { CandidateScorer } from "../../assistant/hooks.js";
import type { Grader } from "../graders/grader.js";
import type { RewardModel } from "./reward-model.js";

/** The text the reward model was trained on as "prompt": the last user turn, or the whole exchange when there are several. */
export function promptOf(conversation: ChatMessage[]): string {
  const turns = conversation.filter((m) => m.role === "user" || m.role === "assistant");
  if (turns.length <= 1) return turns[0]?.content ?? "";
  return turns.map((m) => `${m.role}: ${m.content}`).join("\n");
}

export class RewardModelScorer implements CandidateScorer {
  constructor(readonly model: RewardModel) {}

  score(conversation: ChatMessage[], candidates: string[], signal?: AbortSignal): Promise<number[]> {
    return this.model.score(promptOf(conversation), candidates, signal);
  }
}

/** Scores each candidate pointwise with a rubric; a candidate the judge could not grade scores −∞ (never picked over a graded one). */
export class GraderScorer implements CandidateScorer {
  constructor(readonly grader: Grader) {}

  async score(conversation: ChatMessage[], candidates: string[], signal?: AbortSignal): Promise<number[]> {
    const scores: number[] = [];
    for (const answer of candidates) {
      const r = await this.grader.gradePointwise({ conversation, answer }, signal);
      scores.push(r.status === "ok" ? r.overall : Number.NEGATIVE_INFINITY);
    }
    return scores;
  }
}

/**
 * Rejection sampling: generate N candidates, score them together, keep the best. Usage counts all N
 * generations, since the caller paid for all of them. Ties go to the earliest candidate, so N = 1 is a no-op.
 */
import { addUsage, emptyUsage, type ChatMessage, type Usage } from "../../models/chat-model.js";
import type { CandidateScorer } from "../../assistant/hooks.js";

export interface Candidate {
  content: string;
  usage: Usage;
}

export interface BestOfNOptions<C extends Candidate> {
  n: number;
  conversation: ChatMessage[];
  generate: (index: number, signal?: AbortSignal) => Promise<C>;
  scorer: CandidateScorer;
  /** Candidates generated at once; default all N (backends batch parallel sequences). */
  concurrency?: number;
  signal?: AbortSignal;
}

export interface BestOfNResult<C extends Candidate> {
  best: C;
  bestIndex: number;
  candidates: C[];
  scores: number[];
  usage: Usage;
}

export async function bestOfN<C extends Candidate>(opts: BestOfNOptions<C>): Promise<BestOfNResult<C>> {
  if (!Number.isInteger(opts.n) || opts.n < 1) throw new Error(`best_of_n must be a positive integer, got ${opts.n}`);
  const concurrency = Math.max(1, Math.min(opts.concurrency ?? opts.n, opts.n));
  const candidates: C[] = new Array(opts.n);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < opts.n) {
        const i = next++;
        candidates[i] = await opts.generate(i, opts.signal);
      }
    }),
  );
  const scores = opts.n === 1 ? [0] : await opts.scorer.score(opts.conversation, candidates.map((c) => c.content), opts.signal);
  if (scores.length !== opts.n || scores.some((s) => typeof s !== "number" || Number.isNaN(s))) {
    throw new Error(`the scorer returned ${scores.length} scores for ${opts.n} candidates`);
  }
  let bestIndex = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[bestIndex]!) bestIndex = i;
  const usage = candidates.reduce((u, c) => addUsage(u, c.usage), emptyUsage());
  return { best: candidates[bestIndex]!, bestIndex, candidates, scores, usage };
}

import type { ChatMessage } from "../../models/chat-model.js";
import type { ModelRegistry } from "../../models/model-registry.js";
import type { Arena } from "./arena.js";
import { ArenaError } from "./arena-error.js";
import { resolveModel } from "./generate-answer.js";
import { judgePair } from "./judge-pair.js";

export interface TournamentOptions {
  arena: Arena;
  models: ModelRegistry;
  /** Prompts: each a user message, or a whole conversation ending with the user's turn. */
  prompts: ChatMessage[][];
  contestants: string[];
  judge: string;
  /** Passes over the prompts. Each pass plays every pair of contestants on every prompt. */
  rounds?: number;
  /** Battles in flight at once. */
  concurrency?: number;
  maxTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
  onBattle?: (done: number, total: number) => void;
}

export interface TournamentResult {
  battles: number;
  /** Battles whose two judge orders disagreed (recorded as ties) */
  inconsistent: number;
  failures: { prompt: number; models: [string, string]; error: string }[];
}

/**
 * A judge-only tournament: for every round, prompt and pair of contestants, a battle is generated and the
 * judge decides it (both orders, see judgePair). The judge may not be a contestant, also not under an alias.
 */
export async function runTournament(opts: TournamentOptions): Promise<TournamentResult> {
  const contestants = [...new Set(opts.contestants)];
  if (contestants.length < 2) throw new ArenaError("invalid", `a tournament needs at least two different contestants, got ${contestants.length}`, "models");
  if (!opts.prompts.length) throw new ArenaError("invalid", "a tournament needs at least one prompt", "prompts");
  const judge = resolveModel(opts.models, opts.judge, "judge")[0];
  const resolved = new Map(contestants.map((c) => [c, resolveModel(opts.models, c, "models").map((m) => m.id)]));
  for (const [name, ids] of resolved) {
    if (name === opts.judge || ids.includes(judge.id)) {
      throw new ArenaError("invalid", `the judge '${opts.judge}' is also a contestant ('${name}'); choose a judge that is not competing`, "judge");
    }
  }
  const rounds = opts.rounds ?? 1;
  const jobs: { prompt: number; models: [string, string] }[] = [];
  for (let r = 0; r < rounds; r++) {
    for (let p = 0; p < opts.prompts.length; p++) {
      for (let i = 0; i < contestants.length; i++) {
        for (let j = i + 1; j < contestants.length; j++) {
          // Alternate who is shown as A, so neither side of a pair always sits in the same slot.
          const flip = (r + p + i + j) % 2 === 1;
          jobs.push({ prompt: p, models: flip ? [contestants[j], contestants[i]] : [contestants[i], contestants[j]] });
        }
      }
    }
  }
  const result: TournamentResult = { battles: 0, inconsistent: 0, failures: [] };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < jobs.length && !opts.signal?.aborted) {
      const job = jobs[next++];
      try {
        const view = await opts.arena.createBattle({
          messages: opts.prompts[job.prompt],
          models: job.models,
          maxTokens: opts.maxTokens,
          temperature: opts.temperature,
          source: "tournament",
          signal: opts.signal,
        });
        const verdict = await judgePair({
          judge,
          conversation: opts.prompts[job.prompt],
          answerA: view.answers.A,
          answerB: view.answers.B,
          contestants: [...job.models, ...job.models.flatMap((m) => resolved.get(m) ?? [])],
          signal: opts.signal,
        });
        opts.arena.vote(view.id, verdict.winner, {
          kind: "judge",
          judge: judge.id,
          meta: { judge_consistent: verdict.consistent, judge_orders: verdict.orders },
        });
        result.battles++;
        if (!verdict.consistent) result.inconsistent++;
      } catch (err) {
        if (opts.signal?.aborted) break;
        result.failures.push({ prompt: job.prompt, models: job.models, error: (err as Error).message });
      }
      opts.onBattle?.(++done, jobs.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 2, jobs.length)) }, worker));
  return result;
}

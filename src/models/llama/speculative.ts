import { DraftSequenceTokenPredictor, InputLookupTokenPredictor, type LlamaContextSequence, type TokenPredictor } from "node-llama-cpp";

/**
 * How many predicted tokens node-llama-cpp 3.22.1 can accept per verification batch.
 *
 * `LlamaContextSequence._speculativeEvaluate` checks the prediction at batch position i ≥ 2 against
 * `validatedTokens.at(-1)`, but nothing is ever pushed to `validatedTokens`, so every prediction after the first in a
 * batch is refuted, its KV cells erased and its compute wasted (a draft that always agrees with its target, 16
 * guesses per batch, 256 tokens: validated 90, refuted 382). One guess per batch keeps the part of the mechanism
 * that works: each decode verifies the pending token plus one guess, so an accepted guess yields two tokens for one
 * pass over the weights.
 */
export const PREDICTIONS_PER_BATCH = 1;

export type SpeculativeSource = { kind: "draft"; sequence: LlamaContextSequence } | { kind: "promptLookup" };

/** The predictor a target sequence gets for speculative decoding. */
export function createTokenPredictor(source: SpeculativeSource): TokenPredictor {
  if (source.kind === "promptLookup") {
    return new InputLookupTokenPredictor({ predictionLength: { max: PREDICTIONS_PER_BATCH } });
  }
  return new DraftSequenceTokenPredictor(source.sequence, {
    // minTokens 1: the target waits for the draft's guess rather than decoding alone while the draft catches up.
    minTokens: 1,
    // The default (16) lets the draft run ahead of what the target can verify, and that decoding competes with the
    // target for the same cores (a 2-core machine ran at 0.1× of no speculation); one guess at a time keeps the two
    // models taking turns.
    maxTokens: PREDICTIONS_PER_BATCH,
  });
}

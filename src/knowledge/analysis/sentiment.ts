import { vaderCompound } from "./vader.js";

/** Languages whose posts VADER's English lexicon can score. Everything else is left unscored rather than guessed. */
const SCORABLE = new Set(["en"]);

export function canScoreLanguage(lang: string): boolean {
  return SCORABLE.has((lang || "").toLowerCase().split(/[-_]/)[0]!);
}

/** Compound scores in (-0.05, 0.05) are VADER's own neutral band. */
export const NEUTRAL_BAND = 0.05;

export type SentimentLabel = "positive" | "negative" | "neutral";

export function sentimentLabel(compound: number): SentimentLabel {
  return compound >= NEUTRAL_BAND ? "positive" : compound <= -NEUTRAL_BAND ? "negative" : "neutral";
}

/**
 * VADER compound score in [-1, 1] for a post, or null when its language cannot be scored.
 * Urls are removed first: their letters are not words and only dilute the score.
 */
export function scoreSentiment(text: string, lang: string): number | null {
  if (!canScoreLanguage(lang)) return null;
  const cleaned = text.replace(/\bhttps?:\/\/\S+/g, " ");
  if (!cleaned.trim()) return null;
  return vaderCompound(cleaned);
}

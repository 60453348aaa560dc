/**
 * Style covariates of an answer, counted the way LMArena's style control counts them, so style-controlled
 * leaderboards stay comparable with theirs: markdown headers, list items and bold spans with fenced code
 * removed first (code is substance, not decoration), and the answer's length.
 */
export interface StyleFeatures {
  /** Answer length in tokens (words and punctuation marks; an approximation of a BPE count). */
  tokens: number;
  headers: number;
  listItems: number;
  bold: number;
}

export const STYLE_FEATURE_NAMES = ["tokens", "headers", "listItems", "bold"] as const;
export type StyleFeatureName = (typeof STYLE_FEATURE_NAMES)[number];

const FENCED_CODE = /```[^`]*```/g;
const HEADER = /^#{1,6}\s/gm;
const ORDERED_ITEM = /^\s*\d+\.\s/gm;
const UNORDERED_ITEM = /^\s*[-*+]\s/gm;
const BOLD_STARS = /\*\*[^*\n]+\*\*/g;
const BOLD_UNDERSCORES = /__[^_\n]+__/g;
// Runs of letters/digits count as one token, every other non-space character as one, which tracks
// BPE token counts of English prose within a few percent and needs no vocabulary.
const TOKEN = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;

function count(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text)) n++;
  return n;
}

export function countTokens(text: string): number {
  return count(TOKEN, text);
}

/** Features of one answer; for a multi-turn battle pass every assistant turn joined, as LMArena sums them. */
export function styleFeatures(answer: string): StyleFeatures {
  const prose = answer.replace(FENCED_CODE, "");
  return {
    tokens: countTokens(answer),
    headers: count(HEADER, prose),
    listItems: count(ORDERED_ITEM, prose) + count(UNORDERED_ITEM, prose),
    bold: count(BOLD_STARS, prose) + count(BOLD_UNDERSCORES, prose),
  };
}

export function styleVector(f: StyleFeatures): number[] {
  return STYLE_FEATURE_NAMES.map((k) => f[k]);
}

/** The normalised difference LMArena feeds its contextual Bradley–Terry model: bounded in (−1, 1), 0 when equal. */
export function normalisedDifference(a: number, b: number): number {
  return (a - b) / (a + b + 1);
}

/**
 * Text features for the reward model when no embedding model is served: hashed word uni/bigrams of the answer
 * (log term frequency, L2-normalised) plus a few dense cues that preference data is known to hinge on —
 * length, markdown structure, hedging, refusals, apologies, and overlap with the prompt's words.
 */
export interface SparseVector {
  indices: number[];
  values: number[];
}

export const denseFeatureNames = [
  "log_chars",
  "log_words",
  "headers",
  "list_items",
  "bold",
  "code_blocks",
  "hedges",
  "refusal",
  "apologies",
  "prompt_overlap",
  "exclamations",
  "questions_back",
] as const;

const hedgeRe = /\b(might|may|perhaps|possibly|it depends|i think|i believe|not sure|could be|generally|typically|arguably)\b/gi;
const refusalRe = /\b(i can(?:'|no)t help|i cannot (?:help|assist|provide)|i'm not able to|i am not able to|i won't|as an ai|i'm unable to|i am unable to|against my guidelines)\b/i;
const apologyRe = /\b(sorry|apologi[sz]e)\b/gi;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
}

export function denseFeatures(prompt: string, answer: string): number[] {
  const w = words(answer);
  const promptWords = new Set(words(prompt).filter((x) => x.length > 3));
  const answerWords = new Set(w);
  let overlap = 0;
  for (const pw of promptWords) if (answerWords.has(pw)) overlap++;
  const noCode = answer.replace(/```[\s\S]*?```/g, "");
  const count = (re: RegExp, s = noCode) => (s.match(re) ?? []).length;
  return [
    Math.log1p(answer.length) / 5,
    Math.log1p(w.length) / 4,
    Math.log1p(count(/^#{1,6}\s/gm)),
    Math.log1p(count(/^\s*(?:[-*+]|\d+[.)])\s/gm)),
    Math.log1p(count(/\*\*[^*]+\*\*|__[^_]+__/g)),
    Math.log1p((answer.match(/```/g) ?? []).length / 2),
    Math.log1p(count(hedgeRe)),
    refusalRe.test(answer) ? 1 : 0,
    Math.log1p(count(apologyRe)),
    promptWords.size ? overlap / promptWords.size : 0,
    Math.log1p(count(/!/g)),
    Math.log1p(count(/\?\s*$/gm)),
  ];
}

/** Sparse feature vector of dimension `hashDims + denseFeatureNames.length`. */
export function textFeatures(prompt: string, answer: string, hashDims: number): SparseVector {
  const tf = new Map<number, number>();
  const w = words(answer);
  const add = (token: string) => {
    const i = fnv1a(token) % hashDims;
    tf.set(i, (tf.get(i) ?? 0) + 1);
  };
  for (let i = 0; i < w.length; i++) {
    add(w[i]!);
    if (i + 1 < w.length) add(`${w[i]} ${w[i + 1]}`);
  }
  const indices: number[] = [];
  const values: number[] = [];
  let norm = 0;
  for (const [i, c] of [...tf].sort((a, b) => a[0] - b[0])) {
    const v = Math.log1p(c);
    indices.push(i);
    values.push(v);
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let k = 0; k < values.length; k++) values[k]! /= norm;
  denseFeatures(prompt, answer).forEach((v, k) => {
    indices.push(hashDims + k);
    values.push(v);
  });
  return { indices, values };
}

export function denseToSparse(v: number[]): SparseVector {
  return { indices: v.map((_, i) => i), values: v.slice() };
}

export function subtract(a: SparseVector, b: SparseVector): SparseVector {
  const m = new Map<number, number>();
  a.indices.forEach((i, k) => m.set(i, (m.get(i) ?? 0) + a.values[k]!));
  b.indices.forEach((i, k) => m.set(i, (m.get(i) ?? 0) - b.values[k]!));
  const entries = [...m].filter(([, v]) => v !== 0).sort((x, y) => x[0] - y[0]);
  return { indices: entries.map(([i]) => i), values: entries.map(([, v]) => v) };
}

export function dot(w: Float64Array, x: SparseVector): number {
  let s = 0;
  for (let k = 0; k < x.indices.length; k++) s += w[x.indices[k]!]! * x.values[k]!;
  return s;
}

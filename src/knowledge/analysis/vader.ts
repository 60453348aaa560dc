import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * VADER (Hutto & Gilbert, 2014) compound score, following the vader-sentiment package's rules and lexicon
 * exactly, with one change: that package splits words from punctuation by building a dictionary of every
 * word × 17 punctuation marks for every post, which alone costs ~30 µs a post and capped ingest near 5,000
 * posts/s. Here the same mapping is checked per token. test/knowledge/analysis/vader.test.ts holds both to the
 * same scores.
 */

const B_INCR = 0.293;
const B_DECR = -0.293;
const C_INCR = 0.733;
const N_SCALAR = -0.74;
const REGEX_REMOVE_PUNCTUATION = /[!"#$%&'()*+,-./:;<=>?@[\\\]^_`{|}~]/g;
const PUNC_LIST = [".", "!", "?", ",", ";", ":", "-", "'", '"', "!!", "!!!", "??", "???", "?!?", "!?!", "?!?!", "!?!?"];
// Longest first, so "great!!!" strips "!!!" (the package's dictionary gives the same word either way).
const PUNC_BY_LENGTH = [...PUNC_LIST].sort((a, b) => b.length - a.length);
const PUNC_CHARS = new Set(PUNC_LIST.join(""));
const NEGATE = new Set(
  `aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't couldn't daren't didn't doesn't dont hadnt hasnt havent isnt
  mightnt mustnt neither don't hadn't hasn't haven't isn't mightn't mustn't neednt needn't never none nope nor not nothing nowhere
  oughtnt shant shouldnt uhuh wasnt werent oughtn't shan't shouldn't uh-uh wasn't weren't without wont wouldnt won't wouldn't rarely
  seldom despite`
    .split(/\s+/)
    .filter(Boolean),
);
const BOOSTER_DICT = new Map<string, number>([
  ...`absolutely amazingly awfully completely considerably decidedly deeply effing enormously entirely especially exceptionally
  extremely fabulously flipping flippin fricking frickin frigging friggin fully fucking greatly hella highly hugely incredibly intensely
  majorly more most particularly purely quite really remarkably so substantially thoroughly totally tremendously uber unbelievably
  unusually utterly very`
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => [w, B_INCR] as [string, number]),
  ...[
    "almost",
    "barely",
    "hardly",
    "just enough",
    "kind of",
    "kinda",
    "kindof",
    "kind-of",
    "less",
    "little",
    "marginally",
    "occasionally",
    "partly",
    "scarcely",
    "slightly",
    "somewhat",
    "sort of",
    "sorta",
    "sortof",
    "sort-of",
  ].map((w) => [w, B_DECR] as [string, number]),
]);
const SPECIAL_CASE_IDIOMS = new Map<string, number>([
  ["the shit", 3],
  ["the bomb", 3],
  ["bad ass", 1.5],
  ["yeah right", -2],
  ["cut the mustard", 2],
  ["kiss of death", -1.5],
  ["hand to mouth", -2],
]);

let lexicon: Map<string, number> | undefined;

function getLexicon(): Map<string, number> {
  if (lexicon) return lexicon;
  const file = createRequire(import.meta.url).resolve("vader-sentiment/vader_lexicon.txt");
  lexicon = new Map();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const [word, mean] = line.split("\t");
    if (word && mean !== undefined) lexicon.set(word, Number(mean));
  }
  return lexicon;
}

function isUpper(word: string): boolean {
  return word.length > 0 && /^[^a-z]*[A-Z]+[^a-z]*$/.test(word);
}

function negated(word: string): boolean {
  if (NEGATE.has(word)) return true;
  return word.includes("n't");
}

function wordsAndEmoticons(text: string): string[] {
  const tokens = text.split(/\s/).filter((t) => t.length > 1);
  let words: Set<string> | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!PUNC_CHARS.has(t[0]!) && !PUNC_CHARS.has(t[t.length - 1]!)) continue;
    words ??= new Set(
      text
        .replace(REGEX_REMOVE_PUNCTUATION, "")
        .split(/\s/)
        .filter((w) => w.length > 1),
    );
    for (const p of PUNC_BY_LENGTH) {
      if (t.length <= p.length) continue;
      if (t.endsWith(p) && words.has(t.slice(0, -p.length))) {
        tokens[i] = t.slice(0, -p.length);
        break;
      }
      if (t.startsWith(p) && words.has(t.slice(p.length))) {
        tokens[i] = t.slice(p.length);
        break;
      }
    }
  }
  return tokens;
}

function scalarIncDec(word: string, valence: number, isCapDiff: boolean): number {
  const b = BOOSTER_DICT.get(word.toLowerCase());
  if (b === undefined) return 0;
  let scalar = valence < 0 ? -b : b;
  if (isCapDiff && isUpper(word)) scalar += valence > 0 ? C_INCR : -C_INCR;
  return scalar;
}

function neverCheck(valence: number, w: string[], startI: number, index: number): number {
  if (startI === 0) {
    if (negated(w[index - 1]!)) valence *= N_SCALAR;
  } else if (startI === 1) {
    if (w[index - 2] === "never" && (w[index - 1] === "so" || w[index - 1] === "this")) valence *= 1.5;
    else if (negated(w[index - 2]!)) valence *= N_SCALAR;
  } else if (startI === 2) {
    if ((w[index - 3] === "never" && (w[index - 2] === "so" || w[index - 2] === "this")) || w[index - 1] === "so" || w[index - 1] === "this") valence *= 1.25;
    else if (negated(w[index - 3]!)) valence *= N_SCALAR;
  }
  return valence;
}

function idiomsCheck(valence: number, w: string[], index: number): number {
  const onezero = `${w[index - 1]} ${w[index]}`;
  const twoonezero = `${w[index - 2]} ${w[index - 1]} ${w[index]}`;
  const twoone = `${w[index - 2]} ${w[index - 1]}`;
  const threetwoone = `${w[index - 3]} ${w[index - 2]} ${w[index - 1]}`;
  const threetwo = `${w[index - 3]} ${w[index - 2]}`;
  for (const seq of [onezero, twoonezero, twoone, threetwoone, threetwo]) {
    const v = SPECIAL_CASE_IDIOMS.get(seq);
    if (v !== undefined) {
      valence = v;
      break;
    }
  }
  if (w.length - 1 > index) {
    const v = SPECIAL_CASE_IDIOMS.get(`${w[index]} ${w[index + 1]}`);
    if (v !== undefined) valence = v;
  }
  if (w.length - 1 > index + 1) {
    const v = SPECIAL_CASE_IDIOMS.get(`${w[index]} ${w[index + 1]} ${w[index + 2]}`);
    if (v !== undefined) valence = v;
  }
  if (BOOSTER_DICT.has(threetwo) || BOOSTER_DICT.has(twoone)) valence += B_DECR;
  return valence;
}

function leastCheck(valence: number, w: string[], index: number, lex: Map<string, number>): number {
  if (index > 1 && w[index - 1]!.toLowerCase() === "least" && !lex.has("least")) {
    const before = w[index - 2]!.toLowerCase();
    if (before !== "at" && before !== "very") valence *= N_SCALAR;
  } else if (index > 0 && w[index - 1]!.toLowerCase() === "least" && !lex.has("least")) valence *= N_SCALAR;
  return valence;
}

/** VADER's compound score in [-1, 1] (4 decimals, like the reference implementation). */
export function vaderCompound(text: string): number {
  const lex = getLexicon();
  const w = wordsAndEmoticons(text);
  let caps = 0;
  for (const x of w) if (isUpper(x)) caps++;
  const isCapDiff = w.length - caps > 0 && w.length - caps < w.length;
  const sentiments: number[] = [];
  for (let i = 0; i < w.length; i++) {
    const item = w[i]!;
    const lower = item.toLowerCase();
    if ((i < w.length - 1 && lower === "kind" && w[i + 1]!.toLowerCase() === "of") || BOOSTER_DICT.has(lower)) {
      sentiments.push(0);
      continue;
    }
    let valence = 0;
    const base = lex.get(lower);
    if (base !== undefined) {
      valence = base;
      if (isUpper(item) && isCapDiff) valence += valence > 0 ? C_INCR : -C_INCR;
      for (let startI = 0; startI < 3; startI++) {
        if (i > startI && !lex.has(w[i - (startI + 1)]!.toLowerCase())) {
          let s = scalarIncDec(w[i - (startI + 1)]!, valence, isCapDiff);
          if (startI === 1 && s !== 0) s *= 0.95;
          else if (startI === 2 && s !== 0) s *= 0.9;
          valence += s;
          valence = neverCheck(valence, w, startI, i);
          if (startI === 2) valence = idiomsCheck(valence, w, i);
        }
      }
      valence = leastCheck(valence, w, i, lex);
    }
    sentiments.push(valence);
  }
  let butIndex = w.indexOf("but");
  if (butIndex === -1) butIndex = w.indexOf("BUT");
  if (butIndex !== -1) for (let i = 0; i < sentiments.length; i++) sentiments[i]! *= i < butIndex ? 0.5 : i > butIndex ? 1.5 : 1;
  if (sentiments.length === 0) return 0;
  let sum = 0;
  for (const s of sentiments) sum += s;
  let ep = 0;
  let qm = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 33) ep++;
    else if (c === 63) qm++;
  }
  const amplifier = Math.min(ep, 4) * 0.292 + (qm > 1 ? (qm <= 3 ? qm * 0.18 : 0.96) : 0);
  if (sum > 0) sum += amplifier;
  else if (sum < 0) sum -= amplifier;
  const compound = Math.max(-1, Math.min(1, sum / Math.sqrt(sum * sum + 15)));
  return parseFloat(compound.toFixed(4));
}

import { stripThinking } from "../answer-text.js";
/**
 * Final-answer extraction and equivalence for MATH / GSM8K-style items: the last \boxed{}, "#### x",
 * "the answer is x", or the last number; equal when the normalised strings match or both evaluate to the
 * same number (fractions, simple LaTeX, thousands separators, units and percent signs dropped).
 */

/** The contents of the last \boxed{...} / \fbox{...}, braces balanced. */
export function lastBoxed(text: string): string | null {
  let result: string | null = null;
  const re = /\\(?:boxed|fbox)\s*\{/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let depth = 1;
    let i = m.index + m[0].length;
    const start = i;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === "{") depth++;
      else if (text[i] === "}") depth--;
    }
    if (depth === 0) result = text.slice(start, i - 1);
  }
  return result;
}

const numberRe = /-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s*\/\s*\d+)?|-?\.\d+/g;

export function extractFinalAnswer(response: string): string | null {
  const text = stripThinking(response);
  const boxed = lastBoxed(text);
  if (boxed !== null) return boxed.trim();
  const hashes = [...text.matchAll(/####\s*([^\n]+)/g)].pop();
  if (hashes) return hashes[1]!.trim();
  const stated = [...text.matchAll(/(?:final answer|the answer|answer)\s*(?:is|:|=)\s*[:]?\s*([^\n]+)/gi)].pop();
  if (stated) {
    const s = stated[1]!.replace(/\*\*/g, "").trim().replace(/\.\s*$/, "");
    if (s) return s;
  }
  const nums = text.match(numberRe);
  return nums ? nums[nums.length - 1]!.trim() : null;
}

/** GSM8K gold answers carry the worked solution, then "#### 72". */
export function goldFinalAnswer(gold: string): string {
  const hashes = /####\s*([^\n]+)\s*$/.exec(gold);
  if (hashes) return hashes[1]!.trim();
  const boxed = lastBoxed(gold);
  return (boxed ?? gold).trim();
}

function replaceFracs(s: string): string {
  let prev: string;
  do {
    prev = s;
    s = s.replace(/\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, "($1)/($2)").replace(/\\frac\s*(\d)\s*(\d)/g, "($1)/($2)");
    s = s.replace(/\\sqrt\s*\{([^{}]*)\}/g, "sqrt($1)").replace(/\\sqrt\s*(\d)/g, "sqrt($1)");
  } while (s !== prev);
  return s;
}

export function normalizeAnswer(answer: string): string {
  let s = answer.trim();
  s = s.replace(/^\$+|\$+$/g, "").replace(/^\\\(|\\\)$/g, "").replace(/^\\\[|\\\]$/g, "");
  s = s.replace(/\\(?:text|textbf|mbox|mathrm)\s*\{([^{}]*)\}/g, "$1");
  s = s.replace(/\\[dt]frac/g, "\\frac").replace(/\\left|\\right/g, "").replace(/\\[!,;: ]/g, "");
  s = s.replace(/\^\s*\{?\\circ\}?|°/g, "").replace(/\\%|%/g, "").replace(/\\\$|\$/g, "");
  s = s.replace(/\\cdot|\\times/g, "*").replace(/\\pi/g, "pi");
  s = replaceFracs(s);
  s = s.replace(/(\d),(?=\d{3}(?!\d))/g, "$1");
  // "x = 5" and "k=5" name the variable the question asked for.
  s = s.replace(/^[a-zA-Z]\s*=\s*/, "");
  s = s.replace(/\s+/g, "").replace(/\.$/, "");
  // Units and trailing words after a number ("18cm", "5apples", "12dollars").
  const unit = /^(-?[\d.]+(?:\/[\d.]+)?)[a-zA-Z]+$/.exec(s);
  if (unit) s = unit[1]!;
  if (/^-?\.\d/.test(s)) s = s.replace(".", "0.");
  return s.toLowerCase();
}

/** Evaluates + − * / ^, parentheses, sqrt() and pi with implicit multiplication; null when it is not arithmetic. */
export function evaluateArithmetic(expr: string): number | null {
  const tokens = expr.match(/\d+\.?\d*|\.\d+|sqrt|pi|[-+*/^()]/g);
  if (!tokens || tokens.join("") !== expr) return null;
  let pos = 0;
  const peek = () => tokens[pos];
  const primary = (): number => {
    const t = tokens[pos++];
    if (t === undefined) throw new Error("end");
    if (t === "(") {
      const v = sum();
      if (tokens[pos++] !== ")") throw new Error(")");
      return v;
    }
    if (t === "-") return -power();
    if (t === "+") return power();
    if (t === "pi") return Math.PI;
    if (t === "sqrt") {
      if (tokens[pos++] !== "(") throw new Error("(");
      const v = sum();
      if (tokens[pos++] !== ")") throw new Error(")");
      return Math.sqrt(v);
    }
    const n = Number(t);
    if (Number.isNaN(n)) throw new Error("nan");
    return n;
  };
  const power = (): number => {
    const base = primary();
    if (peek() === "^") {
      pos++;
      return base ** power();
    }
    return base;
  };
  const product = (): number => {
    let v = power();
    for (;;) {
      const t = peek();
      if (t === "*" || t === "/") {
        pos++;
        const r = power();
        v = t === "*" ? v * r : v / r;
      } else if (t === "(" || t === "sqrt" || t === "pi" || (t !== undefined && /^[\d.]/.test(t))) v *= power();
      else return v;
    }
  };
  const sum = (): number => {
    let v = product();
    while (peek() === "+" || peek() === "-") {
      const t = tokens[pos++];
      const r = product();
      v = t === "+" ? v + r : v - r;
    }
    return v;
  };
  try {
    const v = sum();
    return pos === tokens.length && Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if ("([{".includes(ch)) depth++;
    if (")]}".includes(ch)) depth--;
    if (ch === "," && depth === 0) (parts.push(cur), (cur = ""));
    else cur += ch;
  }
  parts.push(cur);
  return parts;
}

export function answersEquivalent(predicted: string, gold: string, tolerance = 1e-6): boolean {
  const a = normalizeAnswer(predicted);
  const b = normalizeAnswer(gold);
  if (a === b) return true;
  const tuple = /^[([{](.*)[)\]}]$/;
  const ta = tuple.exec(a);
  const tb = tuple.exec(b);
  if (ta && tb && a.includes(",") && b.includes(",")) {
    const pa = splitTopLevel(ta[1]!);
    const pb = splitTopLevel(tb[1]!);
    return pa.length === pb.length && pa.every((p, i) => answersEquivalent(p, pb[i]!, tolerance));
  }
  const na = evaluateArithmetic(a);
  const nb = evaluateArithmetic(b);
  if (na === null || nb === null) return false;
  return Math.abs(na - nb) <= tolerance * Math.max(1, Math.abs(na), Math.abs(nb));
}

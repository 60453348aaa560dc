/**
 * Auto mode: decides per request whether the answer deserves visible reasoning.
 * A transparent rule set rather than a model call, so the choice costs microseconds, is explainable
 * (`reason` is reported to the client) and is tested on a labelled prompt set.
 */
export interface ModeDecision {
  mode: "fast" | "thinking";
  reason: string;
}

interface Rule {
  reason: string;
  test: (text: string, lower: string) => boolean;
}

const EXPLICIT_THINK =
  /\b(think (it )?(through|carefully|hard|step[- ]by[- ]step)|step[- ]by[- ]step|reason (it )?(out|through|carefully)|show (your|the) (work|reasoning)|let'?s think|take your time|deep(ly)? (think|analy[sz]e)|chain of thought|work (it )?out)\b/;
const EXPLICIT_FAST = /\b(quick(ly)?|briefly|short answer|one word|tl;?dr|just (tell|give)|no explanation)\b/;
const MATH_WORDS =
  /\b(solve|prove|proof|derivative|integral|integrate|differentiate|equation|inequality|theorem|lemma|probability|expected value|factori[sz]e|simplify|calculate|compute|how many|how much|percent(age)?|sum of|product of|prime|modulo|matrix|eigen\w*|limit of|series|polynomial|geometry|triangle|area of|volume of|average speed|interest rate)\b/;
const MATH_SYMBOLS = /(\d\s*[-+*/^×÷=<>]\s*\(?\s*[\dxyzn])|(\b[xyzn]\s*\^\s*\d)|[∫∑√π≤≥≠∞]|\\(frac|int|sum|sqrt)\b|\b\d+\s*!|\bmod\b/;
const CODE_WORDS =
  /\b(code|function|class|method|algorithm|implement|refactor|debug|bug|stack ?trace|exception|compile|regex|sql|query|typescript|javascript|python|rust|golang|java|c\+\+|kotlin|bash|script|api endpoint|unit test|big-?o|complexity|recursion|data structure|segfault|null pointer|race condition)\b/;
const CODE_SHAPES = /```|\b(def|fn|func|const|let|var|import|return|public|private)\s+\w|[{};]\s*$|=>|\w+\(\w*\)\s*[{:]/m;
const MULTI_STEP =
  /\b(compare|contrast|trade-?offs?|pros and cons|analy[sz]e|evaluate|design|architect|plan|strategy|optimi[sz]e|explain why|why does|why do|why is|how would|what would happen|derive|critique|diagnose|troubleshoot|estimate|puzzle|riddle|logic)\b/;
const CASUAL =
  /^(hi|hello|hey|yo|thanks|thank you|good (morning|evening|night)|how are you|what'?s up|ok(ay)?|cool|nice|great|bye)\b/;

const RULES: Rule[] = [
  { reason: "explicit request to reason", test: (_t, l) => EXPLICIT_THINK.test(l) },
  { reason: "mathematics", test: (t, l) => MATH_SYMBOLS.test(t) || (MATH_WORDS.test(l) && /\d/.test(l)) || /\b(solve|prove|proof|derivative|integral|theorem|eigen\w*)\b/.test(l) },
  { reason: "code", test: (t, l) => CODE_SHAPES.test(t) || (CODE_WORDS.test(l) && l.split(/\s+/).length > 4) },
  { reason: "multi-step question", test: (_t, l) => MULTI_STEP.test(l) && l.split(/\s+/).length > 5 },
  { reason: "several questions at once", test: (t) => (t.match(/\?/g) ?? []).length >= 3 },
  { reason: "long, detailed request", test: (t) => t.length > 1200 },
];

export function selectMode(userText: string): ModeDecision {
  const text = userText.trim();
  const lower = text.toLowerCase();
  if (!text) return { mode: "fast", reason: "empty request" };
  const explicitFast = EXPLICIT_FAST.test(lower);
  for (const rule of RULES) {
    if (rule.test(text, lower)) {
      if (explicitFast && rule.reason !== "explicit request to reason") return { mode: "fast", reason: "explicit request for a quick answer" };
      return { mode: "thinking", reason: rule.reason };
    }
  }
  if (explicitFast) return { mode: "fast", reason: "explicit request for a quick answer" };
  if (CASUAL.test(lower)) return { mode: "fast", reason: "conversational" };
  return { mode: "fast", reason: "simple question" };
}

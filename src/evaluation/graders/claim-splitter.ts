/**
 * Deterministic fallback for splitting an answer into claims when no judge is asked to do it (or it fails):
 * sentences (Intl.Segmenter), then independent clauses joined by ';' or by ', and/but/while/whereas'.
 * Cruder than model-made atomic facts, but stable and free.
 */
const clauseJoin = /;\s+|,\s+(?:and|but|while|whereas)\s+/i;

function isClaim(text: string): boolean {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length < 3) return false;
  if (/\?\s*$/.test(text)) return false;
  // Markdown headers and pleasantries carry no checkable content.
  if (/^#+\s/.test(text)) return false;
  if (/^(sure|certainly|of course|great question|i hope this helps|let me know)\b/i.test(text)) return false;
  return true;
}

export function splitClaims(answer: string): string[] {
  const cleaned = answer
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, "")
    .replace(/\*\*|__|`/g, "");
  const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });
  const claims: string[] = [];
  for (const line of cleaned.split(/\n+/)) {
    for (const { segment } of segmenter.segment(line)) {
      for (const part of segment.split(clauseJoin)) {
        let c = part.trim();
        if (!c) continue;
        c = c.charAt(0).toUpperCase() + c.slice(1);
        if (!/[.!]$/.test(c)) c += ".";
        if (isClaim(c)) claims.push(c);
      }
    }
  }
  return claims;
}

/**
 * The family a model id belongs to, for self-preference: a judge from the qwen family judging a qwen answer.
 * Known vendor names are matched anywhere in the id (so "meta-llama/Llama-3.1-8B" is llama); otherwise
 * the leading letters of the last path segment are used ("qwen3-1.7b" → "qwen").
 */
const knownFamilies = [
  "llama", "qwen", "gemma", "gemini", "mistral", "mixtral", "phi", "gpt", "claude", "grok", "deepseek",
  "command", "falcon", "olmo", "granite", "yi", "internlm", "glm", "smollm", "kimi", "nemotron",
];

export function modelFamily(modelId: string, overrides: Record<string, string> = {}): string {
  if (overrides[modelId]) return overrides[modelId]!;
  const last = modelId.toLowerCase().split("/").pop() ?? modelId.toLowerCase();
  // Families are matched on whole leading words so "phi" does not match "dolphin".
  const words = last.split(/[^a-z]+/).filter(Boolean);
  for (const w of words) {
    const hit = knownFamilies.find((f) => w === f || (w.startsWith(f) && f.length >= 3));
    if (hit) return hit === "mixtral" ? "mistral" : hit === "gemini" ? "gemini" : hit;
  }
  return words[0] ?? last;
}

/** A model's answer without its `<think>…</think>` segments: what graders and benchmark scorers read. */
export function stripThinking(text: string): string {
  return text.replace(/<think>[\s\S]*?<\/think>/gi, "");
}

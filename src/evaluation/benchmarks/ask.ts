import { collectGeneration, type ChatMessage, type Usage } from "../../models/chat-model.js";
import type { BenchmarkContext } from "./types.js";

/** Greedy decoding, so a benchmark run is repeatable. */
export async function ask(ctx: BenchmarkContext, messages: ChatMessage[]): Promise<{ content: string; usage: Usage }> {
  const out = await collectGeneration(ctx.model.generate(messages, { temperature: 0, seed: 0, maxTokens: ctx.maxTokens ?? 1024, signal: ctx.signal }));
  return { content: out.content, usage: out.usage };
}

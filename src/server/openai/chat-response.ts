import { randomBytes } from "node:crypto";
import type { FinishReason, TokenLogprob, ToolCall, Usage } from "../../models/chat-model.js";
import type { AssistantEvent } from "../../assistant/assistant.js";
import type { SearchHit } from "../../assistant/hooks.js";

export function completionId(prefix = "chatcmpl"): string {
  return `${prefix}-${randomBytes(12).toString("hex")}`;
}

export function usageToWire(u: Usage) {
  return {
    prompt_tokens: u.promptTokens,
    completion_tokens: u.completionTokens,
    total_tokens: u.promptTokens + u.completionTokens,
    prompt_tokens_details: { cached_tokens: u.cachedTokens },
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens },
  };
}

export function toolCallToWire(c: ToolCall) {
  return { id: c.id, type: "function" as const, function: { name: c.name, arguments: c.arguments } };
}

export function logprobsToWire(lp: TokenLogprob[]) {
  return lp.map((t) => ({ token: t.token, logprob: t.logprob, bytes: t.bytes, top_logprobs: t.top.map((x) => ({ token: x.token, logprob: x.logprob, bytes: x.bytes })) }));
}

/** Everything one choice produced, gathered from the assistant's events. */
export class ChoiceAccumulator {
  content = "";
  reasoning = "";
  toolCalls: ToolCall[] = [];
  logprobs: TokenLogprob[] = [];
  notices: { code: string; message: string }[] = [];
  hits: SearchHit[] = [];
  mode?: { mode: string; requested: string; reason: string };
  finishReason: FinishReason | null = null;
  usage?: Usage;
  model?: string;

  add(e: AssistantEvent): void {
    switch (e.type) {
      case "content":
        this.content += e.text;
        if (e.logprobs) this.logprobs.push(...e.logprobs);
        break;
      case "reasoning":
        this.reasoning += e.text;
        break;
      case "tool_call":
        this.toolCalls.push(e.call);
        break;
      case "notice":
        this.notices.push({ code: e.code, message: e.message });
        break;
      case "citations":
        this.hits = e.hits;
        break;
      case "mode":
        this.mode = { mode: e.mode, requested: e.requested, reason: e.reason };
        break;
      case "done":
        this.finishReason = e.finishReason;
        this.usage = e.usage;
        this.model = e.model;
        break;
    }
  }
}

/** Candor's own additions, in one namespaced object so OpenAI clients ignore them safely. */
export function candorExtension(acc: ChoiceAccumulator) {
  return {
    mode: acc.mode?.mode,
    requested_mode: acc.mode?.requested,
    mode_reason: acc.mode?.reason,
    model: acc.model,
    notices: acc.notices,
    ...(acc.hits.length
      ? { citations: acc.hits.map((h, i) => ({ index: i + 1, url: h.url, title: h.title, author: h.author, created_at: h.createdAt, text: h.text, source: h.source })) }
      : {}),
  };
}

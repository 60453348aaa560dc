import type { ChatHistoryItem, ChatModelResponse } from "node-llama-cpp";
import type { ChatMessage } from "../../chat-model.js";

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // keep what the model produced: a malformed earlier call must not break the next turn
    return text;
  }
}

/**
 * Maps OpenAI-style messages onto node-llama-cpp's chat history. Tool results attach to the model turn that made
 * the call (node-llama-cpp renders call + result together), reasoning sent back becomes a thought segment.
 */
export function toChatHistory(messages: ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [];
  const lastModel = (): Extract<ChatHistoryItem, { type: "model" }> | undefined => {
    const last = history.at(-1);
    return last?.type === "model" ? last : undefined;
  };
  for (const m of messages) {
    if (m.role === "system") history.push({ type: "system", text: m.content });
    else if (m.role === "user") history.push({ type: "user", text: m.content });
    else if (m.role === "assistant") {
      const response: ChatModelResponse["response"] = [];
      if (m.reasoning) response.push({ type: "segment", segmentType: "thought", text: m.reasoning, ended: true });
      if (m.content) response.push(m.content);
      for (const call of m.toolCalls ?? []) {
        response.push({ type: "functionCall", name: call.name, params: parseArguments(call.arguments), result: undefined });
      }
      history.push({ type: "model", response });
    } else {
      // role "tool": fill the result into the matching call of the preceding model turn
      const model = lastModel();
      const call = model?.response.find(
        (r): r is Extract<(typeof model.response)[number], { type: "functionCall" }> =>
          typeof r !== "string" && r.type === "functionCall" && r.result === undefined,
      );
      if (call) call.result = m.content;
      else history.push({ type: "user", text: m.content });
    }
  }
  return history;
}

/**
 * Drops the oldest turns (keeping leading system messages and the final user turn) until `fits` says the rest fits.
 * Returns undefined when even the minimal history does not fit.
 */
export function truncateOldest(
  messages: ChatMessage[],
  fits: (candidate: ChatMessage[]) => boolean,
): { messages: ChatMessage[]; dropped: number } | undefined {
  if (fits(messages)) return { messages, dropped: 0 };
  let head = 0;
  while (head < messages.length && messages[head]!.role === "system") head++;
  const system = messages.slice(0, head);
  let rest = messages.slice(head);
  let dropped = 0;
  while (rest.length > 1) {
    // drop a whole turn: the first message and any tool results that belonged to it
    let cut = 1;
    while (cut < rest.length - 1 && rest[cut]!.role !== "user") cut++;
    if (cut >= rest.length) break;
    dropped += cut;
    rest = rest.slice(cut);
    const candidate = [...system, ...rest];
    if (fits(candidate)) return { messages: candidate, dropped };
  }
  return undefined;
}

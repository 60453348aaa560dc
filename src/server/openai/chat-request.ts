import type { ChatMessage, GenerateOptions, ImageInput, ResponseFormat, ToolDefinition } from "../../models/chat-model.js";
import type { AssistantRequest } from "../../assistant/assistant.js";
import type { SearchParameters } from "../../assistant/hooks.js";
import { badRequest } from "../errors.js";
import type { ChatCompletionRequest, WireMessage } from "./chat-schema.js";

type Content = Extract<WireMessage, { role: "user" }>["content"] | null | undefined;

/** Text parts joined; image parts collected separately for vision-capable backends. */
export function flattenContent(content: Content): { text: string; images: ImageInput[] } {
  if (content === null || content === undefined) return { text: "", images: [] };
  if (typeof content === "string") return { text: content, images: [] };
  const texts: string[] = [];
  const images: ImageInput[] = [];
  for (const part of content) {
    if (part.type === "text") texts.push(part.text);
    else {
      const iu = part.image_url;
      images.push(typeof iu === "string" ? { url: iu } : { url: iu.url, detail: iu.detail });
    }
  }
  return { text: texts.join("\n"), images };
}

export function toChatMessages(messages: WireMessage[]): ChatMessage[] {
  const known = new Set<string>();
  return messages.map((m, i) => {
    const { text, images } = flattenContent(m.content);
    const base: ChatMessage = { role: m.role === "developer" ? "system" : m.role, content: text };
    if (images.length) base.images = images;
    if ("name" in m && m.name) base.name = m.name;
    if (m.role === "assistant") {
      const reasoning = m.reasoning_content ?? m.reasoning;
      if (reasoning) base.reasoning = reasoning;
      if (m.tool_calls?.length) {
        base.toolCalls = m.tool_calls.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments }));
        for (const c of m.tool_calls) known.add(c.id);
      }
    }
    if (m.role === "tool") {
      if (!known.has(m.tool_call_id)) {
        throw badRequest(
          `messages[${i}].tool_call_id '${m.tool_call_id}' does not answer any tool call of an earlier assistant message`,
          `messages[${i}].tool_call_id`,
        );
      }
      base.toolCallId = m.tool_call_id;
    }
    return base;
  });
}

export function toResponseFormat(rf: ChatCompletionRequest["response_format"]): ResponseFormat | undefined {
  if (!rf) return undefined;
  if (rf.type === "json_schema")
    return { type: "json_schema", name: rf.json_schema.name, schema: rf.json_schema.schema, strict: rf.json_schema.strict ?? undefined };
  return rf;
}

/** search_parameters and server-side search tools (x_search, live_search, web_search) → one SearchParameters. */
export function toSearchParameters(body: ChatCompletionRequest): SearchParameters | undefined {
  const sp = body.search_parameters;
  const tool = body.tools?.find((t) => t.type !== "function") as Exclude<NonNullable<ChatCompletionRequest["tools"]>[number], { type: "function" }> | undefined;
  if (!sp && !tool) return undefined;
  const out: SearchParameters = {
    mode: sp?.mode ?? "auto",
    sources: sp?.sources,
    fromDate: sp?.from_date,
    toDate: sp?.to_date,
    maxSearchResults: sp?.max_search_results,
    returnCitations: sp?.return_citations ?? true,
  };
  if (tool) {
    out.allowedHandles = tool.allowed_x_handles;
    out.excludedHandles = tool.excluded_x_handles;
    out.fromDate ??= tool.from_date;
    out.toDate ??= tool.to_date;
    out.maxSearchResults ??= tool.max_search_results;
    if (!sp) out.mode = "on";
  }
  for (const [k, v] of [["from_date", out.fromDate], ["to_date", out.toDate]] as const) {
    if (v && Number.isNaN(Date.parse(v))) throw badRequest(`search_parameters.${k} '${v}' is not a date (use YYYY-MM-DD)`, `search_parameters.${k}`);
  }
  return out;
}

export function toAssistantRequest(body: ChatCompletionRequest, signal: AbortSignal): AssistantRequest {
  if (body.tool_choice && typeof body.tool_choice === "object") {
    const name = body.tool_choice.function.name;
    if (!body.tools?.some((t) => t.type === "function" && t.function.name === name))
      throw badRequest(`tool_choice names '${name}', which is not in tools`, "tool_choice");
  }
  if ((body.tool_choice === "required" || typeof body.tool_choice === "object") && !body.tools?.some((t) => t.type === "function"))
    throw badRequest("tool_choice requires at least one function in tools", "tool_choice");
  if (body.top_logprobs !== undefined && body.top_logprobs !== null && !body.logprobs)
    throw badRequest("top_logprobs requires logprobs to be true", "top_logprobs");
  if (body.stream_options && !body.stream) throw badRequest("stream_options is only allowed when stream is true", "stream_options");

  const tools: ToolDefinition[] | undefined = body.tools
    ?.flatMap((t) => (t.type === "function" ? [t.function] : []))
    .map((f) => ({ name: f.name, description: f.description, parameters: f.parameters }));
  const stop = body.stop === null || body.stop === undefined ? undefined : Array.isArray(body.stop) ? body.stop : [body.stop];
  const options: GenerateOptions = {
    maxTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
    temperature: body.temperature ?? undefined,
    topP: body.top_p ?? undefined,
    seed: body.seed ?? undefined,
    stop: stop?.filter((s) => s.length > 0),
    tools: tools?.length ? tools : undefined,
    toolChoice: body.tool_choice === undefined ? undefined : typeof body.tool_choice === "string" ? body.tool_choice : { name: body.tool_choice.function.name },
    parallelToolCalls: body.parallel_tool_calls,
    responseFormat: toResponseFormat(body.response_format),
    topLogprobs: body.logprobs ? (body.top_logprobs ?? 0) : undefined,
    signal,
    conversationId: body.candor?.conversation_id,
  };
  const r = body.reasoning;
  let reasoningEffort = body.reasoning_effort ?? r?.effort;
  if (r?.enabled === false) reasoningEffort = "none";
  return {
    model: body.model,
    fallbackModels: body.models?.filter((m) => m !== body.model),
    messages: toChatMessages(body.messages),
    mode: body.candor?.mode,
    reasoningEffort,
    reasoningMaxTokens: r?.max_tokens,
    options,
    searchParameters: toSearchParameters(body),
    bestOfN: body.best_of_n,
  };
}

import type { ChatMessage, GenerateOptions, ToolChoice } from "../chat-model.js";

/** GenerateOptions → the OpenAI Chat Completions request body every openai-compatible server understands. */
export function chatCompletionsBody(model: string, messages: ChatMessage[], options: GenerateOptions): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model,
    messages: messages.map(toOpenAIMessage),
    stream: true,
    stream_options: { include_usage: true },
  };
  addSamplingOptions(body, options);
  if (options.tools?.length) {
    body.tools = options.tools.map((t) => ({
      type: "function",
      function: { name: t.name, ...(t.description !== undefined ? { description: t.description } : {}), parameters: t.parameters ?? { type: "object", properties: {} } },
    }));
  }
  if (options.toolChoice !== undefined) body.tool_choice = toolChoice(options.toolChoice);
  if (options.parallelToolCalls !== undefined && options.tools?.length) body.parallel_tool_calls = options.parallelToolCalls;
  const rf = options.responseFormat;
  if (rf) {
    body.response_format =
      rf.type === "json_schema"
        ? { type: "json_schema", json_schema: { name: rf.name ?? "response", schema: rf.schema, ...(rf.strict !== undefined ? { strict: rf.strict } : {}) } }
        : { type: rf.type };
  }
  const effort = reasoningEffort(options);
  if (effort) body.reasoning_effort = effort;
  if (options.topLogprobs !== undefined) {
    body.logprobs = true;
    if (options.topLogprobs > 0) body.top_logprobs = options.topLogprobs;
  }
  // Provider-specific fields the client asked for win over anything derived above.
  if (options.extra) Object.assign(body, options.extra);
  return body;
}

/** Legacy /completions body (plain prompt continuation). */
export function completionsBody(model: string, prompt: string, options: GenerateOptions): Record<string, unknown> {
  const body: Record<string, unknown> = { model, prompt, stream: true, stream_options: { include_usage: true } };
  addSamplingOptions(body, options);
  if (options.topLogprobs !== undefined) body.logprobs = Math.max(options.topLogprobs, 0);
  if (options.extra) Object.assign(body, options.extra);
  return body;
}

function addSamplingOptions(body: Record<string, unknown>, o: GenerateOptions): void {
  if (o.maxTokens !== undefined) body.max_tokens = o.maxTokens;
  if (o.temperature !== undefined) body.temperature = o.temperature;
  if (o.topP !== undefined) body.top_p = o.topP;
  if (o.seed !== undefined) body.seed = o.seed;
  if (o.stop?.length) body.stop = o.stop;
}

/**
 * Only an explicit thought budget becomes `reasoning_effort`: several upstreams reject the field for models that
 * do not reason, so it is never sent by default. Clients who need it verbatim pass it in `extra`.
 */
function reasoningEffort(o: GenerateOptions): "low" | "medium" | "high" | undefined {
  const budget = o.thinking?.enabled ? o.thinking.budgetTokens : undefined;
  if (budget === undefined) return undefined;
  if (budget <= 2048) return "low";
  if (budget <= 8192) return "medium";
  return "high";
}

function toolChoice(c: ToolChoice): unknown {
  return typeof c === "string" ? c : { type: "function", function: { name: c.name } };
}

function toOpenAIMessage(m: ChatMessage): Record<string, unknown> {
  const out: Record<string, unknown> = { role: m.role };
  out.content = m.images?.length
    ? [
        ...(m.content ? [{ type: "text", text: m.content }] : []),
        ...m.images.map((i) => ({ type: "image_url", image_url: { url: i.url, ...(i.detail ? { detail: i.detail } : {}) } })),
      ]
    : m.content;
  if (m.toolCalls?.length) {
    out.tool_calls = m.toolCalls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } }));
    // OpenAI expects null rather than "" next to tool calls.
    if (!m.content) out.content = null;
  }
  if (m.toolCallId) out.tool_call_id = m.toolCallId;
  if (m.name) out.name = m.name;
  // Earlier reasoning is deliberately not sent back: some upstreams (DeepSeek) reject reasoning_content in input.
  return out;
}

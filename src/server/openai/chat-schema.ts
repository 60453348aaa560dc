import { z } from "zod";

const textPart = z.object({ type: z.literal("text"), text: z.string() });
const imagePart = z.object({
  type: z.literal("image_url"),
  image_url: z.union([z.string(), z.object({ url: z.string().min(1), detail: z.enum(["auto", "low", "high"]).optional() })]),
});
const contentPart = z.discriminatedUnion("type", [textPart, imagePart], {
  error: (iss) =>
    iss.code === "invalid_union" ? "content parts must have type 'text' or 'image_url'" : undefined,
});
const content = z.union([z.string(), z.array(contentPart)]);

const toolCallSchema = z.object({
  id: z.string(),
  type: z.literal("function").default("function"),
  function: z.object({ name: z.string().min(1), arguments: z.string().default("{}") }),
});

const systemMessage = z.object({ role: z.enum(["system", "developer"]), content, name: z.string().optional() });
const userMessage = z.object({ role: z.literal("user"), content, name: z.string().optional() });
const assistantMessage = z.object({
  role: z.literal("assistant"),
  content: z.union([content, z.null()]).optional(),
  name: z.string().optional(),
  tool_calls: z.array(toolCallSchema).optional(),
  reasoning_content: z.string().nullish(),
  reasoning: z.string().nullish(),
  refusal: z.string().nullish(),
});
const toolMessage = z.object({ role: z.literal("tool"), content, tool_call_id: z.string().min(1) });

export const chatMessageSchema = z.discriminatedUnion("role", [systemMessage, userMessage, assistantMessage, toolMessage], {
  error: () => "role must be one of system, developer, user, assistant, tool",
});

const functionTool = z.object({
  type: z.literal("function"),
  function: z.object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "tool names are 1-64 letters, digits, '_' or '-'"),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish(),
  }),
});
/** xAI's server-side search tools: run by Candor itself against the knowledge engine. */
const searchTool = z.object({
  type: z.enum(["live_search", "x_search", "web_search"]),
  allowed_x_handles: z.array(z.string()).max(10).optional(),
  excluded_x_handles: z.array(z.string()).max(10).optional(),
  from_date: z.string().optional(),
  to_date: z.string().optional(),
  max_search_results: z.number().int().min(1).max(50).optional(),
});
export const toolSchema = z.discriminatedUnion("type", [functionTool, searchTool], {
  error: () => "tools[].type must be 'function', 'live_search', 'x_search' or 'web_search'",
});

export const toolChoiceSchema = z.union([
  z.enum(["auto", "none", "required"]),
  z.object({ type: z.literal("function"), function: z.object({ name: z.string() }) }),
]);

export const responseFormatSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text") }),
  z.object({ type: z.literal("json_object") }),
  z.object({
    type: z.literal("json_schema"),
    json_schema: z.object({
      name: z.string().default("response"),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).default({}),
      strict: z.boolean().nullish(),
    }),
  }),
]);

const effort = z.enum(["none", "minimal", "low", "medium", "high"]);

export const searchParametersSchema = z.object({
  mode: z.enum(["off", "on", "auto"]).default("auto"),
  sources: z.array(z.object({ type: z.string() }).passthrough()).optional(),
  from_date: z.string().optional(),
  to_date: z.string().optional(),
  max_search_results: z.number().int().min(1).max(50).optional(),
  return_citations: z.boolean().default(true),
});

export const samplingFields = {
  max_tokens: z.number().int().min(1).nullish(),
  max_completion_tokens: z.number().int().min(1).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  seed: z.number().int().nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(8, "at most 8 stop sequences")]).nullish(),
  n: z.number().int().min(1).max(8).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  user: z.string().optional(),
};

export const chatCompletionRequestSchema = z.object({
  model: z.string().min(1),
  /** OpenRouter-style fallback list */
  models: z.array(z.string().min(1)).max(8).optional(),
  messages: z.array(chatMessageSchema).min(1, "messages must contain at least one message"),
  ...samplingFields,
  tools: z.array(toolSchema).max(128).optional(),
  tool_choice: toolChoiceSchema.optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: responseFormatSchema.optional(),
  reasoning_effort: effort.optional(),
  reasoning: z
    .object({ effort: effort.optional(), max_tokens: z.number().int().min(0).optional(), exclude: z.boolean().optional(), enabled: z.boolean().optional() })
    .optional(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  search_parameters: searchParametersSchema.optional(),
  deferred: z.boolean().optional(),
  best_of_n: z.number().int().min(1).max(16).optional(),
  /** Candor extension: explicit mode and a conversation id for prompt-prefix reuse. */
  candor: z.object({ mode: z.enum(["fast", "thinking", "auto"]).optional(), conversation_id: z.string().optional() }).optional(),
});

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;
export type WireMessage = z.infer<typeof chatMessageSchema>;

/**
 * One structured call to a judge model: json_schema output at temperature 0, validated with zod.
 * An invalid reply is retried once with the validation error shown to the judge; a second failure
 * is an error, so an item is never scored from output that did not validate.
 */
import { z } from "zod";
import { collectGeneration, type ChatMessage, type ChatModel, type Usage, addUsage, emptyUsage } from "../../models/chat-model.js";
import type { ModelRegistry } from "../../models/model-registry.js";
import { stripThinking } from "../answer-text.js";

export class JudgeOutputError extends Error {
  constructor(
    message: string,
    readonly judge: string,
    /** Every raw reply the judge gave, for the failure report. */
    readonly replies: string[],
  ) {
    super(message);
    this.name = "JudgeOutputError";
  }
}

export interface JudgeCallOptions {
  signal?: AbortSignal;
  maxTokens?: number;
  /** Attempts after the first when the reply does not validate. */
  retries?: number;
}

export interface JudgeCallResult<T> {
  value: T;
  raw: string;
  attempts: number;
  usage: Usage;
}

/** Pulls the JSON object out of a reply that may wrap it in thinking tags or a code fence. */
export function extractJsonObject(text: string): unknown {
  let t = stripThinking(text).trim();
  const fence = /```(?:json)?\s*([\s\S]*?)```/i.exec(t);
  if (fence) t = fence[1]!.trim();
  const start = t.indexOf("{");
  const end = t.lastIndexOf("}");
  if (start < 0 || end < start) throw new Error("the reply contains no JSON object");
  return JSON.parse(t.slice(start, end + 1));
}

function describeZodError(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}

export function resolveModel(models: ModelRegistry, id: string, role = "judge"): ChatModel {
  const model = models.resolve(id)[0];
  if (!model) {
    const known = models.list().map((m) => m.id);
    throw new Error(`${role} model '${id}' is not served; available models: ${known.length ? known.join(", ") : "(none)"}`);
  }
  return model;
}

export async function callJudge<T>(
  model: ChatModel,
  messages: ChatMessage[],
  schema: z.ZodType<T>,
  schemaName: string,
  opts: JudgeCallOptions = {},
): Promise<JudgeCallResult<T>> {
  const jsonSchema = z.toJSONSchema(schema) as Record<string, unknown>;
  delete jsonSchema.$schema;
  const retries = opts.retries ?? 1;
  const replies: string[] = [];
  let usage = emptyUsage();
  let convo = messages;
  let lastError = "";
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    const out = await collectGeneration(
      model.generate(convo, {
        temperature: 0,
        seed: 0,
        maxTokens: opts.maxTokens ?? 2048,
        responseFormat: { type: "json_schema", name: schemaName, schema: jsonSchema, strict: true },
        signal: opts.signal,
      }),
    );
    usage = addUsage(usage, out.usage);
    replies.push(out.content);
    try {
      const parsed = schema.safeParse(extractJsonObject(out.content));
      if (parsed.success) return { value: parsed.data, raw: out.content, attempts: attempt, usage };
      lastError = `the JSON does not match the schema: ${describeZodError(parsed.error)}`;
    } catch (err) {
      lastError = `the reply is not valid JSON: ${(err as Error).message}`;
    }
    convo = [
      ...messages,
      { role: "assistant", content: out.content },
      { role: "user", content: `Your reply was rejected because ${lastError}. Reply again with only the JSON object matching the schema.` },
    ];
  }
  throw new JudgeOutputError(`judge '${model.id}' gave invalid output ${retries + 1} times; last problem: ${lastError}`, model.id, replies);
}

import type { ChatModel, Usage } from "../../models/chat-model.js";
import type { LiveSearchProvider } from "../../assistant/hooks.js";

export interface ItemResult {
  id: string;
  correct: boolean;
  /** What was extracted from the response (a letter, a number, "passed"...); null when nothing could be. */
  prediction: string | null;
  gold: string;
  response: string;
  /** Set when the item could not be run (model error, sandbox failure); the item counts as incorrect. */
  error?: string;
  details?: Record<string, unknown>;
  usage?: Usage;
}

export interface BenchmarkContext {
  model: ChatModel;
  search?: LiveSearchProvider;
  signal?: AbortSignal;
  maxTokens?: number;
  /** Sandbox limits for code execution. */
  timeoutMs?: number;
  memoryMb?: number;
}

export interface Benchmark<I> {
  name: string;
  /** Validates one JSONL record; throws an error naming the missing or bad field. */
  parse(raw: unknown, line: number): I;
  run(item: I, ctx: BenchmarkContext): Promise<ItemResult>;
}

export class ItemFormatError extends Error {
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = "ItemFormatError";
  }
}

export function requireString(o: Record<string, unknown>, key: string, line: number): string {
  const v = o[key];
  if (typeof v !== "string" || !v.trim()) throw new ItemFormatError(line, `'${key}' must be a non-empty string`);
  return v;
}

export function asRecord(raw: unknown, line: number): Record<string, unknown> {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new ItemFormatError(line, "each line must be a JSON object");
  return raw as Record<string, unknown>;
}

export function itemId(o: Record<string, unknown>, line: number): string {
  const id = o.id ?? o.task_id ?? o.question_id;
  return typeof id === "string" || typeof id === "number" ? String(id) : `line-${line}`;
}

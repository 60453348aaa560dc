import { createParser } from "eventsource-parser";
import { api, listOf, request } from "./http.js";
import { toPostView, type PostView } from "./posts.js";

export type Mode = "auto" | "fast" | "thinking";

export type ContentPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };
export interface WireMessage {
  role: "system" | "user" | "assistant";
  content: string | ContentPart[];
}

export interface ModelEntry {
  id: string;
  ownedBy: string;
  thinking?: boolean;
  vision?: boolean;
  details?: Record<string, unknown>;
}

export async function listModels(): Promise<ModelEntry[]> {
  const body = await api<unknown>("/v1/models");
  return listOf<Record<string, unknown>>(body).map((m) => {
    const ext = (m.candor ?? {}) as Record<string, unknown>;
    const caps = (m.capabilities ?? ext.capabilities ?? {}) as Record<string, unknown>;
    return {
      id: String(m.id),
      ownedBy: String(ext.alias_of ? "candor" : (ext.provider ?? m.owned_by ?? "")),
      thinking: caps.thinking as boolean | undefined,
      vision: caps.vision as boolean | undefined,
      details: m,
    };
  });
}

/** The three Candor aliases; any other model is sent as itself with a reasoning effort for the mode. */
export const MODE_ALIASES: Record<Mode, string> = { auto: "candor", fast: "candor-fast", thinking: "candor-thinking" };

export function requestModel(mode: Mode, model: string | null): { model: string; reasoning_effort?: string } {
  if (!model) return { model: MODE_ALIASES[mode] };
  if (mode === "fast") return { model, reasoning_effort: "none" };
  if (mode === "thinking") return { model, reasoning_effort: "high" };
  return { model };
}

export interface StreamHandlers {
  onReasoning(text: string): void;
  onContent(text: string): void;
  onMeta?(meta: { model?: string; mode?: string; modeReason?: string }): void;
}

export interface StreamResult {
  citations: PostView[];
  finishReason?: string;
  model?: string;
  mode?: string;
  usage?: { promptTokens: number; completionTokens: number; reasoningTokens?: number };
}

/**
 * POSTs a streaming chat completion and feeds deltas to the handlers as they arrive. Aborting `signal`
 * cancels the fetch, which closes the connection so the server stops generating.
 */
export async function streamChat(
  body: Record<string, unknown>,
  handlers: StreamHandlers,
  signal: AbortSignal,
): Promise<StreamResult> {
  const res = await request("/v1/chat/completions", {
    method: "POST",
    json: { ...body, stream: true, stream_options: { include_usage: true } },
    signal,
    headers: { accept: "text/event-stream" },
  });
  const result: StreamResult = { citations: [] };
  let citationUrls: unknown[] = [];
  let citationDetails: unknown[] = [];
  let streamError: Error | undefined;
  const parser = createParser({
    onEvent(ev) {
      if (ev.data === "[DONE]") return;
      let chunk: Record<string, unknown>;
      try {
        chunk = JSON.parse(ev.data) as Record<string, unknown>;
      } catch {
        return;
      }
      if (chunk.error) {
        const e = chunk.error as { message?: string };
        streamError = new Error(e.message ?? "the server reported an error mid-stream");
        return;
      }
      if (typeof chunk.model === "string") result.model = chunk.model;
      const candor = chunk.candor as Record<string, unknown> | undefined;
      if (candor) {
        if (typeof candor.mode === "string") result.mode = candor.mode;
        const rich = candor.citations ?? candor.search_results ?? candor.sources;
        if (Array.isArray(rich)) citationDetails = rich;
        handlers.onMeta?.({ model: result.model, mode: result.mode, modeReason: candor.mode_reason as string | undefined });
      }
      if (Array.isArray(chunk.citations)) citationUrls = chunk.citations;
      if (Array.isArray(chunk.search_results)) citationDetails = chunk.search_results;
      const usage = chunk.usage as Record<string, unknown> | undefined;
      if (usage) {
        const details = usage.completion_tokens_details as Record<string, number> | undefined;
        result.usage = {
          promptTokens: Number(usage.prompt_tokens ?? 0),
          completionTokens: Number(usage.completion_tokens ?? 0),
          reasoningTokens: details?.reasoning_tokens,
        };
      }
      const choices = chunk.choices as { delta?: Record<string, unknown>; finish_reason?: string }[] | undefined;
      for (const c of choices ?? []) {
        const d = c.delta ?? {};
        const reasoning = d.reasoning_content ?? d.reasoning;
        if (typeof reasoning === "string" && reasoning) handlers.onReasoning(reasoning);
        if (typeof d.content === "string" && d.content) handlers.onContent(d.content);
        if (c.finish_reason) result.finishReason = c.finish_reason;
      }
    },
  });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parser.feed(value);
  }
  if (streamError) throw streamError;
  result.citations = mergeCitations(citationUrls, citationDetails);
  return result;
}

/** Numbered citations are the URL list; richer post details, when the server sends them, fill in the cards. */
export function mergeCitations(urls: unknown[], details: unknown[]): PostView[] {
  const rich = details.map((d, i) => toPostView(d, i));
  const byUrl = new Map(rich.filter((p) => p.url).map((p) => [p.url, p]));
  if (urls.length === 0) return rich;
  return urls.map((u, i) => {
    const v = toPostView(u, i);
    return byUrl.get(v.url) ?? v;
  });
}

import { randomBytes } from "node:crypto";
import type { ToolCall } from "../chat-model.js";

interface ToolCallDelta {
  index?: number;
  id?: string;
  function?: { name?: string; arguments?: string };
}

/**
 * Streamed tool calls arrive as fragments keyed by `index` (id and name first, arguments in pieces);
 * callers of ChatModel get each call whole, so fragments are joined here until the answer finishes.
 */
export class ToolCallAccumulator {
  private readonly calls = new Map<number, { id: string; name: string; arguments: string }>();

  add(deltas: unknown[]): void {
    for (const raw of deltas) {
      if (!raw || typeof raw !== "object") continue;
      const d = raw as ToolCallDelta;
      // Servers that stream one call per chunk sometimes omit index; they mean "the next call".
      const index = typeof d.index === "number" ? d.index : this.calls.size;
      let call = this.calls.get(index);
      if (!call) {
        call = { id: "", name: "", arguments: "" };
        this.calls.set(index, call);
      }
      if (typeof d.id === "string" && d.id) call.id = d.id;
      // Names arrive once (OpenAI) or repeated whole in every fragment (some servers); never doubled.
      const name = d.function?.name;
      if (typeof name === "string" && name !== call.name) call.name += name;
      if (typeof d.function?.arguments === "string") call.arguments += d.function.arguments;
    }
  }

  /** The calls in index order, each with an id (made up when the upstream sent none). */
  finish(): ToolCall[] {
    const out = [...this.calls.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, c]) => ({ id: c.id || `call_${randomBytes(12).toString("hex")}`, name: c.name, arguments: c.arguments || "{}" }));
    this.calls.clear();
    return out;
  }
}

import { randomUUID } from "node:crypto";
import type { SqliteDatabase } from "../storage/database.js";

export interface ConversationMeta {
  id: string;
  title: string;
  model: string | null;
  mode: string | null;
  persona: string | null;
  instructions: string | null;
  createdAt: string;
  updatedAt: string;
  messageCount: number;
}

export interface StoredMessage {
  seq: number;
  role: "system" | "user" | "assistant" | "tool";
  content: string;
  reasoning?: string | null;
  toolCalls?: unknown;
  toolCallId?: string | null;
  citations?: unknown;
  meta?: unknown;
  createdAt: string;
}

export type ConversationPatch = Partial<Pick<ConversationMeta, "title" | "model" | "mode" | "persona" | "instructions">>;
export type NewMessage = Omit<StoredMessage, "seq" | "createdAt">;

interface MetaRow {
  id: string;
  title: string;
  model: string | null;
  mode: string | null;
  persona: string | null;
  instructions: string | null;
  created_at: string;
  updated_at: string;
  message_count: number;
}

const toMeta = (r: MetaRow): ConversationMeta => ({
  id: r.id,
  title: r.title,
  model: r.model,
  mode: r.mode,
  persona: r.persona,
  instructions: r.instructions,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  messageCount: r.message_count,
});

const META_SQL = `SELECT c.*, (SELECT COUNT(*) FROM conversation_messages m WHERE m.conversation_id = c.id) AS message_count FROM conversations c`;

/** Conversations kept on the server for the web app and `candor chat`: list, search, rename, delete, export. */
export class ConversationStore {
  constructor(private readonly db: SqliteDatabase) {}

  create(init: ConversationPatch = {}): ConversationMeta {
    const id = randomUUID();
    const now = new Date().toISOString();
    this.db
      .prepare("INSERT INTO conversations (id, title, model, mode, persona, instructions, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run(id, init.title ?? "", init.model ?? null, init.mode ?? null, init.persona ?? null, init.instructions ?? null, now, now);
    return this.get(id)!;
  }

  get(id: string): ConversationMeta | undefined {
    const row = this.db.prepare(`${META_SQL} WHERE c.id = ?`).get(id) as MetaRow | undefined;
    return row ? toMeta(row) : undefined;
  }

  /** Newest first; `query` matches titles and message text. */
  list(opts: { query?: string; limit?: number; offset?: number } = {}): ConversationMeta[] {
    const limit = Math.min(opts.limit ?? 50, 500);
    const offset = opts.offset ?? 0;
    if (opts.query) {
      const like = `%${opts.query.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      return (
        this.db
          .prepare(
            `${META_SQL} WHERE c.title LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM conversation_messages m WHERE m.conversation_id = c.id AND m.content LIKE ? ESCAPE '\\')
             ORDER BY c.updated_at DESC LIMIT ? OFFSET ?`,
          )
          .all(like, like, limit, offset) as MetaRow[]
      ).map(toMeta);
    }
    return (this.db.prepare(`${META_SQL} ORDER BY c.updated_at DESC LIMIT ? OFFSET ?`).all(limit, offset) as MetaRow[]).map(toMeta);
  }

  update(id: string, patch: ConversationPatch): ConversationMeta | undefined {
    const cur = this.get(id);
    if (!cur) return undefined;
    const next = { ...cur, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    this.db
      .prepare("UPDATE conversations SET title = ?, model = ?, mode = ?, persona = ?, instructions = ?, updated_at = ? WHERE id = ?")
      .run(next.title, next.model, next.mode, next.persona, next.instructions, new Date().toISOString(), id);
    return this.get(id);
  }

  delete(id: string): boolean {
    return this.db.prepare("DELETE FROM conversations WHERE id = ?").run(id).changes > 0;
  }

  messages(id: string): StoredMessage[] {
    const rows = this.db
      .prepare("SELECT * FROM conversation_messages WHERE conversation_id = ? ORDER BY seq")
      .all(id) as { seq: number; role: StoredMessage["role"]; content: string; reasoning: string | null; tool_calls: string | null; tool_call_id: string | null; citations: string | null; meta: string | null; created_at: string }[];
    return rows.map((r) => ({
      seq: r.seq,
      role: r.role,
      content: r.content,
      reasoning: r.reasoning,
      toolCalls: r.tool_calls ? JSON.parse(r.tool_calls) : undefined,
      toolCallId: r.tool_call_id,
      citations: r.citations ? JSON.parse(r.citations) : undefined,
      meta: r.meta ? JSON.parse(r.meta) : undefined,
      createdAt: r.created_at,
    }));
  }

  /** Appends messages; the first user message names an untitled conversation. */
  append(id: string, messages: NewMessage[]): StoredMessage[] {
    const now = new Date().toISOString();
    return this.db.transaction(() => {
      const cur = this.get(id);
      if (!cur) return [];
      let seq = (this.db.prepare("SELECT COALESCE(MAX(seq), 0) AS s FROM conversation_messages WHERE conversation_id = ?").get(id) as { s: number }).s;
      const insert = this.db.prepare(
        "INSERT INTO conversation_messages (conversation_id, seq, role, content, reasoning, tool_calls, tool_call_id, citations, meta, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      );
      for (const m of messages) {
        seq += 1;
        insert.run(id, seq, m.role, m.content, m.reasoning ?? null, m.toolCalls ? JSON.stringify(m.toolCalls) : null, m.toolCallId ?? null, m.citations ? JSON.stringify(m.citations) : null, m.meta ? JSON.stringify(m.meta) : null, now);
      }
      const firstUser = messages.find((m) => m.role === "user");
      const title = cur.title || (firstUser ? firstUser.content.replace(/\s+/g, " ").trim().slice(0, 80) : "");
      this.db.prepare("UPDATE conversations SET updated_at = ?, title = ? WHERE id = ?").run(now, title, id);
      return this.messages(id).slice(-messages.length);
    })();
  }

  /** Drops messages from `fromSeq` on (edit-and-resend, regenerate). */
  truncate(id: string, fromSeq: number): number {
    return this.db.prepare("DELETE FROM conversation_messages WHERE conversation_id = ? AND seq >= ?").run(id, fromSeq).changes;
  }

  exportMarkdown(id: string): string | undefined {
    const meta = this.get(id);
    if (!meta) return undefined;
    const out = [`# ${meta.title || "Conversation"}`, "", `_${meta.createdAt}${meta.model ? ` · ${meta.model}` : ""}${meta.mode ? ` · ${meta.mode}` : ""}_`, ""];
    for (const m of this.messages(id)) {
      out.push(`## ${m.role[0]!.toUpperCase()}${m.role.slice(1)}`, "");
      if (m.reasoning) out.push("<details><summary>Thinking</summary>", "", m.reasoning, "", "</details>", "");
      out.push(m.content, "");
      if (Array.isArray(m.citations) && m.citations.length) {
        out.push("Sources:", ...m.citations.map((c: { url?: string } | string, i: number) => `${i + 1}. ${typeof c === "string" ? c : c.url}`), "");
      }
    }
    return out.join("\n");
  }
}

/**
 * Conversations, behind one small module so moving them to the server (`/v1/conversations`) changes
 * only this file. Until that API lands they live in this browser's localStorage.
 */
import type { PostView } from "./posts.js";
import type { Mode } from "./chat.js";
import { api, HttpError } from "./http.js";

export interface StoredImage {
  url: string;
  name?: string;
}

export interface ChatTurn {
  id: string;
  role: "user" | "assistant";
  content: string;
  images?: StoredImage[];
  reasoning?: string;
  reasoningMs?: number;
  reasoningTokens?: number;
  citations?: PostView[];
  model?: string;
  mode?: string;
  error?: string;
  stopped?: boolean;
}

export interface Conversation {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  persona: string;
  instructions: string;
  mode: Mode;
  model: string | null;
  /** What grounds this chat, when it was opened with "Ask about this" from Pulse. */
  grounding?: { kind: "topic" | "story"; id: string; title: string; context: string };
  turns: ChatTurn[];
}

const STORAGE_KEY = "candor.conversations.v1";

export interface ConversationStore {
  readonly kind: "server" | "browser";
  list(query?: string): Promise<Conversation[]>;
  get(id: string): Promise<Conversation | undefined>;
  /** Saves and returns the conversation; its id may change the first time the server stores it. */
  save(c: Conversation): Promise<Conversation>;
  remove(id: string): Promise<void>;
}

function readAll(): Conversation[] {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    const v = raw ? (JSON.parse(raw) as Conversation[]) : [];
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

function writeAll(all: Conversation[]): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(all));
  } catch {
    // Storage full (big pasted images): keep the newest conversations rather than losing the current one.
    const trimmed = all.slice(0, Math.max(1, Math.floor(all.length / 2)));
    localStorage.setItem(STORAGE_KEY, JSON.stringify(trimmed));
  }
}

/** Fallback for servers without `/v1/conversations`: this browser's localStorage. */
export const browserStore: ConversationStore = {
  kind: "browser",
  async list(query) {
    const q = query?.trim().toLowerCase();
    return readAll()
      .filter((c) => !q || c.title.toLowerCase().includes(q) || c.turns.some((t) => t.content.toLowerCase().includes(q)))
      .sort((a, b) => b.updatedAt - a.updatedAt);
  },
  async get(id) {
    return readAll().find((c) => c.id === id);
  },
  async save(c) {
    const all = readAll().filter((x) => x.id !== c.id);
    all.unshift(c);
    writeAll(all);
    return c;
  },
  async remove(id) {
    writeAll(readAll().filter((c) => c.id !== id));
  },
};

interface ServerMeta {
  id: string;
  title: string;
  model: string | null;
  mode: string | null;
  persona: string | null;
  instructions: string | null;
  createdAt: string;
  updatedAt: string;
}
interface ServerMessage {
  seq: number;
  role: "system" | "user" | "assistant" | "tool";
  content: string;
  reasoning?: string | null;
  citations?: unknown;
  meta?: Record<string, unknown> | null;
}

/** What the server last holds for a conversation, so a save sends only the difference. */
interface Synced {
  meta: string;
  messages: { seq: number; key: string }[];
}

const MODES: Mode[] = ["auto", "fast", "thinking"];

function metaOf(c: Conversation) {
  return { title: c.title, model: c.model, mode: c.mode, persona: c.persona || null, instructions: c.instructions || null };
}

interface WireMessage {
  role: "system" | "user" | "assistant";
  content: string;
  reasoning: string | null;
  citations?: PostView[];
  meta: Record<string, unknown>;
}

function turnToMessage(t: ChatTurn): WireMessage {
  const { id, role, content, reasoning, citations, ...rest } = t;
  return { role, content, reasoning: reasoning || null, citations: citations?.length ? citations : undefined, meta: { id, ...rest } };
}

/**
 * Conversations on the server (`/v1/conversations`): meta via PATCH, turns appended as messages; an edited or
 * regenerated turn truncates the server's messages from that point and appends the new ones. The grounding of a
 * chat opened from Pulse travels as a leading system message.
 */
export function serverStore(): ConversationStore {
  const synced = new Map<string, Synced>();
  const localToServer = new Map<string, string>();
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };

  const fromServer = (m: ServerMeta, messages: ServerMessage[]): Conversation => {
    let grounding: Conversation["grounding"];
    const turns: ChatTurn[] = [];
    for (const msg of messages) {
      const meta = (msg.meta ?? {}) as Record<string, unknown>;
      if (msg.role === "system" && meta.grounding) {
        grounding = meta.grounding as Conversation["grounding"];
        continue;
      }
      if (msg.role !== "user" && msg.role !== "assistant") continue;
      const { id, ...rest } = meta as { id?: string } & Partial<ChatTurn>;
      turns.push({
        ...rest,
        id: id ?? `turn_${msg.seq}`,
        role: msg.role,
        content: msg.content,
        reasoning: msg.reasoning ?? undefined,
        citations: Array.isArray(msg.citations) ? (msg.citations as PostView[]).map((p) => ({ ...p, createdAt: p.createdAt ? new Date(p.createdAt) : undefined })) : undefined,
      });
    }
    return {
      id: m.id,
      title: m.title || "New chat",
      createdAt: Date.parse(m.createdAt),
      updatedAt: Date.parse(m.updatedAt),
      persona: m.persona ?? "",
      instructions: m.instructions ?? "",
      mode: MODES.includes(m.mode as Mode) ? (m.mode as Mode) : "auto",
      model: m.model,
      grounding,
      turns,
    };
  };

  const wireMessages = (c: Conversation) => {
    const out: WireMessage[] = [];
    if (c.grounding) out.push({ role: "system", content: c.grounding.context, reasoning: null, meta: { id: "grounding", grounding: c.grounding } });
    for (const t of c.turns) out.push(turnToMessage(t));
    return out;
  };

  return {
    kind: "server",
    async list(query) {
      const body = await api<{ data: ServerMeta[] }>(`/v1/conversations${query?.trim() ? `?q=${encodeURIComponent(query.trim())}` : ""}`);
      return body.data.map((m) => fromServer(m, []));
    },
    async get(id) {
      const serverId = localToServer.get(id) ?? id;
      try {
        const body = await api<ServerMeta & { messages: ServerMessage[] }>(`/v1/conversations/${encodeURIComponent(serverId)}`);
        const c = fromServer(body, body.messages);
        synced.set(c.id, {
          meta: JSON.stringify(metaOf(c)),
          messages: body.messages.map((m, i) => ({ seq: m.seq, key: JSON.stringify(wireMessages(c)[i] ?? null) })),
        });
        return c;
      } catch (e) {
        if (e instanceof HttpError && e.status === 404) return undefined;
        throw e;
      }
    },
    save(c) {
      return serial(async () => {
        let id = localToServer.get(c.id) ?? c.id;
        let state = synced.get(id);
        if (!state) {
          const created = await api<ServerMeta>("/v1/conversations", { method: "POST", json: metaOf(c) });
          localToServer.set(c.id, created.id);
          id = created.id;
          state = { meta: JSON.stringify(metaOf(c)), messages: [] };
          synced.set(id, state);
        }
        const meta = JSON.stringify(metaOf(c));
        if (meta !== state.meta) {
          await api(`/v1/conversations/${id}`, { method: "PATCH", json: metaOf(c) });
          state.meta = meta;
        }
        const wanted = wireMessages(c).map((m) => ({ msg: m, key: JSON.stringify(m) }));
        let same = 0;
        while (same < wanted.length && same < state.messages.length && wanted[same]!.key === state.messages[same]!.key) same++;
        if (same < state.messages.length) {
          await api(`/v1/conversations/${id}/messages?from=${state.messages[same]!.seq}`, { method: "DELETE" });
          state.messages = state.messages.slice(0, same);
        }
        const rest = wanted.slice(same);
        if (rest.length) {
          const body = await api<{ data: ServerMessage[] }>(`/v1/conversations/${id}/messages`, { method: "POST", json: { messages: rest.map((r) => r.msg) } });
          body.data.forEach((m, i) => state!.messages.push({ seq: m.seq, key: rest[i]!.key }));
        }
        return id === c.id ? c : { ...c, id };
      });
    },
    async remove(id) {
      const serverId = localToServer.get(id) ?? id;
      await api(`/v1/conversations/${encodeURIComponent(serverId)}`, { method: "DELETE" });
      synced.delete(serverId);
    },
  };
}

let chosen: Promise<ConversationStore> | undefined;

/** The server's store when it has `/v1/conversations`, else this browser's. Decided once per page load. */
export function conversationStore(): Promise<ConversationStore> {
  chosen ??= api<unknown>("/v1/conversations?limit=1").then(
    () => serverStore(),
    (e: unknown) => (e instanceof HttpError && e.notAvailable ? browserStore : serverStore()),
  );
  return chosen;
}

export function newId(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

export function newConversation(defaults: Partial<Conversation> = {}): Conversation {
  const now = Date.now();
  return {
    id: newId("conv"),
    title: "New chat",
    createdAt: now,
    updatedAt: now,
    persona: defaultPersona(),
    instructions: "",
    mode: "auto",
    model: null,
    turns: [],
    ...defaults,
  };
}

const PERSONA_KEY = "candor.defaultPersona";
export function defaultPersona(): string {
  try {
    return localStorage.getItem(PERSONA_KEY) ?? "";
  } catch {
    return "";
  }
}
export function setDefaultPersona(p: string): void {
  localStorage.setItem(PERSONA_KEY, p);
}

export function toMarkdown(c: Conversation): string {
  const lines = [`# ${c.title}`, ""];
  if (c.persona) lines.push(`> Persona: ${c.persona}`, "");
  if (c.instructions) lines.push(`> Instructions: ${c.instructions}`, "");
  for (const t of c.turns) {
    lines.push(`## ${t.role === "user" ? "You" : `Candor${t.model ? ` (${t.model})` : ""}`}`, "");
    if (t.reasoning) lines.push("<details><summary>Thinking</summary>", "", t.reasoning, "", "</details>", "");
    lines.push(t.content, "");
    if (t.citations?.length) {
      lines.push("Sources:", "");
      t.citations.forEach((p, i) => lines.push(`${i + 1}. [${p.author}](${p.url})${p.text ? ` — ${p.text.slice(0, 140)}` : ""}`));
      lines.push("");
    }
  }
  return lines.join("\n");
}

export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

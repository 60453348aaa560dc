import { createInterface } from "node:readline";
import { stdin, stdout } from "node:process";
import { buildServer } from "../../server/app.js";
import { createServices } from "../../runtime/services.js";
import { configFromFlags, parseCommandArgs } from "../common-options.js";

export const summary = "chat in the terminal (streams, shows thinking, keeps history)";

const USAGE = `usage: candor chat [--mode fast|thinking|auto] [--model ID] [--url http://127.0.0.1:8080] [--api-key KEY] [--conversation ID] [--data DIR]

Without --url, Candor runs in this process on the same data folder. Commands inside the chat:
  /mode fast|thinking|auto   switch mode      /new   start a new conversation
  /history                   list past ones   /exit  quit (Ctrl-D too)`;

const dim = (s: string) => (stdout.isTTY ? `\x1b[2m${s}\x1b[22m` : s);
const bold = (s: string) => (stdout.isTTY ? `\x1b[1m${s}\x1b[22m` : s);

interface Msg {
  role: string;
  content: string;
  reasoning_content?: string;
}

/** Reads an SSE response body event by event. */
async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buf = "";
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(chunk, { stream: true });
    let i;
    while ((i = buf.indexOf("\n\n")) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const data = block
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trimStart())
        .join("\n");
      if (data) yield data;
    }
  }
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    { mode: { type: "string" }, model: { type: "string" }, url: { type: "string" }, "api-key": { type: "string" }, conversation: { type: "string" } },
    false,
  );
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  let mode = values.mode ?? "auto";
  if (!["fast", "thinking", "auto"].includes(mode)) throw new Error(`--mode must be fast, thinking or auto, not '${mode}'`);

  let base = values.url?.replace(/\/+$/, "");
  let shutdown = async () => {};
  if (!base) {
    const config = configFromFlags(values);
    // A private server on a random loopback port for this one session: API keys made for the shared server do not apply.
    const services = await createServices(config, { log: () => {}, areas: { knowledge: false, evaluation: false, access: false } });
    const app = await buildServer(services);
    await app.listen({ port: 0, host: "127.0.0.1" });
    const a = app.server.address();
    base = `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
    shutdown = async () => {
      await app.close();
      await services.close();
    };
  }
  const headers: Record<string, string> = { "content-type": "application/json" };
  const key = values["api-key"] ?? process.env.CANDOR_API_KEY;
  if (key) headers.authorization = `Bearer ${key}`;
  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(base + path, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      throw new Error(body.error?.message ?? `HTTP ${res.status}`);
    }
    return res;
  };

  let conversationId = values.conversation;
  let history: Msg[] = [];
  if (conversationId) {
    const conv = (await (await api(`/v1/conversations/${conversationId}`)).json()) as { messages: { role: string; content: string }[] };
    history = conv.messages.map((m) => ({ role: m.role, content: m.content }));
    console.log(dim(`resumed conversation ${conversationId} (${history.length} messages)`));
  }
  const newConversation = async () => {
    const c = (await (await api("/v1/conversations", { method: "POST", body: JSON.stringify({ mode }) })).json()) as { id: string };
    conversationId = c.id;
    history = [];
  };
  if (!conversationId) await newConversation();

  const rl = createInterface({ input: stdin, output: stdout, terminal: stdin.isTTY });
  // The iterator buffers lines, so piped input is read in order while an answer is still streaming.
  const lines = rl[Symbol.asyncIterator]();
  console.log(dim(`Candor chat · mode ${mode} · ${base} · /exit to quit`));
  try {
    for (;;) {
      stdout.write(bold("you › "));
      const next = await lines.next();
      if (next.done) break; // Ctrl-D or end of input
      const line = next.value.trim();
      if (!line) continue;
      if (line === "/exit" || line === "/quit") break;
      if (line.startsWith("/mode")) {
        const m = line.split(/\s+/)[1];
        if (m && ["fast", "thinking", "auto"].includes(m)) mode = m;
        console.log(dim(`mode: ${mode}`));
        continue;
      }
      if (line === "/new") {
        await newConversation();
        console.log(dim("new conversation"));
        continue;
      }
      if (line === "/history") {
        const list = (await (await api("/v1/conversations?limit=20")).json()) as { data: { id: string; title: string; updatedAt: string }[] };
        for (const c of list.data) console.log(dim(`${c.id}  ${c.updatedAt.slice(0, 16)}  ${c.title}`));
        continue;
      }
      history.push({ role: "user", content: line });
      const model = values.model ?? (mode === "fast" ? "candor-fast" : mode === "thinking" ? "candor-thinking" : "candor");
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once("SIGINT", onSigint);
      let content = "";
      let reasoning = "";
      let inThought = false;
      const started = Date.now();
      try {
        const res = await api("/v1/chat/completions", {
          method: "POST",
          signal: controller.signal,
          body: JSON.stringify({ model, messages: history, stream: true, candor: { conversation_id: conversationId, ...(values.model ? { mode } : {}) } }),
        });
        for await (const data of sseEvents(res.body!)) {
          if (data === "[DONE]") break;
          const chunk = JSON.parse(data) as { error?: { message: string }; choices?: { delta: { content?: string; reasoning_content?: string } }[]; citations?: string[] };
          if (chunk.error) throw new Error(chunk.error.message);
          const d = chunk.choices?.[0]?.delta;
          if (d?.reasoning_content) {
            if (!inThought) stdout.write(dim("┌ thinking\n│ "));
            inThought = true;
            reasoning += d.reasoning_content;
            stdout.write(dim(d.reasoning_content.replace(/\n/g, "\n│ ")));
          }
          if (d?.content) {
            if (inThought) {
              stdout.write(dim(`\n└ thought for ${((Date.now() - started) / 1000).toFixed(1)}s\n`));
              inThought = false;
            }
            if (!content) stdout.write(bold("candor › "));
            content += d.content;
            stdout.write(d.content);
          }
          if (chunk.citations?.length) stdout.write(dim(`\n${chunk.citations.map((u, i) => `[${i + 1}] ${u}`).join("\n")}`));
        }
        stdout.write("\n");
      } catch (err) {
        stdout.write("\n");
        if (controller.signal.aborted) console.log(dim("(stopped)"));
        else console.error(`error: ${(err as Error).message}`);
      } finally {
        process.off("SIGINT", onSigint);
      }
      history.push({ role: "assistant", content, ...(reasoning ? { reasoning_content: reasoning } : {}) });
      await api(`/v1/conversations/${conversationId}/messages`, {
        method: "POST",
        body: JSON.stringify({ messages: [{ role: "user", content: line }, { role: "assistant", content, reasoning: reasoning || null }] }),
      }).catch(() => {});
    }
  } finally {
    rl.close();
    await shutdown();
  }
  return 0;
}

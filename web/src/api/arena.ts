import { createParser } from "eventsource-parser";
import { api, listOf, num, query, request, str } from "./http.js";

export type Verdict = "a" | "b" | "tie" | "both_bad";

export interface Battle {
  id: string;
  answerA: string;
  answerB: string;
}

export interface VoteResult {
  modelA?: string;
  modelB?: string;
}

export interface LeaderboardRow {
  model: string;
  wins?: number;
  losses?: number;
  ties?: number;
  rating: number;
  ciLower: number;
  ciUpper: number;
  rank: number;
  battles: number;
}

function answerText(v: unknown): string {
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return answerText({ conversation: v });
  if (!v || typeof v !== "object") return "";
  const o = v as Record<string, unknown>;
  if (typeof o.content === "string") return o.content;
  if (typeof o.text === "string") return o.text;
  if (typeof o.answer === "string") return o.answer;
  // A stored conversation: the last assistant message is the answer.
  const conv = (o.conversation ?? o.messages) as { role: string; content: string }[] | undefined;
  if (Array.isArray(conv)) return [...conv].reverse().find((m) => m.role === "assistant")?.content ?? "";
  return "";
}

/** The battle shape differs between arena implementations (a/b objects, answers array, LMArena columns). */
export function toBattle(raw: Record<string, unknown>): Battle {
  const answers = (raw.answers ?? raw.responses ?? raw.contestants) as unknown;
  let a: unknown = raw.a ?? raw.answer_a ?? raw.response_a ?? raw.conversation_a;
  let b: unknown = raw.b ?? raw.answer_b ?? raw.response_b ?? raw.conversation_b;
  if (Array.isArray(answers)) {
    a ??= answers[0];
    b ??= answers[1];
  } else if (answers && typeof answers === "object") {
    const o = answers as Record<string, unknown>;
    a ??= o.a ?? o.A ?? o.model_a;
    b ??= o.b ?? o.B ?? o.model_b;
  }
  return { id: str(raw.id ?? raw.battle_id), answerA: answerText(a), answerB: answerText(b) };
}

/**
 * Starts a battle and streams both answers as they are generated (`stream: true`); servers that answer with the
 * finished battle as JSON work too.
 */
export async function startBattle(prompt: string, onDelta?: (side: "A" | "B", text: string) => void, signal?: AbortSignal): Promise<Battle> {
  const res = await request("/v1/arena/battles", { method: "POST", json: { prompt, stream: true }, signal, headers: { accept: "text/event-stream, application/json" } });
  if (!(res.headers.get("content-type") ?? "").includes("text/event-stream")) {
    const body = (await res.json()) as Record<string, unknown>;
    return toBattle((body.battle as Record<string, unknown>) ?? body);
  }
  let battle: Battle | undefined;
  let id = "";
  const answers = { A: "", B: "" };
  let failure: Error | undefined;
  const parser = createParser({
    onEvent(ev) {
      if (ev.data === "[DONE]") return;
      let e: Record<string, unknown>;
      try {
        e = JSON.parse(ev.data) as Record<string, unknown>;
      } catch {
        return;
      }
      if (e.error) failure = new Error((e.error as { message?: string }).message ?? "the battle failed");
      else if (e.type === "battle.created") id = str(e.id);
      else if (e.type === "answer.delta") {
        const side = e.side === "B" ? "B" : "A";
        answers[side] += str(e.content);
        onDelta?.(side, str(e.content));
      } else if (e.type === "battle.ready") battle = toBattle(e.battle as Record<string, unknown>);
    },
  });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parser.feed(value);
  }
  if (failure) throw failure;
  if (!battle && !id) throw new Error("the arena closed the stream before the battle was ready");
  return battle ?? { id, answerA: answers.A, answerB: answers.B };
}

export async function vote(id: string, verdict: Verdict): Promise<VoteResult> {
  const body = await api<Record<string, unknown>>(`/v1/arena/battles/${encodeURIComponent(id)}/vote`, {
    method: "POST",
    // The arena names the sides A and B, as LMArena's battle dumps do.
    json: { winner: verdict === "a" ? "A" : verdict === "b" ? "B" : verdict },
  });
  const b = ((body?.battle as Record<string, unknown>) ?? body ?? {}) as Record<string, unknown>;
  const models = (b.models ?? {}) as Record<string, unknown>;
  const pick = (v: unknown) => (typeof v === "string" ? v : v && typeof v === "object" ? str((v as Record<string, unknown>).model ?? (v as Record<string, unknown>).id) : undefined);
  return {
    modelA: pick(b.model_a ?? b.modelA ?? models.A ?? models.a ?? (b.a as Record<string, unknown> | undefined)?.model),
    modelB: pick(b.model_b ?? b.modelB ?? models.B ?? models.b ?? (b.b as Record<string, unknown> | undefined)?.model),
  };
}

export interface StyleCoefficientView {
  feature: string;
  coefficient: number;
}

export interface LeaderboardView {
  rows: LeaderboardRow[];
  battles?: number;
  method?: string;
  coefficients: StyleCoefficientView[];
  notes: string[];
}

export async function leaderboard(styleControl: boolean): Promise<LeaderboardView> {
  const body = await api<unknown>(`/v1/arena/leaderboard${query({ style_control: styleControl })}`);
  const o = (body && typeof body === "object" && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const sc = (o.style_control && typeof o.style_control === "object" ? o.style_control : {}) as Record<string, unknown>;
  return {
    rows: leaderboardRows(body),
    battles: o.battles !== undefined ? num(o.battles) : undefined,
    method: o.method ? str(o.method) : undefined,
    coefficients: listOf<Record<string, unknown>>(sc.coefficients ?? []).map((c) => ({ feature: str(c.feature), coefficient: num(c.coefficient) })),
    notes: listOf<unknown>(o.notes ?? []).map((n) => str(n)),
  };
}

function leaderboardRows(body: unknown): LeaderboardRow[] {
  const rows = listOf<Record<string, unknown>>(body, "leaderboard", "models", "rows").map((r, i) => {
    const rating = num(r.rating ?? r.elo ?? r.score);
    return {
      model: str(r.model ?? r.id ?? r.name),
      rating,
      ciLower: num(r.ci_lower ?? r.ciLower ?? r.lower, rating),
      ciUpper: num(r.ci_upper ?? r.ciUpper ?? r.upper, rating),
      rank: num(r.rank, i + 1),
      battles: num(r.battles ?? r.votes ?? r.num_battles ?? r.count),
      wins: r.wins !== undefined ? num(r.wins) : undefined,
      losses: r.losses !== undefined ? num(r.losses) : undefined,
      ties: r.ties !== undefined ? num(r.ties) : undefined,
    };
  });
  return rows.sort((x, y) => x.rank - y.rank || y.rating - x.rating);
}

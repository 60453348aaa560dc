import { createReadStream, createWriteStream, existsSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { once } from "node:events";
import { configFromFlags, parseCommandArgs } from "../common-options.js";
import { openDatabase } from "../../storage/database.js";
import { databasePath } from "../../runtime/services.js";
import { coreMigrations } from "../../runtime/migrations.js";
import { createModelRegistry } from "../../models/index.js";
import type { ChatMessage } from "../../models/chat-model.js";
import type { ModelRegistry } from "../../models/model-registry.js";
import { Arena } from "../../evaluation/arena/arena.js";
import { runTournament } from "../../evaluation/arena/tournament.js";
import { defaultArenaConfig, defaultRatingsConfig } from "../../evaluation/config.js";
import type { Leaderboard } from "../../evaluation/ratings/leaderboard.js";

export const summary = "blind arena: import/export battles (LMArena JSONL), leaderboard, judge-only tournaments";

const USAGE = `usage:
  candor arena import FILE.jsonl [--skip-invalid]
  candor arena export [--out FILE.jsonl]
  candor arena leaderboard [--style-control] [--format json|table] [--bootstrap N] [--seed S]
  candor arena run --prompts FILE --models a,b,c --judge MODEL [--rounds N] [--concurrency N]

import       LMArena battle-dump JSONL (model_a, model_b, winner, conversation_a/b, tstamp, ...);
             importing the same battles twice adds nothing. One invalid line refuses the file
             (the error names the line) unless --skip-invalid.
export       voted battles as JSONL in the same columns, to stdout or --out.
leaderboard  Bradley–Terry ratings with bootstrap 95% intervals (ranks from non-overlapping intervals),
             online Elo beside them; --style-control adjusts for length and markdown.
run          every pair of --models answers every prompt (per round); --judge decides each battle in both
             orders (a verdict that flips with the order is a tie). The judge may not be a contestant.
             Prompts: JSONL lines ("text", {"prompt": ...}, {"messages": [...]}, {"turns": [...]}) or plain text lines.
Every subcommand takes --data DIR and --config FILE.`;

function wholeNumber(v: string | undefined, flag: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^-?\d+$/.test(v) || n < min) throw new Error(`--${flag} must be a whole number ≥ ${min}, got '${v}'`);
  return n;
}

/** Prompts file: one prompt per line, as JSON (several shapes) or plain text. */
export function readPrompts(file: string): ChatMessage[][] {
  if (!existsSync(file)) throw new Error(`prompts file not found: ${file}`);
  const prompts: ChatMessage[][] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((raw, i) => {
      const line = raw.trim();
      if (!line) return;
      let value: unknown = line;
      if (/^[{["]/.test(line)) {
        try {
          value = JSON.parse(line);
        } catch (err) {
          throw new Error(`${file} line ${i + 1}: not valid JSON (${(err as Error).message})`);
        }
      }
      const o = value as { prompt?: unknown; messages?: unknown; turns?: unknown; question?: unknown };
      if (typeof value === "string") prompts.push([{ role: "user", content: value }]);
      else if (typeof o.prompt === "string") prompts.push([{ role: "user", content: o.prompt }]);
      else if (typeof o.question === "string") prompts.push([{ role: "user", content: o.question }]);
      else if (Array.isArray(o.turns) && typeof o.turns[0] === "string") prompts.push([{ role: "user", content: o.turns[0] }]);
      else if (Array.isArray(o.messages) && o.messages.every((m) => m && typeof m.role === "string" && typeof m.content === "string")) prompts.push(o.messages as ChatMessage[]);
      else throw new Error(`${file} line ${i + 1}: expected a string, {"prompt": "..."}, {"messages": [...]} or {"turns": ["..."]}`);
    });
  if (!prompts.length) throw new Error(`${file} holds no prompts`);
  return prompts;
}

const fmt = (x: number) => x.toFixed(1);

export function leaderboardTable(board: Leaderboard): string {
  const style = board.method === "bradley-terry-style-control";
  const head = ["Rank", "Model", style ? "Rating (style-controlled)" : "Rating", "95% CI", "Battles", "W/L/T", "Elo", ...(style ? ["Raw rating", "Raw rank"] : [])];
  const rows = board.models.map((m) => [
    String(m.rank),
    m.model,
    fmt(m.rating),
    `${fmt(m.ci_lower)} – ${fmt(m.ci_upper)}`,
    String(m.battles),
    `${m.wins}/${m.losses}/${m.ties}`,
    fmt(m.elo),
    ...(style ? [fmt(m.raw_rating!), String(m.raw_rank)] : []),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((x, c) => (c === 1 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join("  ");
  const out = [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
  out.push("", `${board.battles} battles, ${board.bootstrap_rounds} bootstrap rounds (seed ${board.seed})`);
  if (board.style_control) {
    out.push(`style coefficients (log-odds per SD, 95% CI) over ${board.style_control.battles_used} battles:`);
    for (const c of board.style_control.coefficients) out.push(`  ${c.feature.padEnd(10)} ${c.coefficient.toFixed(3)}  [${c.ci_lower.toFixed(3)}, ${c.ci_upper.toFixed(3)}]`);
  }
  for (const n of board.notes) out.push(`note: ${n}`);
  return out.join("\n");
}

export interface ArenaCommandDeps {
  /** Use these models instead of the configured ones (tests). */
  models?: ModelRegistry;
  out?: (line: string) => void;
}

export async function runArena(args: string[], deps: ArenaCommandDeps = {}): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    "skip-invalid": { type: "boolean" },
    out: { type: "string" },
    "style-control": { type: "boolean" },
    format: { type: "string" },
    bootstrap: { type: "string" },
    seed: { type: "string" },
    prompts: { type: "string" },
    models: { type: "string" },
    judge: { type: "string" },
    rounds: { type: "string" },
    concurrency: { type: "string" },
  });
  const print = deps.out ?? ((l: string) => console.log(l));
  const [sub, ...rest] = positionals;
  if (values.help || !sub) {
    print(USAGE);
    return values.help ? 0 : 2;
  }
  if (!["import", "export", "leaderboard", "run"].includes(sub)) throw new Error(`unknown subcommand '${sub}' (import, export, leaderboard, run)`);
  const config = configFromFlags(values);
  const evaluation = config.evaluation;
  const arenaConfig = evaluation.arena ?? defaultArenaConfig();
  const ratingsConfig = evaluation.ratings ?? defaultRatingsConfig();
  const models = sub === "run" ? (deps.models ?? (await createModelRegistry(config, (l) => console.error(l)))) : (deps.models ?? { list: () => [], resolve: () => [], defaultModelId: () => undefined });
  const db = openDatabase(databasePath(config), coreMigrations);
  try {
    const arena = new Arena({ db, models, arena: arenaConfig, ratings: ratingsConfig });
    if (sub === "import") {
      const file = rest[0];
      if (!file) throw new Error("arena import needs a FILE.jsonl");
      if (!existsSync(file)) throw new Error(`file not found: ${file}`);
      const lines = () => createInterface({ input: createReadStream(file), crlfDelay: Infinity });
      const r = await arena.importJsonl(lines, { skipInvalid: values["skip-invalid"] });
      print(`imported ${r.imported} battles from ${file} (${r.lines} lines, ${r.duplicates} already stored${r.skipped.length ? `, ${r.skipped.length} invalid skipped` : ""})`);
      for (const s of r.skipped.slice(0, 10)) print(`  skipped line ${s.line}: ${s.message}`);
      return 0;
    }
    if (sub === "export") {
      if (values.out) {
        const stream = createWriteStream(values.out);
        let n = 0;
        for (const line of arena.exportJsonl()) {
          if (!stream.write(line + "\n")) await once(stream, "drain");
          n++;
        }
        stream.end();
        await once(stream, "finish");
        console.error(`exported ${n} battles to ${values.out}`);
      } else {
        for (const line of arena.exportJsonl()) print(line);
      }
      return 0;
    }
    if (sub === "leaderboard") {
      const format = values.format ?? "table";
      if (format !== "json" && format !== "table") throw new Error(`--format must be json or table, got '${format}'`);
      const board = arena.leaderboard({
        styleControl: values["style-control"] ?? false,
        bootstrapRounds: wholeNumber(values.bootstrap, "bootstrap", 0),
        seed: wholeNumber(values.seed, "seed", 0),
      });
      print(format === "json" ? JSON.stringify(board, null, 2) : board.models.length ? leaderboardTable(board) : "no voted battles yet");
      return 0;
    }
    // run
    if (!values.prompts) throw new Error("arena run needs --prompts FILE");
    if (!values.models) throw new Error("arena run needs --models a,b[,c...]");
    const judge = values.judge ?? arenaConfig.judge;
    if (!judge) throw new Error("arena run needs --judge MODEL (or evaluation.arena.judge in the configuration)");
    const contestants = values.models.split(",").map((s) => s.trim()).filter(Boolean);
    const prompts = readPrompts(values.prompts);
    const abort = new AbortController();
    const onSigint = () => abort.abort(new Error("interrupted"));
    process.once("SIGINT", onSigint);
    try {
      const res = await runTournament({
        arena,
        models,
        prompts,
        contestants,
        judge,
        rounds: wholeNumber(values.rounds, "rounds", 1) ?? 1,
        concurrency: wholeNumber(values.concurrency, "concurrency", 1) ?? arenaConfig.concurrency,
        signal: abort.signal,
        onBattle: (done, total) => process.stderr.isTTY && process.stderr.write(`\r${done}/${total} battles`),
      });
      if (process.stderr.isTTY) process.stderr.write("\n");
      print(`judged ${res.battles} battles with ${judge} (${res.inconsistent} flipped with the order and count as ties)`);
      for (const f of res.failures.slice(0, 10)) print(`  failed: prompt ${f.prompt + 1}, ${f.models.join(" vs ")}: ${f.error}`);
      const board = arena.leaderboard({});
      if (board.models.length) print(leaderboardTable(board));
      return res.failures.length && !res.battles ? 1 : 0;
    } finally {
      process.off("SIGINT", onSigint);
    }
  } finally {
    db.close();
    if (sub === "run" && !deps.models) await models.dispose?.();
  }
}

export async function run(args: string[]): Promise<number> {
  return runArena(args);
}

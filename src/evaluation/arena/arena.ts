import { randomUUID } from "node:crypto";
import type { ChatMessage } from "../../models/chat-model.js";
import type { ModelRegistry } from "../../models/model-registry.js";
import type { SqliteDatabase } from "../../storage/database.js";
import { defaultArenaConfig, defaultRatingsConfig, type ArenaConfig, type RatingsConfig } from "../config.js";
import type { Outcome } from "../ratings/battle-table.js";
import { computeLeaderboard, type Leaderboard } from "../ratings/leaderboard.js";
import { OnlineElo } from "../ratings/online-elo.js";
import { createRng, type Rng } from "../ratings/random.js";
import { styleFeatures } from "../ratings/style-features.js";
import { ArenaError } from "./arena-error.js";
import { ArenaStore, pairKey } from "./arena-store.js";
import { toConversationTurns, viewOf, type BattleView, type StoredBattle, type VoterKind } from "./battle.js";
import { sampleContestants } from "./contestant-sampling.js";
import { resolveModel, streamAnswer } from "./generate-answer.js";
import { battleFromRow, parseRow, rowFromBattle, type ImportIssue } from "./lmarena-format.js";
import { mergeStreams } from "./merge-streams.js";

export interface ArenaOptions {
  db: SqliteDatabase;
  models: ModelRegistry;
  arena?: ArenaConfig;
  ratings?: RatingsConfig;
  /** Seeded in tests; contestant draws and A/B order come from it. */
  rng?: Rng;
}

export interface BattleRequest {
  /** Prompt turns; the last must be the user's. */
  messages: ChatMessage[];
  /** Contestants in A/B order; drawn by the sampler when absent. */
  models?: [string, string];
  maxTokens?: number;
  temperature?: number;
  language?: string;
  source?: "arena" | "tournament";
  signal?: AbortSignal;
}

export type BattleStreamEvent =
  | { type: "battle.created"; id: string }
  | { type: "answer.delta"; side: "A" | "B"; content: string }
  | { type: "answer.done"; side: "A" | "B" }
  | { type: "battle.ready"; battle: BattleView };

export interface LeaderboardRequest {
  styleControl?: boolean;
  bootstrapRounds?: number;
  seed?: number;
}

export interface ImportResult {
  /** Lines read (blank lines not counted) */
  lines: number;
  imported: number;
  /** Battles already stored (same fingerprint or same id) */
  duplicates: number;
  /** Invalid lines left out (only with skipInvalid) */
  skipped: ImportIssue[];
}

const IMPORT_BATCH = 5000;

/** Blind pairwise battles: two anonymous answers, a vote, then the models are revealed. */
export class Arena {
  readonly store: ArenaStore;
  private readonly models: ModelRegistry;
  private readonly arenaConfig: ArenaConfig;
  private readonly ratingsConfig: RatingsConfig;
  private readonly rng: Rng;
  private samplingCache?: { version: string; elo: Map<string, number>; battles: Map<string, number>; pairs: Map<string, number> };
  private leaderboardCache = new Map<string, { version: string; board: Leaderboard }>();

  constructor(opts: ArenaOptions) {
    this.store = new ArenaStore(opts.db);
    this.models = opts.models;
    this.arenaConfig = opts.arena ?? defaultArenaConfig();
    this.ratingsConfig = opts.ratings ?? defaultRatingsConfig();
    this.rng = opts.rng ?? createRng((Date.now() ^ (Math.random() * 2 ** 31)) >>> 0);
  }

  /** Models battles are drawn from: the configured list, else every chat model the registry serves. */
  contestants(): string[] {
    return this.arenaConfig.models ?? this.models.list().filter((m) => m.capabilities.chat).map((m) => m.id);
  }

  private samplingStats() {
    const version = this.store.version();
    if (this.samplingCache?.version !== version) {
      const table = this.store.votedTable();
      const ratings = new OnlineElo({ k: this.ratingsConfig.eloK }).fit(table);
      const elo = new Map(table.models.map((m, i) => [m, ratings[i]]));
      const pairs = this.store.pairCounts();
      const battles = new Map<string, number>();
      for (const [k, n] of pairs) for (const m of k.split("\u0000")) battles.set(m, (battles.get(m) ?? 0) + n);
      this.samplingCache = { version, elo, battles, pairs };
    }
    const c = this.samplingCache;
    return {
      rating: (m: string) => c.elo.get(m) ?? 1000,
      battles: (m: string) => c.battles.get(m) ?? 0,
      pairBattles: (a: string, b: string) => c.pairs.get(pairKey(a, b)) ?? 0,
    };
  }

  /** Two contestants from `pool` (default: contestants()), favouring close and under-sampled pairs. */
  pickContestants(pool: string[] = this.contestants()): [string, string] {
    if (new Set(pool).size < 2) {
      throw new ArenaError("invalid", `the arena needs at least two models to draw from (have ${pool.length}); set evaluation.arena.models in the configuration or pass "models": [a, b]`, "models");
    }
    return sampleContestants(pool, this.samplingStats(), this.rng);
  }

  private validate(req: BattleRequest): [string, string] {
    if (!req.messages.length) throw new ArenaError("invalid", "a battle needs a prompt: give `prompt` or a non-empty `messages`", "messages");
    const last = req.messages[req.messages.length - 1];
    if (last.role !== "user") throw new ArenaError("invalid", `the last message must be the user's turn, got role '${last.role}'`, "messages");
    if (req.models) {
      const [a, b] = req.models;
      if (a === b) throw new ArenaError("invalid", `the two contestants must be different models, got '${a}' twice`, "models");
      return [a, b];
    }
    return this.pickContestants();
  }

  /** Generates both answers concurrently, streaming them interleaved; the battle is stored once both are complete. */
  async *streamBattle(req: BattleRequest): AsyncIterable<BattleStreamEvent> {
    const [modelA, modelB] = this.validate(req);
    const candidatesA = resolveModel(this.models, modelA, "models");
    const candidatesB = resolveModel(this.models, modelB, "models");
    const id = `battle_${randomUUID().replace(/-/g, "")}`;
    const abort = new AbortController();
    const onAbort = () => abort.abort(req.signal?.reason);
    req.signal?.addEventListener("abort", onAbort, { once: true });
    const options = {
      maxTokens: req.maxTokens ?? this.arenaConfig.maxTokens,
      temperature: req.temperature ?? this.arenaConfig.temperature,
      signal: abort.signal,
    };
    const answers = ["", ""];
    try {
      yield { type: "battle.created", id };
      const sides = ["A", "B"] as const;
      for await (const { index, value } of mergeStreams([streamAnswer(candidatesA, req.messages, options), streamAnswer(candidatesB, req.messages, options)])) {
        if (value.type === "content") {
          answers[index] += value.text;
          yield { type: "answer.delta", side: sides[index], content: value.text };
        } else if (value.type === "done") {
          yield { type: "answer.done", side: sides[index] };
        }
      }
    } catch (err) {
      abort.abort(err);
      throw err;
    } finally {
      req.signal?.removeEventListener("abort", onAbort);
    }
    if (req.signal?.aborted) return;
    const prompt = toConversationTurns(req.messages);
    const battle: StoredBattle = {
      id,
      tstamp: Date.now() / 1000,
      modelA,
      modelB,
      conversationA: [...prompt, { role: "assistant", content: answers[0] }],
      conversationB: [...prompt, { role: "assistant", content: answers[1] }],
      turn: Math.max(1, prompt.filter((m) => m.role === "user").length),
      anony: !req.models,
      language: req.language ?? null,
      questionId: null,
      winner: null,
      voterKind: null,
      judge: null,
      votedAt: null,
      styleA: styleFeatures(answers[0]),
      styleB: styleFeatures(answers[1]),
      source: req.source ?? "arena",
      meta: null,
    };
    this.store.insert(battle);
    yield { type: "battle.ready", battle: viewOf(battle) };
  }

  async createBattle(req: BattleRequest): Promise<BattleView> {
    let view: BattleView | undefined;
    for await (const e of this.streamBattle(req)) if (e.type === "battle.ready") view = e.battle;
    if (!view) throw new ArenaError("unavailable", "the battle was cancelled before both answers were complete");
    return view;
  }

  getBattle(id: string): BattleView {
    const b = this.store.get(id);
    if (!b) throw new ArenaError("not_found", `no battle with id '${id}'`, "id");
    return viewOf(b);
  }

  getStoredBattle(id: string): StoredBattle | undefined {
    return this.store.get(id);
  }

  /** Records the one vote a battle gets and reveals the models. */
  vote(id: string, winner: Outcome, voter: { kind: VoterKind; judge?: string | null; meta?: Record<string, unknown> } = { kind: "human" }): BattleView {
    const result = this.store.vote(id, winner, voter.kind, voter.judge ?? null, voter.meta ?? null);
    if (result === "not_found") throw new ArenaError("not_found", `no battle with id '${id}'`, "id");
    if (result === "already_voted") throw new ArenaError("conflict", `battle '${id}' has already been voted on; a battle takes one vote`, "id");
    return this.getBattle(id);
  }

  /** Bradley–Terry leaderboard over every voted battle; cached until the battles change. */
  leaderboard(req: LeaderboardRequest = {}): Leaderboard {
    const opts = {
      styleControl: req.styleControl ?? false,
      bootstrapRounds: req.bootstrapRounds ?? this.ratingsConfig.bootstrapRounds,
      seed: req.seed ?? this.ratingsConfig.seed,
    };
    const key = JSON.stringify(opts);
    const version = this.store.version();
    const cached = this.leaderboardCache.get(key);
    if (cached?.version === version) return cached.board;
    const board = computeLeaderboard(this.store.votedTable(), {
      ...opts,
      l2: this.ratingsConfig.l2,
      eloK: this.ratingsConfig.eloK,
      anchor: this.ratingsConfig.anchor,
    });
    if (this.leaderboardCache.size > 16) this.leaderboardCache.clear();
    this.leaderboardCache.set(key, { version, board });
    return board;
  }

  /**
   * Imports LMArena-format JSONL. `lines` is called twice: a first pass validates every line, and unless
   * skipInvalid one bad line refuses the whole import (naming the line and column), so a file is never
   * half-imported by accident; the second pass inserts in batches, so memory stays flat for large dumps.
   * Battles already stored are recognised and not counted twice.
   */
  async importJsonl(lines: () => AsyncIterable<string> | Iterable<string>, opts: { skipInvalid?: boolean } = {}): Promise<ImportResult> {
    const result: ImportResult = { lines: 0, imported: 0, duplicates: 0, skipped: [] };
    const issues: ImportIssue[] = [];
    const invalidLines = new Set<number>();
    let lineNo = 0;
    for await (const raw of lines()) {
      lineNo++;
      const line = raw.trim();
      if (!line) continue;
      result.lines++;
      const parsed = parseRow(line, lineNo);
      if ("issue" in parsed) {
        issues.push(parsed.issue);
        invalidLines.add(lineNo);
      }
    }
    if (issues.length && !opts.skipInvalid) {
      const shown = issues.slice(0, 5).map((i) => `line ${i.line}: ${i.message}`).join("; ");
      throw new ArenaError("invalid", `${issues.length} invalid line${issues.length > 1 ? "s" : ""}, nothing imported (${shown}${issues.length > 5 ? "; …" : ""})`, "body");
    }
    result.skipped = issues;
    let batch: { battle: StoredBattle; importKey: string }[] = [];
    const flush = () => {
      result.imported += this.store.insertMany(batch);
      batch = [];
    };
    lineNo = 0;
    for await (const raw of lines()) {
      lineNo++;
      const line = raw.trim();
      if (!line || invalidLines.has(lineNo)) continue;
      const parsed = parseRow(line, lineNo);
      if ("issue" in parsed) continue;
      const item = battleFromRow(parsed.row, line);
      // A re-imported export of battles fought here carries their ids as question ids.
      if (item.battle.questionId && this.store.exists(item.battle.questionId)) continue;
      batch.push(item);
      if (batch.length >= IMPORT_BATCH) flush();
    }
    flush();
    result.duplicates = result.lines - issues.length - result.imported;
    return result;
  }

  /** Voted battles as LMArena-format JSONL lines, oldest first. */
  *exportJsonl(): Iterable<string> {
    for (const b of this.store.iterateVoted()) yield JSON.stringify(rowFromBattle(b));
  }
}

import type { SqliteDatabase } from "../../storage/database.js";
import { BattleTableBuilder, OUTCOME_CODE, type BattleTable, type Outcome } from "../ratings/battle-table.js";
import type { StyleFeatures } from "../ratings/style-features.js";
import type { StoredBattle, VoterKind } from "./battle.js";

interface Row {
  id: string;
  tstamp: number;
  model_a: string;
  model_b: string;
  conversation_a: string;
  conversation_b: string;
  turn: number;
  anony: number;
  language: string | null;
  question_id: string | null;
  winner: Outcome | null;
  voter_kind: VoterKind | null;
  judge: string | null;
  voted_at: number | null;
  style_a_tokens: number | null;
  style_a_headers: number | null;
  style_a_lists: number | null;
  style_a_bold: number | null;
  style_b_tokens: number | null;
  style_b_headers: number | null;
  style_b_lists: number | null;
  style_b_bold: number | null;
  source: StoredBattle["source"];
  meta: string | null;
}

function style(t: number | null, h: number | null, l: number | null, b: number | null): StyleFeatures | null {
  return t === null || h === null || l === null || b === null ? null : { tokens: t, headers: h, listItems: l, bold: b };
}

function fromRow(r: Row): StoredBattle {
  return {
    id: r.id,
    tstamp: r.tstamp,
    modelA: r.model_a,
    modelB: r.model_b,
    conversationA: JSON.parse(r.conversation_a),
    conversationB: JSON.parse(r.conversation_b),
    turn: r.turn,
    anony: r.anony === 1,
    language: r.language,
    questionId: r.question_id,
    winner: r.winner,
    voterKind: r.voter_kind,
    judge: r.judge,
    votedAt: r.voted_at,
    styleA: style(r.style_a_tokens, r.style_a_headers, r.style_a_lists, r.style_a_bold),
    styleB: style(r.style_b_tokens, r.style_b_headers, r.style_b_lists, r.style_b_bold),
    source: r.source,
    meta: r.meta ? JSON.parse(r.meta) : null,
  };
}

export type VoteResult = "recorded" | "not_found" | "already_voted";

/** The arena's battles in the shared SQLite database (table arena_battles, see ../migrations.ts). */
export class ArenaStore {
  private readonly insertStmt;
  private readonly getStmt;
  private readonly voteStmt;
  private readonly existsStmt;
  private writes = 0;

  constructor(private readonly db: SqliteDatabase) {
    this.insertStmt = db.prepare(`INSERT OR IGNORE INTO arena_battles (
        id, tstamp, model_a, model_b, conversation_a, conversation_b, turn, anony, language, question_id,
        winner, voter_kind, judge, voted_at,
        style_a_tokens, style_a_headers, style_a_lists, style_a_bold,
        style_b_tokens, style_b_headers, style_b_lists, style_b_bold, source, import_key, meta)
      VALUES (@id, @tstamp, @model_a, @model_b, @conversation_a, @conversation_b, @turn, @anony, @language, @question_id,
        @winner, @voter_kind, @judge, @voted_at,
        @style_a_tokens, @style_a_headers, @style_a_lists, @style_a_bold,
        @style_b_tokens, @style_b_headers, @style_b_lists, @style_b_bold, @source, @import_key, @meta)`);
    this.getStmt = db.prepare("SELECT * FROM arena_battles WHERE id = ?");
    this.voteStmt = db.prepare(
      `UPDATE arena_battles SET winner = @winner, voter_kind = @voter_kind, judge = @judge, voted_at = @voted_at,
         meta = CASE WHEN @meta IS NULL THEN meta ELSE json_patch(coalesce(meta, '{}'), @meta) END
       WHERE id = @id AND winner IS NULL`,
    );
    this.existsStmt = db.prepare("SELECT 1 FROM arena_battles WHERE id = ?");
  }

  /** Returns false when an identical imported battle (same import key) or the same id is already stored. */
  insert(b: StoredBattle, importKey: string | null = null): boolean {
    const info = this.insertStmt.run({
      id: b.id,
      tstamp: b.tstamp,
      model_a: b.modelA,
      model_b: b.modelB,
      conversation_a: JSON.stringify(b.conversationA),
      conversation_b: JSON.stringify(b.conversationB),
      turn: b.turn,
      anony: b.anony ? 1 : 0,
      language: b.language,
      question_id: b.questionId,
      winner: b.winner,
      voter_kind: b.voterKind,
      judge: b.judge,
      voted_at: b.votedAt,
      style_a_tokens: b.styleA?.tokens ?? null,
      style_a_headers: b.styleA?.headers ?? null,
      style_a_lists: b.styleA?.listItems ?? null,
      style_a_bold: b.styleA?.bold ?? null,
      style_b_tokens: b.styleB?.tokens ?? null,
      style_b_headers: b.styleB?.headers ?? null,
      style_b_lists: b.styleB?.listItems ?? null,
      style_b_bold: b.styleB?.bold ?? null,
      source: b.source,
      import_key: importKey,
      meta: b.meta ? JSON.stringify(b.meta) : null,
    });
    if (info.changes > 0) this.writes++;
    return info.changes > 0;
  }

  /** Inserts many in one transaction: all of them or, on an error, none. Returns how many were new. */
  insertMany(battles: { battle: StoredBattle; importKey: string | null }[]): number {
    return this.db.transaction(() => battles.reduce((n, { battle, importKey }) => n + (this.insert(battle, importKey) ? 1 : 0), 0))();
  }

  exists(id: string): boolean {
    return this.existsStmt.get(id) !== undefined;
  }

  get(id: string): StoredBattle | undefined {
    const row = this.getStmt.get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Records a vote once; a second vote on the same battle is refused, never overwrites the first. */
  vote(id: string, winner: Outcome, voterKind: VoterKind, judge: string | null, meta: Record<string, unknown> | null = null): VoteResult {
    const info = this.voteStmt.run({ id, winner, voter_kind: voterKind, judge, voted_at: Date.now() / 1000, meta: meta ? JSON.stringify(meta) : null });
    if (info.changes > 0) {
      this.writes++;
      return "recorded";
    }
    return this.exists(id) ? "already_voted" : "not_found";
  }

  /** Battles per unordered pair (voted or not), keyed by pairKey. */
  pairCounts(): Map<string, number> {
    const rows = this.db.prepare("SELECT model_a, model_b, count(*) AS n FROM arena_battles GROUP BY model_a, model_b").all() as { model_a: string; model_b: string; n: number }[];
    const out = new Map<string, number>();
    for (const r of rows) {
      const k = pairKey(r.model_a, r.model_b);
      out.set(k, (out.get(k) ?? 0) + r.n);
    }
    return out;
  }

  /** Voted battles in time order, as the rating code wants them. */
  votedTable(): BattleTable {
    const builder = new BattleTableBuilder();
    const stmt = this.db
      .prepare(
        `SELECT model_a, model_b, winner, style_a_tokens, style_a_headers, style_a_lists, style_a_bold,
           style_b_tokens, style_b_headers, style_b_lists, style_b_bold
         FROM arena_battles WHERE winner IS NOT NULL ORDER BY tstamp, rowid`,
      )
      .raw();
    const sa = [0, 0, 0, 0];
    const sb = [0, 0, 0, 0];
    for (const r of stmt.iterate() as Iterable<unknown[]>) {
      const a = builder.modelIndex(r[0] as string);
      const b = builder.modelIndex(r[1] as string);
      if (a === b) continue;
      let hasStyle = true;
      for (let k = 0; k < 4; k++) {
        const x = r[3 + k] as number | null;
        const y = r[7 + k] as number | null;
        if (x === null || y === null) hasStyle = false;
        sa[k] = x ?? 0;
        sb[k] = y ?? 0;
      }
      builder.addIndexed(a, b, OUTCOME_CODE[r[2] as Outcome], hasStyle ? sa : null, hasStyle ? sb : null);
    }
    return builder.build();
  }

  *iterateVoted(): Iterable<StoredBattle> {
    for (const row of this.db.prepare("SELECT * FROM arena_battles WHERE winner IS NOT NULL ORDER BY tstamp, rowid").iterate() as Iterable<Row>) yield fromRow(row);
  }

  /** Changes whenever this process or another connection (e.g. `candor arena import`) writes battles. */
  version(): string {
    return `${this.writes}:${this.db.pragma("data_version", { simple: true })}`;
  }
}

export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

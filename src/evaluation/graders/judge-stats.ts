/**
 * Stores every pairwise judgement and reports, per judge, how often its verdict flips with the order of the
 * answers (position bias), how often it picks whichever answer is shown first, and — when exactly one
 * contestant is from the judge's own model family — how often it prefers that one (self-preference).
 */
import type { SqliteDatabase } from "../../storage/database.js";
import type { JudgementRecorder, PairwiseItem, PairwiseJudgement } from "./grader.js";

export class SqliteJudgementRecorder implements JudgementRecorder {
  constructor(private readonly db: SqliteDatabase) {}

  recordPairwise(entry: { rubric: string; item: PairwiseItem; judgement: PairwiseJudgement; judgeFamily: string; familyA?: string; familyB?: string }): void {
    const j = entry.judgement;
    const aFirst = j.orders.find((o) => o.shownFirst === "a")!;
    const bFirst = j.orders.find((o) => o.shownFirst === "b")!;
    this.db
      .prepare(
        `INSERT INTO judge_verdicts (rubric, item_id, judge, judge_family, model_a, model_b, family_a, family_b, a_first_winner, b_first_winner, verdict, position_flip)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        entry.rubric,
        entry.item.id ?? null,
        j.judge,
        entry.judgeFamily,
        entry.item.a.model ?? null,
        entry.item.b.model ?? null,
        entry.familyA ?? null,
        entry.familyB ?? null,
        aFirst.winner,
        bFirst.winner,
        j.verdict,
        j.positionFlip ? 1 : 0,
      );
  }
}

export interface JudgeBiasReport {
  judge: string;
  family: string;
  pairwise: number;
  positionFlips: number;
  /** Share of pairwise judgements whose two orders disagreed. */
  positionFlipRate: number;
  /** Among single-order verdicts that picked a winner, the share that picked the answer shown first (0.5 = unbiased). */
  firstPositionRate: number | null;
  /** Judgements where exactly one contestant shares the judge's family. */
  selfPreferenceComparisons: number;
  /** Among those with a decisive verdict, the share won by the judge's own family (0.5 = unbiased); null when not measurable. */
  selfPreferenceRate: number | null;
}

interface Row {
  judge: string;
  judge_family: string;
  family_a: string | null;
  family_b: string | null;
  a_first_winner: string;
  b_first_winner: string;
  verdict: string;
  position_flip: number;
}

export function judgeBiasReport(db: SqliteDatabase, filter: { judge?: string; rubric?: string } = {}): JudgeBiasReport[] {
  const where: string[] = [];
  const args: string[] = [];
  if (filter.judge) (where.push("judge = ?"), args.push(filter.judge));
  if (filter.rubric) (where.push("rubric = ?"), args.push(filter.rubric));
  const rows = db
    .prepare(`SELECT judge, judge_family, family_a, family_b, a_first_winner, b_first_winner, verdict, position_flip FROM judge_verdicts ${where.length ? `WHERE ${where.join(" AND ")}` : ""}`)
    .all(...args) as Row[];
  const byJudge = new Map<string, Row[]>();
  for (const r of rows) byJudge.set(r.judge, [...(byJudge.get(r.judge) ?? []), r]);
  return [...byJudge].map(([judge, rs]) => {
    let decisiveOrders = 0;
    let firstPicks = 0;
    for (const r of rs) {
      // In the A-first order the first shown is a; in the B-first order it is b.
      if (r.a_first_winner === "a" || r.a_first_winner === "b") (decisiveOrders++, r.a_first_winner === "a" && firstPicks++);
      if (r.b_first_winner === "a" || r.b_first_winner === "b") (decisiveOrders++, r.b_first_winner === "b" && firstPicks++);
    }
    let selfComparisons = 0;
    let selfDecisive = 0;
    let selfWins = 0;
    for (const r of rs) {
      const ownA = r.family_a === r.judge_family;
      const ownB = r.family_b === r.judge_family;
      if (ownA === ownB || r.family_a === null || r.family_b === null) continue;
      selfComparisons++;
      if (r.verdict !== "a" && r.verdict !== "b") continue;
      selfDecisive++;
      if ((r.verdict === "a" && ownA) || (r.verdict === "b" && ownB)) selfWins++;
    }
    const flips = rs.filter((r) => r.position_flip).length;
    return {
      judge,
      family: rs[0]!.judge_family,
      pairwise: rs.length,
      positionFlips: flips,
      positionFlipRate: flips / rs.length,
      firstPositionRate: decisiveOrders ? firstPicks / decisiveOrders : null,
      selfPreferenceComparisons: selfComparisons,
      selfPreferenceRate: selfDecisive ? selfWins / selfDecisive : null,
    };
  });
}

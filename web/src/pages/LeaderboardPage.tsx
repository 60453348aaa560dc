import { useEffect, useState } from "react";
import { leaderboard, type LeaderboardRow, type LeaderboardView } from "../api/arena.js";
import { ErrorState } from "../components/Status.js";

/** The 95% interval as an error bar on one shared scale, so overlapping intervals are visible at a glance. */
function ErrorBar({ row, min, max }: { row: LeaderboardRow; min: number; max: number }) {
  const w = 220;
  const x = (v: number) => ((v - min) / (max - min || 1)) * (w - 12) + 6;
  return (
    <svg width={w} height={18} role="img" aria-label={`95% interval ${row.ciLower.toFixed(0)} to ${row.ciUpper.toFixed(0)}`} className="errorbar">
      <line x1={x(row.ciLower)} x2={x(row.ciUpper)} y1={9} y2={9} />
      <line x1={x(row.ciLower)} x2={x(row.ciLower)} y1={4} y2={14} />
      <line x1={x(row.ciUpper)} x2={x(row.ciUpper)} y1={4} y2={14} />
      <circle cx={x(row.rating)} cy={9} r={4} />
    </svg>
  );
}

export function LeaderboardPage() {
  const [style, setStyle] = useState(false);
  const [board, setBoard] = useState<LeaderboardView | null>(null);
  const rows = board?.rows ?? null;
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let cancelled = false;
    leaderboard(style)
      .then((b) => { if (!cancelled) { setBoard(b); setError(null); } })
      .catch((e) => { if (!cancelled) setError(e); });
    return () => { cancelled = true; };
  }, [style]);
  const min = rows?.length ? Math.min(...rows.map((r) => r.ciLower)) : 0;
  const max = rows?.length ? Math.max(...rows.map((r) => r.ciUpper)) : 1;
  return (
    <div className="page leaderboard">
      <header className="page-head">
        <h1>Leaderboard</h1>
        <label className="toggle">
          <input type="checkbox" checked={style} onChange={(e) => setStyle(e.target.checked)} /> Style control
        </label>
      </header>
      <p className="muted">Bradley–Terry ratings from {board?.battles !== undefined ? `${board.battles} arena vote${board.battles === 1 ? "" : "s"}` : "arena votes"} with bootstrap 95% intervals{style ? ", controlling for answer length and markdown" : ""}.</p>
      {error ? (
        <ErrorState error={error} area="The leaderboard" />
      ) : rows === null ? (
        <p className="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="muted">No votes yet. Judge a battle in the Arena.</p>
      ) : (
        <div className="table-wrap">
          <table className="lb-table">
            <thead>
              <tr><th scope="col">Rank</th><th scope="col">Model</th><th scope="col">Rating</th><th scope="col">95% interval</th><th scope="col">Votes</th><th scope="col">W / L / T</th></tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.model} data-testid="lb-row">
                  <td>{r.rank}</td>
                  <td className="model">{r.model}</td>
                  <td className="num">{r.rating.toFixed(0)}</td>
                  <td><ErrorBar row={r} min={min} max={max} /> <span className="muted small">+{Math.max(0, Math.round(r.ciUpper - r.rating))}/−{Math.max(0, Math.round(r.rating - r.ciLower))}</span></td>
                  <td className="num" data-testid="lb-votes">{r.battles}</td>
                  <td className="num small">{r.wins !== undefined ? `${r.wins} / ${r.losses ?? 0} / ${r.ties ?? 0}` : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {board && board.coefficients.length > 0 && (
            <p className="muted small" data-testid="style-coefficients">
              Style coefficients (log-odds per standard deviation): {board.coefficients.map((c) => `${c.feature} ${c.coefficient >= 0 ? "+" : ""}${c.coefficient.toFixed(2)}`).join(", ")}
            </p>
          )}
          {board?.notes.map((n, i) => <p key={i} className="muted small">{n}</p>)}
        </div>
      )}
    </div>
  );
}

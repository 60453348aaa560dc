import { useState } from "react";
import { startBattle, vote, type Battle, type Verdict, type VoteResult } from "../api/arena.js";
import { Markdown } from "../components/Markdown.js";
import { ErrorState } from "../components/Status.js";
import { linkHandler } from "../router.js";

const VERDICTS: { id: Verdict; label: string }[] = [
  { id: "a", label: "A is better" },
  { id: "b", label: "B is better" },
  { id: "tie", label: "Tie" },
  { id: "both_bad", label: "Both are bad" },
];

export function ArenaPage() {
  const [prompt, setPrompt] = useState("");
  const [battle, setBattle] = useState<Battle | null>(null);
  const [result, setResult] = useState<(VoteResult & { verdict: Verdict }) | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const start = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!prompt.trim() || busy) return;
    setBusy(true);
    setBattle(null);
    setResult(null);
    setError(null);
    // Both answers stream in side by side while they are generated.
    const live = { id: "", answerA: "", answerB: "" };
    try {
      const done = await startBattle(prompt.trim(), (side, text) => {
        if (side === "A") live.answerA += text;
        else live.answerB += text;
        setBattle({ ...live });
      });
      setBattle(done);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const cast = async (v: Verdict) => {
    if (!battle || busy) return;
    setBusy(true);
    try {
      setResult({ ...(await vote(battle.id, v)), verdict: v });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page arena">
      <header className="page-head">
        <h1>Arena</h1>
        <p className="muted">Two anonymous models answer; you judge. Names are revealed after your vote.</p>
      </header>
      <form className="arena-form" onSubmit={start}>
        <label htmlFor="arena-prompt">Prompt</label>
        <textarea id="arena-prompt" rows={3} value={prompt} onChange={(e) => setPrompt(e.target.value)} placeholder="Ask something both models will answer"
          onKeyDown={(e) => { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); e.currentTarget.form?.requestSubmit(); } }} />
        <button className="btn primary" disabled={busy || !prompt.trim()}>{busy && !battle?.id ? "Both models are answering…" : "Start battle"}</button>
      </form>
      {error ? <ErrorState error={error} area="The arena" /> : null}
      {battle && (!battle.id ? <p className="muted" role="status">Both models are answering…</p> : null)}
      {battle && (
        <>
          <div className="battle">
            {(["a", "b"] as const).map((side) => (
              <section key={side} className={`contestant${result?.verdict === side ? " winner" : ""}`} aria-label={`Answer ${side.toUpperCase()}`} data-testid={`answer-${side}`}>
                <h2>
                  Model {side.toUpperCase()}
                  {result && <span className="reveal" data-testid={`reveal-${side}`}> — {(side === "a" ? result.modelA : result.modelB) ?? "unknown"}</span>}
                </h2>
                <Markdown text={side === "a" ? battle.answerA : battle.answerB} />
              </section>
            ))}
          </div>
          {!battle.id ? null : result ? (
            <p className="state ok" role="status">
              Thanks — your vote is counted. <a href="/leaderboard" onClick={linkHandler("/leaderboard")}>See the leaderboard</a>
            </p>
          ) : (
            <div className="vote-row" role="group" aria-label="Your vote">
              {VERDICTS.map((v) => <button key={v.id} className="btn" disabled={busy} onClick={() => void cast(v.id)}>{v.label}</button>)}
            </div>
          )}
        </>
      )}
    </div>
  );
}

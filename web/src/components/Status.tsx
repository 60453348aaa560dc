import { HttpError } from "../api/http.js";
import { linkHandler } from "../router.js";

/** What a page shows when its API is not there yet, needs a key, or failed. */
export function ErrorState({ error, area }: { error: unknown; area: string }) {
  if (error instanceof HttpError && error.notAvailable) {
    return (
      <div className="state not-available" role="status" data-testid="not-available">
        <strong>{area} is not available on this server yet.</strong>
        <p className="muted">
          The API answered {error.status}: {error.message}
        </p>
      </div>
    );
  }
  if (error instanceof HttpError && error.needsKey) {
    return (
      <div className="state needs-key" role="alert">
        <strong>This server needs an API key{error.status === 403 ? " with more scopes" : ""}.</strong>
        <p>
          {error.message}.{" "}
          <a href="/settings" onClick={linkHandler("/settings")}>
            Enter a key in Settings
          </a>
          .
        </p>
      </div>
    );
  }
  return (
    <div className="state error" role="alert">
      <strong>Something went wrong.</strong>
      <p>{(error as Error)?.message ?? String(error)}</p>
    </div>
  );
}

export function Sentiment({ value }: { value?: number }) {
  if (value === undefined || !Number.isFinite(value)) return <span className="sentiment muted">unscored</span>;
  const cls = value > 0.05 ? "pos" : value < -0.05 ? "neg" : "neu";
  const word = cls === "pos" ? "positive" : cls === "neg" ? "negative" : "neutral";
  return (
    <span className={`sentiment ${cls}`} title={`mean sentiment ${value.toFixed(2)}`}>
      {word} {value > 0 ? "+" : ""}
      {value.toFixed(2)}
    </span>
  );
}

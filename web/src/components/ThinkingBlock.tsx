import { useEffect, useState } from "react";

export interface ThinkingBlockProps {
  text: string;
  /** Still thinking: the answer has not started. */
  live: boolean;
  ms?: number;
  tokens?: number;
}

/** Open while the model thinks, folded away once the answer starts; the user can reopen it at any time. */
export function ThinkingBlock({ text, live, ms, tokens }: ThinkingBlockProps) {
  const [open, setOpen] = useState(live);
  useEffect(() => setOpen(live), [live]);
  const secs = ms !== undefined ? (ms / 1000).toFixed(1) : undefined;
  const label = live ? "Thinking…" : "Thought";
  return (
    <details className={`thinking${live ? " live" : ""}`} open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>
        <span className="thinking-label">{label}</span>
        {secs !== undefined && <span className="thinking-meta"> for {secs}s</span>}
        {tokens !== undefined && <span className="thinking-meta"> · {tokens} tokens</span>}
      </summary>
      <div className="thinking-text">{text}</div>
    </details>
  );
}

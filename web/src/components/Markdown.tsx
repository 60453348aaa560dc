import { lazy, Suspense } from "react";

// The renderer (remark/rehype, highlight.js) is the heaviest part of the app: it loads on first use, not with the shell.
const MarkdownView = lazy(() => import("./MarkdownView.js"));

export interface MarkdownProps {
  text: string;
  /** Number of citations; `[n]` within range become chips linking to post card n. */
  citations?: number;
  citeIdPrefix?: string;
}

export function Markdown(props: MarkdownProps) {
  return (
    <Suspense fallback={<div className="md md-plain">{props.text}</div>}>
      <MarkdownView {...props} />
    </Suspense>
  );
}

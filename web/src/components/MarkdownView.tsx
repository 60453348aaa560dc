import { useEffect, useState } from "react";
import ReactMarkdown, { type Components, type Options } from "react-markdown";
import remarkGfm from "remark-gfm";
import rehypeHighlight from "rehype-highlight";
type PluggableList = NonNullable<Options["remarkPlugins"]>;
import type { MarkdownProps } from "./Markdown.js";
import { linkCitations } from "./citations.js";

type MathPlugins = { remark: PluggableList; rehype: PluggableList };
let mathPlugins: MathPlugins | undefined;
let mathLoading: Promise<MathPlugins> | undefined;

// KaTeX (fonts, CSS, ~80 kB gzipped) is fetched only when an answer actually contains maths.
function loadMath(): Promise<MathPlugins> {
  mathLoading ??= Promise.all([import("remark-math"), import("rehype-katex"), import("katex/dist/katex.min.css")]).then(([rm, rk]) => {
    mathPlugins = { remark: [rm.default], rehype: [rk.default] };
    return mathPlugins;
  });
  return mathLoading;
}

const MATH_RE = /\$\$[\s\S]+?\$\$|\\\(|\\\[|(^|[^\\$\w])\$[^\s$][^$\n]*?[^\s\\$]\$(?!\w)/;

export default function MarkdownView({ text, citations = 0, citeIdPrefix = "cite" }: MarkdownProps) {
  const wantsMath = MATH_RE.test(text);
  const [math, setMath] = useState<MathPlugins | undefined>(mathPlugins);
  useEffect(() => {
    if (wantsMath && !math) void loadMath().then(setMath);
  }, [wantsMath, math]);

  const components: Components = {
    a({ href, children, ...rest }) {
      const m = href?.match(/^#cite-(\d+)$/);
      if (m) {
        return (
          <a className="cite-chip" href={`#${citeIdPrefix}-${m[1]}`} aria-label={`source ${m[1]}`}>
            {m[1]}
          </a>
        );
      }
      return (
        <a href={href} target="_blank" rel="noopener noreferrer" {...rest}>
          {children}
        </a>
      );
    },
  };

  return (
    <div className="md">
      <ReactMarkdown
        remarkPlugins={[remarkGfm, ...(wantsMath && math ? math.remark : [])]}
        rehypePlugins={[[rehypeHighlight, { detect: false, ignoreMissing: true }], ...(wantsMath && math ? math.rehype : [])]}
        components={components}
      >
        {linkCitations(text, citations)}
      </ReactMarkdown>
    </div>
  );
}

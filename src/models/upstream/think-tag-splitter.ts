/**
 * Splits `<think>…</think>` out of streamed content, so models served without a reasoning parser look the same
 * to clients as those that send `reasoning_content`. Tags may arrive split across any chunk boundary
 * (`<th` + `ink>`), so a possible partial tag at the end of a chunk is held back until the next one decides it.
 */
export interface SplitPiece {
  kind: "reasoning" | "content";
  text: string;
}

const OPEN = "<think>";
const CLOSE = "</think>";

export class ThinkTagSplitter {
  private inThink = false;
  private pending = "";
  /** Right after a tag the template's newlines are layout, not text the client should see. */
  private trimLeading = false;

  /** Feeds one chunk of content; returns the pieces that are certain now. */
  push(chunk: string): SplitPiece[] {
    let text = this.pending + chunk;
    this.pending = "";
    const out: SplitPiece[] = [];
    for (;;) {
      const tag = this.inThink ? CLOSE : OPEN;
      const at = text.indexOf(tag);
      if (at >= 0) {
        this.emit(out, text.slice(0, at));
        text = text.slice(at + tag.length);
        this.inThink = !this.inThink;
        this.trimLeading = true;
        continue;
      }
      const keep = partialTagSuffix(text, tag);
      this.emit(out, text.slice(0, text.length - keep));
      this.pending = text.slice(text.length - keep);
      return out;
    }
  }

  /** End of stream: a held-back partial tag was text after all. */
  flush(): SplitPiece[] {
    const out: SplitPiece[] = [];
    this.emit(out, this.pending);
    this.pending = "";
    return out;
  }

  private emit(out: SplitPiece[], text: string): void {
    if (this.trimLeading) {
      text = text.replace(/^\s+/, "");
      if (!text) return;
      this.trimLeading = false;
    }
    if (!text) return;
    const kind = this.inThink ? "reasoning" : "content";
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += text;
    else out.push({ kind, text });
  }
}

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialTagSuffix(text: string, tag: string): number {
  const lt = text.lastIndexOf("<");
  if (lt < 0 || text.length - lt >= tag.length) return 0;
  return tag.startsWith(text.slice(lt)) ? text.length - lt : 0;
}

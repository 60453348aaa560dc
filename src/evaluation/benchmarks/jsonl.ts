import { readFileSync } from "node:fs";

/** Reads a JSONL file; a bad line is an error naming the file and line, never skipped silently. */
export function readJsonl(file: string): { line: number; value: unknown }[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : (err as Error).message}`);
  }
  const out: { line: number; value: unknown }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    try {
      out.push({ line: i + 1, value: JSON.parse(raw) });
    } catch (err) {
      throw new Error(`${file}:${i + 1}: not valid JSON (${(err as Error).message})`);
    }
  });
  return out;
}

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Where a source keeps its resume point (and any small state it needs to restart without losing or doubling posts).
 * Keys are source names (plus a suffix for auxiliary state); values are opaque strings owned by the source.
 * Synchronous on purpose: the SQLite implementation is synchronous, and a source must know its cursor before it connects.
 */
export interface CursorStore {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

export class MemoryCursorStore implements CursorStore {
  private readonly values = new Map<string, string>();

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  set(name: string, value: string): void {
    this.values.set(name, value);
  }
}

/** One JSON object per file, for the CLI and tests. Written to a temp file and renamed so a crash mid-write never corrupts it. */
export class JsonFileCursorStore implements CursorStore {
  private values: Record<string, string>;

  constructor(readonly file: string) {
    this.values = {};
    if (existsSync(file)) {
      const text = readFileSync(file, "utf8");
      if (text.trim()) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (err) {
          throw new Error(`cursor file ${file} is not valid JSON: ${(err as Error).message}`);
        }
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error(`cursor file ${file} must hold a JSON object`);
        for (const [k, v] of Object.entries(parsed)) if (typeof v === "string") this.values[k] = v;
      }
    }
  }

  get(name: string): string | undefined {
    return this.values[name];
  }

  set(name: string, value: string): void {
    if (this.values[name] === value) return;
    this.values[name] = value;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.values, null, 1));
    renameSync(tmp, this.file);
  }
}

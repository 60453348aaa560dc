/**
 * `npm run bench [-- name ...]`: runs every bench/*.bench.ts (or the named ones) in this process and prints
 * each one's Markdown table. `--write` also stores the tables in bench/results/<name>.md for the README.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface BenchResult {
  title: string;
  table: string;
  notes?: string[];
}

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const write = args.includes("--write");
const wanted = args.filter((a) => !a.startsWith("--"));
const all = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .map((f) => f.replace(/\.bench\.ts$/, ""))
  .sort();
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; available: ${all.join(", ")}`);
  process.exit(2);
}
const names = wanted.length ? wanted : all;
let failed = 0;
for (const name of names) {
  const started = Date.now();
  console.log(`\n## ${name}\n`);
  try {
    const mod = (await import(`./${name}.bench.ts`)) as { default: () => Promise<BenchResult> };
    const r = await mod.default();
    const text = [`### ${r.title}`, "", r.table, "", ...(r.notes ?? []).map((n) => `- ${n}`)].join("\n");
    console.log(text);
    console.log(`\n(${((Date.now() - started) / 1000).toFixed(1)} s)`);
    if (write) {
      mkdirSync(join(here, "results"), { recursive: true });
      writeFileSync(join(here, "results", `${name}.md`), `${text}\n`);
    }
  } catch (err) {
    failed++;
    console.error(`benchmark ${name} failed: ${(err as Error).stack ?? err}`);
  }
}
process.exit(failed ? 1 : 0);

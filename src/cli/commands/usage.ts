import { configFromFlags, parseCommandArgs } from "../common-options.js";
import { openDatabase } from "../../storage/database.js";
import { databasePath } from "../../runtime/services.js";
import { coreMigrations } from "../../runtime/migrations.js";
import { UsageStore, parseTime, type UsageGroupBy } from "../../access/index.js";

export const summary = "summarise recorded usage: requests, tokens and latency per key, model or provider";

const USAGE = `usage: candor usage [--from TIME] [--to TIME] [--group-by key|model|provider] [--json] [--data DIR]

TIME is an ISO 8601 date/time (2025-01-31, 2025-01-31T12:00:00Z) or Unix seconds.
Default range: the last 30 days. Default grouping: key.`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { from: { type: "string" }, to: { type: "string" }, "group-by": { type: "string" }, json: { type: "boolean" } }, false);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const groupBy = (values["group-by"] ?? "key") as UsageGroupBy;
  if (!["key", "model", "provider"].includes(groupBy)) throw new Error(`--group-by must be key, model or provider, got '${groupBy}'`);
  const to = values.to ? parseTime(values.to, "--to") : Date.now() + 1;
  const from = values.from ? parseTime(values.from, "--from") : to - 30 * 86_400_000;
  if (from >= to) throw new Error("--from must be before --to");
  const config = configFromFlags(values);
  const db = openDatabase(databasePath(config), coreMigrations);
  try {
    const rows = new UsageStore(db).summarize({ from, to, groupBy });
    if (values.json) {
      console.log(JSON.stringify({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), groupBy, rows }, null, 2));
      return 0;
    }
    console.log(`usage ${new Date(from).toISOString()} .. ${new Date(to).toISOString()}, by ${groupBy}`);
    if (!rows.length) {
      console.log("no requests recorded in this range");
      return 0;
    }
    const table = [[groupBy.toUpperCase(), "REQUESTS", "ERRORS", "PROMPT", "COMPLETION", "REASONING", "CACHED", "TOTAL", "AVG MS", "MAX MS"]];
    for (const r of rows) {
      const label = r.group === null ? "(no key)" : groupBy === "key" && r.name ? `${r.group} ${r.name}` : r.group;
      table.push([label, r.requests, r.errors, r.promptTokens, r.completionTokens, r.reasoningTokens, r.cachedTokens, r.totalTokens, r.avgLatencyMs, r.maxLatencyMs].map(String));
    }
    const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
    for (const r of table) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd());
    return 0;
  } finally {
    db.close();
  }
}

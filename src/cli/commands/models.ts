import { configFromFlags, parseCommandArgs } from "../common-options.js";
import { DEFAULT_MODEL_REF, describeModel, formatBytes, ggufFilesIn, pullModel, type PullProgress } from "../../models/catalog/model-catalog.js";

export const summary = "list installed GGUF models, or pull one (resumable, checksum-verified)";

const USAGE = `usage:
  candor models list [--json] [--data DIR] [--models DIR]
  candor models pull [REF] [--data DIR] [--models DIR] [--hf-endpoint URL]

REF is hf:OWNER/REPO/FILE.gguf or an https URL to a .gguf (default ${DEFAULT_MODEL_REF}).
HF_TOKEN is sent for gated repositories; HF_ENDPOINT (or --hf-endpoint) points at a mirror.`;

function progressBar(name: string, p: PullProgress): string {
  const width = 30;
  const frac = p.total ? Math.min(1, p.received / p.total) : 0;
  const bar = p.total ? "█".repeat(Math.round(frac * width)).padEnd(width, "░") : "…".padEnd(width);
  const eta = p.total && p.bytesPerSecond > 0 ? `ETA ${Math.ceil((p.total - p.received) / p.bytesPerSecond)}s` : "";
  return `${name} ${bar} ${p.total ? `${(frac * 100).toFixed(1)}%` : ""} ${formatBytes(p.received)}${p.total ? ` / ${formatBytes(p.total)}` : ""} ${formatBytes(p.bytesPerSecond)}/s ${eta}`;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { models: { type: "string" }, json: { type: "boolean" }, "hf-endpoint": { type: "string" } });
  const [sub = "list", ref] = positionals;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = configFromFlags(values, values.models ? { models: { dir: values.models } } : {});
  const dir = config.models.dir!;
  if (sub === "list") {
    const files = [...ggufFilesIn(dir), ...config.models.files];
    const models = await Promise.all(files.map(describeModel));
    if (values.json) {
      console.log(JSON.stringify(models, null, 2));
      return 0;
    }
    if (!models.length) {
      console.log(`no models installed in ${dir}\nrun \`npx candor models pull\` (default ${DEFAULT_MODEL_REF}) or copy a .gguf file there`);
      return 0;
    }
    const rows = [["MODEL", "SIZE", "ARCH", "CONTEXT", "QUANT", "PARAMS"]];
    for (const m of models) rows.push([m.id, formatBytes(m.sizeBytes), m.architecture ?? (m.error ? "unreadable" : "?"), m.contextLength?.toString() ?? "?", m.quantisation ?? "?", m.parameters ?? ""]);
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd());
    for (const m of models) if (m.error) console.log(`warning: ${m.file}: ${m.error}`);
    return 0;
  }
  if (sub === "pull") {
    const target = ref ?? DEFAULT_MODEL_REF;
    const name = target.split("/").pop()!;
    const tty = process.stderr.isTTY;
    let lastLine = 0;
    const controller = new AbortController();
    process.once("SIGINT", () => controller.abort());
    try {
      const result = await pullModel(target, {
        dir,
        hfEndpoint: values["hf-endpoint"] ?? process.env.HF_ENDPOINT,
        token: process.env.HF_TOKEN,
        signal: controller.signal,
        onProgress: (p) => {
          if (tty) process.stderr.write(`\r${progressBar(name, p)}\x1b[K`);
          else if (Date.now() - lastLine > 5000) {
            lastLine = Date.now();
            process.stderr.write(`${progressBar(name, p)}\n`);
          }
        },
      });
      if (tty) process.stderr.write("\n");
      console.log(`${result.resumedFrom ? `resumed at ${formatBytes(result.resumedFrom)}; ` : ""}saved ${result.file} (${formatBytes(result.sizeBytes)})`);
      console.log(result.verified ? `sha256 verified: ${result.sha256}` : `sha256: ${result.sha256} (the source published no checksum to verify against)`);
      return 0;
    } catch (err) {
      if (tty) process.stderr.write("\n");
      if (controller.signal.aborted) {
        console.error("interrupted: run the same command again to resume");
        return 130;
      }
      throw err;
    }
  }
  console.error(USAGE);
  return 2;
}

/**
 * The `candor` command. Each subcommand lives in `commands/<name>.ts` and exports
 * `run(args: string[]): Promise<number | void>` and a one-line `summary`.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));

interface CommandModule {
  run(args: string[]): Promise<number | void>;
  summary: string;
}

function commandNames(): string[] {
  return readdirSync(join(here, "commands"))
    .filter((f) => /\.ts$/.test(f) && !f.startsWith("_"))
    .map((f) => f.replace(/\.ts$/, ""))
    .sort();
}

async function load(name: string): Promise<CommandModule> {
  return (await import(`./commands/${name}.ts`)) as CommandModule;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const names = commandNames();
  if (!name || name === "help" || name === "--help" || name === "-h") {
    const lines = ["usage: candor <command> [options]", "", "commands:"];
    for (const n of names) lines.push(`  ${n.padEnd(10)} ${(await load(n)).summary}`);
    lines.push("", "Every command takes --data DIR (or CANDOR_DATA) and --config FILE (or CANDOR_CONFIG).");
    console.log(lines.join("\n"));
    return name ? 0 : 1;
  }
  if (name === "--version" || name === "-v") {
    console.log("candor 0.1.0");
    return 0;
  }
  if (!names.includes(name)) {
    console.error(`candor: unknown command '${name}'. Commands: ${names.join(", ")}`);
    return 2;
  }
  try {
    const code = await (await load(name)).run(rest);
    return typeof code === "number" ? code : 0;
  } catch (err) {
    const e = err as Error;
    console.error(`candor ${name}: ${e.message}`);
    if (process.env.CANDOR_DEBUG) console.error(e.stack);
    return 1;
  }
}

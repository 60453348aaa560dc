import { parseArgs, type ParseArgsConfig } from "node:util";
import { loadConfig, type CandorConfig } from "../config.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Flags every command takes, so tools and the server share one state. */
export const commonOptions = {
  data: { type: "string" },
  config: { type: "string" },
  help: { type: "boolean", short: "h" },
} satisfies Options;

/** Parses argv with the common flags plus a command's own; unknown flags are an error that names them. */
export function parseCommandArgs<T extends Options>(args: string[], options: T, allowPositionals = true) {
  return parseArgs({ args, options: { ...commonOptions, ...options }, allowPositionals, strict: true });
}

/** Loads the configuration with --config/--data applied, plus any command-specific overrides. */
export function configFromFlags(values: { data?: string; config?: string }, overrides: Record<string, unknown> = {}): CandorConfig {
  return loadConfig({ configFile: values.config, overrides: { ...(values.data ? { dataDir: values.data } : {}), ...overrides } });
}

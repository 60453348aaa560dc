import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { availableParallelism } from "node:os";
import { z } from "zod";
import YAML from "yaml";
import { knowledgeConfigSchema } from "./knowledge/config.js";
import { evaluationConfigSchema } from "./evaluation/config.js";
import { aliasesConfigSchema, providersConfigSchema } from "./models/router/config.js";

const modeSchema = z.enum(["fast", "thinking", "auto"]);

export const configSchema = z
  .object({
    dataDir: z.string().default(".candor"),
    server: z
      .object({
        host: z.string().default("127.0.0.1"),
        port: z.number().int().min(0).max(65535).default(8080),
        bodyLimitBytes: z.number().int().positive().default(20 * 1024 * 1024),
      })
      .strict()
      .default({ host: "127.0.0.1", port: 8080, bodyLimitBytes: 20 * 1024 * 1024 }),
    models: z
      .object({
        /** Every .gguf in this folder is served under its file name without extension. */
        dir: z.string().optional(),
        /** Extra GGUF files served besides those in `dir`. */
        files: z.array(z.string()).default([]),
        /** CPU threads for inference; defaults to the physical core count. */
        threads: z.number().int().positive().optional(),
        /** The model the `candor`, `candor-fast` and `candor-thinking` aliases point at. */
        default: z.string().optional(),
        /** Context size per sequence; default: the model's trained length within the memory budget. */
        contextSize: z.number().int().positive().optional(),
        /** Parallel sequences per loaded model (concurrent requests batched together). */
        parallelSequences: z.number().int().min(1).max(64).default(4),
        /** Requests allowed to wait for a free sequence before new ones get 503. */
        maxQueue: z.number().int().min(0).default(64),
        /** Memory the loaded models may take together (bytes); least recently used are unloaded past it. */
        maxLoadedBytes: z.number().int().positive().optional(),
        gpu: z.union([z.literal(false), z.enum(["auto", "cuda", "vulkan", "metal"])]).default(false),
        flashAttention: z.boolean().default(true),
        /** KV cache quantisation, e.g. "q8_0"; default f16. */
        kvCacheType: z.string().optional(),
        /** When a conversation outgrows the context: drop the oldest turns (keeping the system prompt), or refuse. */
        contextOverflow: z.enum(["truncate-oldest", "error"]).default("truncate-oldest"),
        /** Speculative decoding: a draft GGUF, or prompt lookup decoding. */
        speculative: z
          .object({ draftModel: z.string().optional(), promptLookup: z.boolean().default(false) })
          .strict()
          .optional(),
      })
      .strict()
      .default({ files: [], parallelSequences: 4, maxQueue: 64, gpu: false, flashAttention: true, contextOverflow: "truncate-oldest" }),
    assistant: z
      .object({
        defaultMode: modeSchema.default("auto"),
        /** System prompt prepended to every conversation that has none. */
        persona: z.string().optional(),
        /**
         * Live search for requests that send no search_parameters: "auto" searches the knowledge engine when the
         * question is about recent events (and cites the posts), "off" only when the request asks.
         */
        defaultSearch: z.enum(["auto", "off"]).default("auto"),
      })
      .strict()
      .default({ defaultMode: "auto", defaultSearch: "auto" }),
    providers: providersConfigSchema,
    aliases: aliasesConfigSchema,
    knowledge: knowledgeConfigSchema.prefault({}),
    evaluation: evaluationConfigSchema.prefault({}),
    redisUrl: z.string().optional(),
  })
  .strict();

export type CandorConfig = z.infer<typeof configSchema>;
export type AssistantMode = z.infer<typeof modeSchema>;

export class ConfigError extends Error {
  constructor(
    readonly path: string,
    readonly issues: string[],
  ) {
    super(`invalid configuration in ${path}:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Deep-merges plain objects; arrays and scalars on the right win. */
function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const cur = out[k];
    out[k] =
      v && typeof v === "object" && !Array.isArray(v) && cur && typeof cur === "object" && !Array.isArray(cur)
        ? merge(cur as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

export function parseConfigText(text: string, path: string): Record<string, unknown> {
  try {
    const parsed = /\.ya?ml$/i.test(path) ? YAML.parse(text) : JSON.parse(text);
    if (parsed === null || parsed === undefined) return {};
    if (typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("the top level must be an object");
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(path, [`cannot parse: ${(err as Error).message}`]);
  }
}

function fromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (env.CANDOR_DATA) o.dataDir = env.CANDOR_DATA;
  const server: Record<string, unknown> = {};
  if (env.CANDOR_HOST) server.host = env.CANDOR_HOST;
  if (env.CANDOR_PORT) server.port = Number(env.CANDOR_PORT);
  if (Object.keys(server).length) o.server = server;
  const models: Record<string, unknown> = {};
  if (env.CANDOR_MODELS) models.dir = env.CANDOR_MODELS;
  if (env.CANDOR_THREADS) models.threads = Number(env.CANDOR_THREADS);
  if (env.CANDOR_DEFAULT_MODEL) models.default = env.CANDOR_DEFAULT_MODEL;
  if (Object.keys(models).length) o.models = models;
  if (env.CANDOR_REDIS_URL) o.redisUrl = env.CANDOR_REDIS_URL;
  return o;
}

export interface LoadConfigOptions {
  /** Explicit --config path (or CANDOR_CONFIG). */
  configFile?: string;
  /** Values from command-line flags, highest precedence. */
  overrides?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * One typed configuration: defaults < config file < environment < flags.
 * Without --config, `candor.config.json` / `.yaml` in the working directory is used when present.
 */
export function loadConfig(opts: LoadConfigOptions = {}): CandorConfig & { configPath?: string } {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  let path = opts.configFile ?? env.CANDOR_CONFIG;
  if (path) {
    path = resolve(cwd, path);
    if (!existsSync(path)) throw new ConfigError(path, ["file not found"]);
  } else {
    path = ["candor.config.json", "candor.config.yaml", "candor.config.yml"].map((f) => resolve(cwd, f)).find(existsSync);
  }
  let raw: Record<string, unknown> = path ? parseConfigText(readFileSync(path, "utf8"), path) : {};
  raw = merge(merge(raw, fromEnv(env)), opts.overrides ?? {});
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      path ?? "(defaults, environment and flags)",
      result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`),
    );
  }
  const cfg = result.data;
  cfg.dataDir = resolve(cwd, cfg.dataDir);
  // Pulled models land here too, so `candor models pull` then `candor serve` needs no flags.
  cfg.models.dir = cfg.models.dir ? resolve(cwd, cfg.models.dir) : resolve(cfg.dataDir, "models");
  cfg.models.files = cfg.models.files.map((f) => resolve(cwd, f));
  return { ...cfg, configPath: path };
}

/** Physical cores, not hardware threads: llama.cpp oversubscribes badly otherwise (0.6 tok/s vs 80 on 2 cores). */
export function physicalCoreCount(): number {
  try {
    const info = readFileSync("/proc/cpuinfo", "utf8");
    const cores = new Set<string>();
    let phys = "0";
    for (const line of info.split("\n")) {
      const [k, v] = line.split(":").map((s) => s?.trim());
      if (k === "physical id") phys = v ?? "0";
      else if (k === "core id") cores.add(`${phys}:${v}`);
    }
    if (cores.size > 0) return cores.size;
  } catch {
    // not Linux: fall through
  }
  return Math.max(1, Math.floor(availableParallelism() / 2) || 1);
}

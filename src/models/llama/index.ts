import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describeModel, ggufFilesIn } from "../catalog/model-catalog.js";
import type { CandorConfig } from "../../config.js";
import type { ChatModel, ModelInfo } from "../chat-model.js";
import type { ModelRegistry } from "../model-registry.js";
import { LlamaChatModel, type LocalModelFile } from "./llama-chat-model.js";
import { getLlamaRuntime } from "./llama-runtime.js";
import { ModelPool } from "./model-pool.js";

export { LlamaChatModel } from "./llama-chat-model.js";
export { ModelPool } from "./model-pool.js";

/** The registry of embedded models plus engine internals tests and the CLI look at. */
export interface LocalModelRegistry extends ModelRegistry {
  /** Ids of the models currently in memory. */
  loadedModelIds(): string[];
  /**
   * Speculative decoding's record for a loaded model (`undefined` when it is not in memory): predicted tokens the
   * target accepted and rejected since it was loaded; both stay 0 without `models.speculative`.
   */
  tokenPredictions(modelId: string): { validated: number; refuted: number } | undefined;
  /** Graceful shutdown: running requests get `graceMs` (default 5 s) to finish, then are cancelled with a 503. */
  dispose(graceMs?: number): Promise<void>;
}

function modelFiles(config: CandorConfig, log: (line: string) => void): string[] {
  const dir = config.models.dir;
  if (dir && !existsSync(dir)) log(`models folder ${dir} does not exist; no models from it`);
  const files = dir ? ggufFilesIn(dir) : [];
  for (const f of config.models.files) {
    const path = resolve(f);
    if (!existsSync(path)) log(`model file ${path} (models.files) does not exist; skipped`);
    else if (!files.includes(path)) files.push(path);
  }
  return files;
}

async function describe(path: string): Promise<LocalModelFile> {
  const m = await describeModel(path);
  if (m.error) throw new Error(m.error);
  return {
    id: m.id,
    path,
    sizeBytes: m.sizeBytes,
    architecture: m.architecture,
    contextLength: m.contextLength,
    quantization: m.quantisation,
    name: m.name,
    hasChatTemplate: m.hasChatTemplate ?? false,
  };
}

/**
 * Every GGUF in `models.dir` plus `models.files`, served through node-llama-cpp under its file name without the
 * extension (provider `local`). Only metadata is read here; weights load on the first request.
 */
export async function createLocalModels(config: CandorConfig, log: (line: string) => void): Promise<LocalModelRegistry> {
  const pool = new ModelPool(config, () => getLlamaRuntime(config), log);
  const models = new Map<string, LlamaChatModel>();
  /** Adds files not seen before; models already known keep their state (loaded weights, cached prefixes). */
  const scan = async () => {
    const known = new Set([...models.values()].map((m) => m.file.path));
    for (const path of modelFiles(config, log)) {
      if (known.has(path)) continue;
      try {
        const file = await describe(path);
        if (models.has(file.id)) {
          log(`model file ${path} has the same id as ${models.get(file.id)!.file.path}; skipped`);
          continue;
        }
        models.set(file.id, new LlamaChatModel(file, pool, config));
      } catch (err) {
        log(`cannot read model file ${path}: ${(err as Error).message}; skipped`);
      }
    }
  };
  await scan();
  const configuredDefault = config.models.default;
  if (configuredDefault && !models.has(configuredDefault.replace(/^local\//, ""))) {
    log(`models.default is ${configuredDefault}, which is not installed`);
  }
  return {
    list(): ModelInfo[] {
      return [...models.values()].map((m) => m.info());
    },
    resolve(model: string): ChatModel[] {
      const id = model.startsWith("local/") ? model.slice("local/".length) : model;
      const found = models.get(id);
      return found ? [found] : [];
    },
    defaultModelId(): string | undefined {
      const wanted = configuredDefault?.replace(/^local\//, "");
      if (wanted && models.has(wanted)) return wanted;
      return models.keys().next().value;
    },
    refresh: scan,
    loadedModelIds: () => pool.loadedIds(),
    tokenPredictions: (modelId: string) => pool.loadedModel(modelId.replace(/^local\//, ""))?.tokenPredictions,
    dispose: (graceMs?: number) => pool.dispose(graceMs),
  };
}

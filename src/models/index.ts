import type { CandorConfig } from "../config.js";
import type { ModelRegistry } from "./model-registry.js";
import { createLocalModels } from "./llama/index.js";
import { createRouter } from "./router/index.js";

/** Embedded GGUF models (provider `local`) behind the router, which adds upstream providers, aliases and fallbacks. */
export async function createModelRegistry(config: CandorConfig, log: (line: string) => void): Promise<ModelRegistry> {
  const local = await createLocalModels(config, log);
  return createRouter({ local, config, log });
}

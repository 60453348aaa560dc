import { getLlama, LlamaLogLevel, type Llama } from "node-llama-cpp";
import type { CandorConfig } from "../../config.js";

let shared: { gpu: string; llama: Promise<Llama> } | undefined;

/**
 * One llama.cpp backend per process: each getLlama() instance loads its own native binding and thread pool.
 * `build: "never"` because a server must not try to compile llama.cpp on start-up; the prebuilt binaries ship with npm.
 */
export function getLlamaRuntime(config: CandorConfig): Promise<Llama> {
  const gpu = config.models.gpu ?? false;
  const key = String(gpu);
  if (shared && shared.gpu === key) return shared.llama;
  const llama = getLlama({ gpu, build: "never", logLevel: LlamaLogLevel.warn, logger: (level, message) => {
    if (level === LlamaLogLevel.error || level === LlamaLogLevel.warn) process.stderr.write(`[llama.cpp] ${message.trimEnd()}\n`);
  } });
  shared = { gpu: key, llama };
  llama.catch(() => {
    if (shared?.llama === llama) shared = undefined;
  });
  return llama;
}

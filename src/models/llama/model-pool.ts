import { freemem } from "node:os";
import type { Llama, LlamaModel } from "node-llama-cpp";
import { physicalCoreCount, type CandorConfig } from "../../config.js";
import { ModelError } from "../chat-model.js";
import { LoadedModel } from "./loaded-model.js";

export interface ModelFile {
  id: string;
  path: string;
  sizeBytes: number;
}

interface PoolEntry {
  loading?: Promise<LoadedModel>;
  loaded?: LoadedModel;
  unloading?: Promise<void>;
  lastUsed: number;
}

export interface ModelLease {
  loaded: LoadedModel;
  release(): void;
}

const MIB = 1024 * 1024;

/** Default budget for loaded models: most of the memory free at start-up, leaving room for the rest of the process. */
export function defaultMaxLoadedBytes(): number {
  return Math.max(512 * MIB, Math.floor(freemem() * 0.7));
}

/**
 * Loads models on first use and keeps the most recently used ones in memory within `models.maxLoadedBytes`.
 * Evicting a model waits for its running requests; a request for a model being evicted waits and reloads it.
 */
export class ModelPool {
  private readonly entries = new Map<string, PoolEntry>();
  private readonly maxLoadedBytes: number;
  private disposed = false;

  constructor(
    private readonly config: CandorConfig,
    private readonly llama: () => Promise<Llama>,
    private readonly log: (line: string) => void,
  ) {
    this.maxLoadedBytes = config.models.maxLoadedBytes ?? defaultMaxLoadedBytes();
  }

  loadedIds(): string[] {
    return [...this.entries].filter(([, e]) => e.loaded && !e.unloading).map(([id]) => id);
  }

  /** The loaded model with this id, if it is in memory and not being unloaded. */
  loadedModel(id: string): LoadedModel | undefined {
    const entry = this.entries.get(id);
    return entry?.unloading ? undefined : entry?.loaded;
  }

  async lease(file: ModelFile): Promise<ModelLease> {
    if (this.disposed) throw new ModelError("the model engine is shutting down", 503, "model_unavailable", null, true);
    let entry = this.entries.get(file.id);
    while (entry?.unloading) {
      await entry.unloading;
      entry = this.entries.get(file.id);
    }
    if (!entry) {
      entry = { lastUsed: performance.now() };
      this.entries.set(file.id, entry);
    }
    if (!entry.loaded) {
      const current = entry;
      current.loading ??= this.load(file).then(
        (loaded) => {
          current.loaded = loaded;
          current.loading = undefined;
          return loaded;
        },
        (err: unknown) => {
          if (this.entries.get(file.id) === current) this.entries.delete(file.id);
          throw err;
        },
      );
    }
    const loaded = entry.loaded ?? (await entry.loading!);
    entry.lastUsed = performance.now();
    return { loaded, release: loaded.begin() };
  }

  private totalLoadedBytes(except?: string): number {
    let total = 0;
    for (const [id, e] of this.entries) if (id !== except && e.loaded && !e.unloading) total += e.loaded.sizeBytes;
    return total;
  }

  /** Unloads least recently used models until `needed` more bytes fit (a model alone may exceed the budget). */
  private async makeRoom(needed: number, forId: string): Promise<void> {
    while (this.totalLoadedBytes(forId) + needed > this.maxLoadedBytes) {
      const victims = [...this.entries]
        .filter(([id, e]) => id !== forId && e.loaded && !e.unloading)
        // idle models first, then the least recently used
        .sort(([, a], [, b]) => Number(a.loaded!.busy) - Number(b.loaded!.busy) || a.lastUsed - b.lastUsed);
      const victim = victims[0];
      if (!victim) return;
      await this.unload(victim[0]);
    }
  }

  async unload(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry?.loaded || entry.unloading) return entry?.unloading;
    const loaded = entry.loaded;
    entry.unloading = loaded.dispose().finally(() => {
      if (this.entries.get(id) === entry) this.entries.delete(id);
    });
    this.log(`unloading model ${id} (${Math.round(loaded.sizeBytes / MIB)} MiB) to stay within models.maxLoadedBytes`);
    return entry.unloading;
  }

  private async load(file: ModelFile): Promise<LoadedModel> {
    const cfg = this.config.models;
    const llama = await this.llama();
    await this.makeRoom(file.sizeBytes, file.id);
    const gpuLayers = cfg.gpu === false ? 0 : "auto";
    const loadOne = async (path: string): Promise<LlamaModel> => {
      try {
        return await llama.loadModel({ modelPath: path, gpuLayers });
      } catch (err) {
        throw new ModelError(`cannot load model file ${path}: ${(err as Error).message}`, 500, "model_load_failed", "model");
      }
    };
    const model = await loadOne(file.path);
    try {
      const threads = cfg.threads ?? physicalCoreCount();
      const kvType = cfg.kvCacheType ? (cfg.kvCacheType.toUpperCase() as "Q8_0") : undefined;
      const contextSize = cfg.contextSize ?? this.fitContextSize(model);
      const context = await model
        .createContext({
          contextSize,
          sequences: cfg.parallelSequences,
          threads,
          flashAttention: cfg.flashAttention,
          experimentalKvCacheKeyType: kvType,
          experimentalKvCacheValueType: kvType,
        })
        .catch((err: unknown) => {
          throw new ModelError(
            `cannot create a ${contextSize}-token context for ${file.path}: ${(err as Error).message} (lower models.contextSize or models.parallelSequences)`,
            500,
            "model_load_failed",
            "model",
          );
        });
      let draft: { model: LlamaModel; context: Awaited<ReturnType<LlamaModel["createContext"]>> } | undefined;
      if (cfg.speculative?.draftModel) {
        const draftModel = await loadOne(cfg.speculative.draftModel);
        const draftContext = await draftModel
          .createContext({
            contextSize: context.contextSize,
            sequences: cfg.parallelSequences,
            // Draft and target take turns, but each llama.cpp thread pool keeps polling for a while after its work;
            // with both at full width the idle pool steals the cores the busy one needs. A small draft gains
            // little from many threads anyway.
            threads: Math.max(1, Math.floor(threads / 2)),
            flashAttention: cfg.flashAttention,
          })
          .catch(async (err: unknown) => {
            await draftModel.dispose();
            throw new ModelError(
              `cannot create a context for the draft model ${cfg.speculative!.draftModel}: ${(err as Error).message}`,
              500,
              "model_load_failed",
              "model",
            );
          });
        try {
          // the check DraftSequenceTokenPredictor runs on every request (not public API, hence the guard); run once
          // here, a mismatched draft fails the load with its name instead of failing every generation
          const native = (c: unknown) => (c as { _ctx?: { ensureDraftContextIsCompatibleForSpeculative?(d: unknown): void } })._ctx;
          native(context)?.ensureDraftContextIsCompatibleForSpeculative?.(native(draftContext));
        } catch (err) {
          await draftContext.dispose();
          await draftModel.dispose();
          throw new ModelError(
            `the draft model ${cfg.speculative!.draftModel} cannot draft for ${file.path}: ${(err as Error).message} (models.speculative.draftModel needs the same vocabulary)`,
            500,
            "model_load_failed",
            "model",
          );
        }
        draft = { model: draftModel, context: draftContext };
      }
      const loaded = new LoadedModel({
        id: file.id,
        llama,
        model,
        context,
        maxQueue: cfg.maxQueue,
        draft,
        promptLookup: cfg.speculative?.promptLookup ?? false,
      });
      this.log(
        `loaded model ${file.id}: context ${context.contextSize} tokens × ${context.totalSequences} sequences, ${threads} threads, ` +
          `${Math.round(loaded.sizeBytes / MIB)} MiB${draft ? ", draft model for speculative decoding" : cfg.speculative?.promptLookup ? ", prompt-lookup decoding" : ""}`,
      );
      // a model bigger than estimated may push others out now that its real size is known
      void this.makeRoom(0, file.id).catch(() => undefined);
      return loaded;
    } catch (err) {
      await model.dispose();
      throw err;
    }
  }

  /** The trained context length, shrunk so the KV cache of all sequences takes at most half the memory budget. */
  private fitContextSize(model: LlamaModel): number {
    const cfg = this.config.models;
    const trained = model.trainContextSize;
    const budget = Math.max(64 * MIB, (this.maxLoadedBytes - model.size) / 2);
    const estimate = (contextSize: number): number =>
      model.fileInsights.estimateContextResourceRequirements({
        contextSize,
        sequences: cfg.parallelSequences,
        modelGpuLayers: 0,
        flashAttention: cfg.flashAttention,
      }).cpuRam;
    let size = trained;
    while (size > 512 && estimate(size) > budget) size = Math.floor(size / 2);
    return Math.max(Math.min(512, trained), size);
  }

  /** Graceful shutdown: running requests get `graceMs` to finish, then are cancelled. */
  async dispose(graceMs = 5000): Promise<void> {
    this.disposed = true;
    const pending = [...this.entries.values()].map(async (e) => {
      const loaded = e.loaded ?? (await e.loading?.catch(() => undefined));
      await e.unloading;
      if (loaded && !e.unloading) await loaded.dispose(graceMs);
    });
    await Promise.all(pending);
    this.entries.clear();
  }
}

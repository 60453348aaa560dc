/**
 * Engine measurements shared by the engine benchmark: node-llama-cpp called directly (the baseline) against Candor's
 * embedded engine, on the ~110 MB synthetic model with the same thread count, in the same process and run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { LlamaChat, resolveChatWrapper, type Llama } from "node-llama-cpp";
import { configSchema, physicalCoreCount } from "../src/config.js";
import { collectGeneration, type ChatMessage } from "../src/models/chat-model.js";
import { createLocalModels } from "../src/models/llama/index.js";
import { getLlamaRuntime } from "../src/models/llama/llama-runtime.js";
import { syntheticModels } from "../test/fixtures/synthetic-gguf.js";

export interface StreamStats {
  tokens: number;
  tokensPerSecond: number;
  /** time to first token, ms */
  ttftMs: number;
}

export interface EngineDirectResult {
  modelPath: string;
  threads: number;
  direct: StreamStats;
  engineSingle: StreamStats;
  engineConcurrent: { streams: number; tokens: number; aggregateTokensPerSecond: number };
  /** engine with prompt-lookup speculative decoding on a repetitive prompt, and the same prompt without it */
  speculative?: { plainTokensPerSecond: number; promptLookupTokensPerSecond: number };
}

const PROMPT: ChatMessage[] = [{ role: "user", content: "Write a long story about a lighthouse keeper." }];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function directOnce(llama: Llama, modelPath: string, threads: number, maxTokens: number): Promise<StreamStats> {
  const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
  const context = await model.createContext({ contextSize: 2048, sequences: 1, threads });
  try {
    const runs: StreamStats[] = [];
    for (let i = 0; i < 3; i++) {
      // the same wrapper settings the engine uses with thinking off, so both render the same prompt
      const chatWrapper = resolveChatWrapper(model, { customWrapperSettings: { qwen: { thoughts: "discourage" } } });
      const chat = new LlamaChat({ contextSequence: context.getSequence(), chatWrapper });
      const started = performance.now();
      let first = 0;
      let tokens = 0;
      await chat.generateResponse([{ type: "user", text: PROMPT[0]!.content }, { type: "model", response: [] }], {
        maxTokens,
        temperature: 0,
        budgets: { thoughtTokens: 0 },
        onResponseChunk: (c) => {
          if (c.tokens.length && !first) first = performance.now();
          tokens += c.tokens.length;
        },
      });
      const ended = performance.now();
      runs.push({ tokens, ttftMs: first - started, tokensPerSecond: (tokens - 1) / ((ended - first) / 1000) });
      chat.dispose({ disposeSequence: true });
    }
    return { tokens: runs[0]!.tokens, ttftMs: median(runs.map((r) => r.ttftMs)), tokensPerSecond: median(runs.map((r) => r.tokensPerSecond)) };
  } finally {
    await context.dispose();
    await model.dispose();
  }
}

export async function measureEngineDirect(options: { maxTokens?: number; streams?: number; speculative?: boolean } = {}): Promise<EngineDirectResult> {
  const maxTokens = options.maxTokens ?? 128;
  const streams = options.streams ?? 4;
  const modelPath = syntheticModels.bench();
  const threads = physicalCoreCount();
  const dataDir = mkdtempSync(join(tmpdir(), "candor-bench-"));
  try {
    const baseConfig = { dataDir, models: { files: [modelPath], threads, contextSize: 2048, parallelSequences: streams } };
    const config = configSchema.parse(baseConfig);
    const llama = await getLlamaRuntime(config);
    const direct = await directOnce(llama, modelPath, threads, maxTokens);

    const registry = await createLocalModels(config, () => {});
    const [model] = registry.resolve(registry.defaultModelId()!);
    let engineSingle: StreamStats;
    let engineConcurrent: EngineDirectResult["engineConcurrent"];
    try {
      const runs: StreamStats[] = [];
      for (let i = 0; i < 4; i++) {
        const started = performance.now();
        let first = 0;
        let tokens = 0;
        for await (const e of model!.generate(PROMPT, { maxTokens, temperature: 0, thinking: { enabled: false }, conversationId: `bench-${i}` })) {
          if ((e.type === "content" || e.type === "reasoning") && !first) first = performance.now();
          if (e.type === "done") tokens = e.usage.completionTokens;
        }
        const ended = performance.now();
        // the first run loads the model; it is a warm-up
        if (i > 0) runs.push({ tokens, ttftMs: first - started, tokensPerSecond: (tokens - 1) / ((ended - first) / 1000) });
      }
      engineSingle = { tokens: runs[0]!.tokens, ttftMs: median(runs.map((r) => r.ttftMs)), tokensPerSecond: median(runs.map((r) => r.tokensPerSecond)) };
      const started = performance.now();
      const results = await Promise.all(
        Array.from({ length: streams }, (_, i) =>
          collectGeneration(model!.generate([{ role: "user", content: `${PROMPT[0]!.content} (${i})` }], { maxTokens, thinking: { enabled: false } })),
        ),
      );
      const seconds = (performance.now() - started) / 1000;
      const tokens = results.reduce((n, r) => n + r.usage.completionTokens, 0);
      engineConcurrent = { streams, tokens, aggregateTokensPerSecond: tokens / seconds };
    } finally {
      await registry.dispose();
    }

    let speculative: EngineDirectResult["speculative"];
    if (options.speculative) {
      const repetitive: ChatMessage[] = [{ role: "user", content: "Repeat after me: " + "the quick brown fox jumps over the lazy dog ".repeat(8) }];
      const rate = async (promptLookup: boolean): Promise<number> => {
        const reg = await createLocalModels(configSchema.parse({ ...baseConfig, models: { ...baseConfig.models, parallelSequences: 1, speculative: { promptLookup } } }), () => {});
        try {
          const m = reg.resolve(reg.defaultModelId()!)[0]!;
          await collectGeneration(m.generate(repetitive, { maxTokens: 4, thinking: { enabled: false } }));
          const started = performance.now();
          const r = await collectGeneration(m.generate(repetitive, { maxTokens, thinking: { enabled: false } }));
          return r.usage.completionTokens / ((performance.now() - started) / 1000);
        } finally {
          await reg.dispose();
        }
      };
      speculative = { plainTokensPerSecond: await rate(false), promptLookupTokensPerSecond: await rate(true) };
    }
    return { modelPath, threads, direct, engineSingle, engineConcurrent, speculative };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Markdown table of a result, with ratios against the baselines measured in the same run. */
export function engineDirectTable(r: EngineDirectResult): string {
  const f = (n: number, d = 1): string => n.toFixed(d);
  const rows = [
    "| measurement | tokens/s | TTFT (ms) | ratio |",
    "| --- | ---: | ---: | ---: |",
    `| node-llama-cpp direct, 1 stream (baseline) | ${f(r.direct.tokensPerSecond)} | ${f(r.direct.ttftMs)} | 1.00 |`,
    `| Candor engine, 1 stream | ${f(r.engineSingle.tokensPerSecond)} | ${f(r.engineSingle.ttftMs)} | ${f(r.engineSingle.tokensPerSecond / r.direct.tokensPerSecond, 2)} |`,
    `| Candor engine, ${r.engineConcurrent.streams} concurrent streams (aggregate) | ${f(r.engineConcurrent.aggregateTokensPerSecond)} | – | ${f(r.engineConcurrent.aggregateTokensPerSecond / r.engineSingle.tokensPerSecond, 2)} × 1 stream |`,
  ];
  if (r.speculative) {
    rows.push(
      `| engine, repetitive prompt, no speculation | ${f(r.speculative.plainTokensPerSecond)} | – | 1.00 |`,
      `| engine, repetitive prompt, prompt-lookup decoding | ${f(r.speculative.promptLookupTokensPerSecond)} | – | ${f(r.speculative.promptLookupTokensPerSecond / r.speculative.plainTokensPerSecond, 2)} |`,
    );
  }
  return rows.join("\n");
}

/** A `*.bench.ts`-style entry the lead's bench runner (or `node --import tsx bench/engine-direct.ts`) can call. */
export default async function engineDirectBench(): Promise<{ title: string; table: string; notes?: string[] }> {
  const r = await measureEngineDirect({ speculative: true });
  return {
    title: "Embedded engine vs node-llama-cpp direct",
    table: engineDirectTable(r),
    notes: [`model ${r.modelPath} (random weights, f32), ${r.threads} threads, 128 tokens per stream, greedy`],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out = await engineDirectBench();
  console.log(`## ${out.title}\n\n${out.table}\n\n${out.notes?.join("\n") ?? ""}`);
}

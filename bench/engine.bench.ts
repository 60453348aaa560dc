/**
 * Engine benchmark: what Candor's HTTP API costs on top of node-llama-cpp. Both sides run in this process on the
 * same ~110 MB synthetic model with the same threads and prompt shape, interleaved run by run so load drift on a
 * shared machine hits both alike. Every run starts with a fresh prompt prefix so neither side gets KV-cache reuse.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LlamaChat, resolveChatWrapper } from "node-llama-cpp";
import { loadConfig, physicalCoreCount } from "../src/config.js";
import { createServices } from "../src/runtime/services.js";
import { buildServer } from "../src/server/app.js";
import { getLlamaRuntime } from "../src/models/llama/llama-runtime.js";
import { syntheticModels, type BigramScript } from "../test/fixtures/synthetic-gguf.js";
import { createLocalModels } from "../src/models/llama/index.js";
import { collectGeneration } from "../src/models/chat-model.js";

const MAX_TOKENS = 128;
const RUNS = 6;
const STREAMS = 4;

interface Run {
  tokens: number;
  ttftMs: number;
  tokensPerSecond: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const prompt = (i: number) => `[${i}-${Math.random().toString(36).slice(2, 8)}] Write a long story about a lighthouse keeper.`;

async function httpStream(url: string, content: string): Promise<Run> {
  const started = performance.now();
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "candor-fast", stream: true, stream_options: { include_usage: true }, max_tokens: MAX_TOKENS, temperature: 0, messages: [{ role: "user", content }] }),
  });
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  let first = 0;
  let tokens = 0;
  let buf = "";
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(chunk, { stream: true });
    let i;
    while ((i = buf.indexOf("\n\n")) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 2);
      if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
      const data = JSON.parse(line.slice(6));
      if (!first && data.choices?.[0]?.delta?.content) first = performance.now();
      if (data.usage) tokens = data.usage.completion_tokens;
    }
  }
  const ended = performance.now();
  return { tokens, ttftMs: first - started, tokensPerSecond: (tokens - 1) / ((ended - first) / 1000) };
}

/**
 * "la la la…" spelled in single-byte tokens: what a prompt containing " la" tokenizes to, so prompt lookup can find
 * the output in the prompt. (The whole-word " la" of SCRIPTS.endless is never produced by tokenizing text, so lookup
 * could never match it.)
 */
const BYTE_LA: BigramScript = { chains: [["l", "a", " ", "l"]], fallback: "l" };
const SPECULATIVE_TOKENS = 160;
const SPECULATIVE_ROUNDS = 5;

/**
 * Speculative decoding's speed-up where its guesses are right. The target is a ~110 MB model whose layers are zero
 * (full compute, deterministic "la la la…" output that repeats the prompt) and the draft a tiny model with the same
 * script, so every guess is accepted: this measures what the engine gains per accepted guess, the upper bound a
 * well-matched draft (or a prompt the answer quotes) approaches. The three set-ups are loaded side by side and run in
 * interleaved rounds so load on the shared machine hits them alike.
 */
async function speculativeRows(threads: number, dir: string): Promise<{ rows: string[]; notes: string[] }> {
  const target = syntheticModels.bench(undefined, { flavour: "scripted", script: BYTE_LA, name: "candor-bench-la" });
  const draft = syntheticModels.scripted("endless", dir, { name: "draft-la", script: BYTE_LA });
  const messages = [{ role: "user" as const, content: `Sing along:${" la".repeat(40)}` }];
  const setups: { label: string; speculative?: { draftModel?: string; promptLookup?: boolean } }[] = [
    { label: "speculative decoding off (baseline for the next two rows)" },
    { label: "prompt-lookup decoding", speculative: { promptLookup: true } },
    { label: "draft-model decoding (tiny draft, same script)", speculative: { draftModel: draft } },
  ];
  const registries = await Promise.all(
    setups.map((s) =>
      createLocalModels(
        loadConfig({ env: {}, cwd: dir, overrides: { dataDir: dir, models: { files: [target], threads, contextSize: 2048, parallelSequences: 1, speculative: s.speculative } } }),
        () => {},
      ),
    ),
  );
  try {
    const models = registries.map((r) => r.resolve(r.defaultModelId()!)[0]!);
    const options = { thinking: { enabled: false }, temperature: 0 } as const;
    for (const m of models) await collectGeneration(m.generate(messages, { ...options, maxTokens: 8 }));
    const rates: number[][] = setups.map(() => []);
    const texts = new Set<string>();
    for (let round = 0; round < SPECULATIVE_ROUNDS; round++) {
      // rotate the order so no set-up always runs right after the same neighbour
      for (let k = 0; k < models.length; k++) {
        const i = (round + k) % models.length;
        const started = performance.now();
        const r = await collectGeneration(models[i]!.generate([{ role: "user", content: `${round}${messages[0]!.content}` }], { ...options, maxTokens: SPECULATIVE_TOKENS }));
        rates[i]!.push(r.usage.completionTokens / ((performance.now() - started) / 1000));
        texts.add(r.content);
      }
    }
    if (texts.size !== 1) throw new Error(`speculative decoding changed the output: ${[...texts].map((t) => JSON.stringify(t.slice(0, 40))).join(" vs ")}`);
    const medians = rates.map(median);
    const base = medians[0]!;
    const f = (n: number) => n.toFixed(1);
    const rows = setups.map((s, i) => {
      const p = registries[i]!.tokenPredictions(registries[i]!.defaultModelId()!)!;
      const label = i === 0 ? s.label : `${s.label}, guesses accepted / refuted ${p.validated} / ${p.refuted}`;
      return `| ${label} | ${f(medians[i]!)} | | ${(medians[i]! / base).toFixed(2)} | ${i === 0 ? "" : "> 1"} |`;
    });
    return {
      rows,
      notes: [
        `speculative rows: tokens/s per run (${SPECULATIVE_ROUNDS} interleaved rounds, ${SPECULATIVE_TOKENS} tokens): ` +
          setups.map((s, i) => `${s.label.split(" (")[0]}: ${rates[i]!.map(f).join(", ")}`).join("; "),
      ],
    };
  } finally {
    for (const r of registries) await r.dispose();
  }
}

export default async function engineBench() {
  const modelPath = syntheticModels.bench();
  const threads = physicalCoreCount();
  const dataDir = mkdtempSync(join(tmpdir(), "candor-bench-engine-"));
  const config = loadConfig({
    env: {},
    cwd: dataDir,
    overrides: { dataDir, models: { files: [modelPath], threads, contextSize: 2048, parallelSequences: STREAMS } },
  });
  const services = await createServices(config, { log: () => {}, areas: { knowledge: false, evaluation: false, access: false } });
  const app = await buildServer(services);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const addr = app.server.address();
  const url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;

  // The baseline: node-llama-cpp's own chat API on its own context, same wrapper settings as Candor's fast mode.
  const llama = await getLlamaRuntime(config);
  const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
  const context = await model.createContext({ contextSize: 2048, sequences: 1, threads });
  const chatWrapper = resolveChatWrapper(model, { customWrapperSettings: { qwen: { thoughts: "discourage" } } });
  const direct = async (content: string): Promise<Run> => {
    const chat = new LlamaChat({ contextSequence: context.getSequence(), chatWrapper });
    const started = performance.now();
    let first = 0;
    let tokens = 0;
    await chat.generateResponse([{ type: "user", text: content }, { type: "model", response: [] }], {
      maxTokens: MAX_TOKENS,
      temperature: 0,
      budgets: { thoughtTokens: 0 },
      onResponseChunk: (c) => {
        if (c.tokens.length && !first) first = performance.now();
        tokens += c.tokens.length;
      },
    });
    const ended = performance.now();
    chat.dispose({ disposeSequence: true });
    return { tokens, ttftMs: first - started, tokensPerSecond: (tokens - 1) / ((ended - first) / 1000) };
  };

  try {
    await httpStream(url, prompt(-1)); // loads Candor's copy of the model
    await direct(prompt(-1));
    const d: Run[] = [];
    const h: Run[] = [];
    // Both models live in this process; llama.cpp's worker threads keep spinning for a moment after a run, so each
    // run waits for the other's pool to go idle first, or the two would share the 2 cores.
    const settle = () => new Promise((r) => setTimeout(r, 500));
    for (let i = 0; i < RUNS; i++) {
      await settle();
      d.push(await direct(prompt(i)));
      await settle();
      h.push(await httpStream(url, prompt(i)));
    }
    await settle();
    const started = performance.now();
    const concurrent = await Promise.all(Array.from({ length: STREAMS }, (_, i) => httpStream(url, prompt(100 + i))));
    const aggregate = concurrent.reduce((n, r) => n + r.tokens, 0) / ((performance.now() - started) / 1000);

    const dTps = median(d.map((r) => r.tokensPerSecond));
    const hTps = median(h.map((r) => r.tokensPerSecond));
    const dTtft = median(d.map((r) => r.ttftMs));
    const hTtft = median(h.map((r) => r.ttftMs));
    const overheads = h.map((r, i) => r.ttftMs - d[i]!.ttftMs);
    const f = (n: number, digits = 1) => n.toFixed(digits);
    const speculative = await speculativeRows(threads, dataDir);
    const table = [
      "| measurement | tokens/s | TTFT ms (median) | ratio vs baseline | goal |",
      "| --- | ---: | ---: | ---: | --- |",
      `| node-llama-cpp direct, 1 stream (baseline) | ${f(dTps)} | ${f(dTtft)} | 1.00 | |`,
      `| Candor HTTP API (SSE), 1 stream | ${f(hTps)} | ${f(hTtft)} | ${f(hTps / dTps, 2)} | ≥ 0.95 |`,
      `| TTFT overhead of the API (median / max of paired runs) | | ${f(median(overheads))} / ${f(percentile(overheads, 100))} | | < 5 ms |`,
      `| Candor HTTP API, ${STREAMS} concurrent streams (aggregate) | ${f(aggregate)} | | ${f(aggregate / hTps, 2)} × 1 stream | > 1 |`,
      ...speculative.rows,
    ].join("\n");
    return {
      title: "Engine: HTTP API vs node-llama-cpp direct",
      table,
      notes: [
        `~110 MB synthetic qwen3-layout model (random weights, f32), ${threads} threads (physical cores), ${MAX_TOKENS} tokens per stream, greedy, ${RUNS} interleaved runs each, medians`,
        `paired TTFT overheads (ms): ${overheads.map((o) => f(o)).join(", ")}`,
        `speculative rows: a ~110 MB model with zeroed layers (same compute, deterministic output that repeats the prompt) so every guess is accepted — the mechanism's gain when a draft agrees with its target; ${SPECULATIVE_TOKENS} tokens, median of ${SPECULATIVE_ROUNDS} interleaved rounds`,
        ...speculative.notes,
      ],
    };
  } finally {
    await context.dispose();
    await model.dispose();
    await app.close();
    await services.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

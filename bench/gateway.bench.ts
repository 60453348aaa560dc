/**
 * What Candor costs in front of an upstream: per-chunk latency and tokens/s of streaming through
 * (a) the upstream model layer (OpenAICompatibleModel) and (b) the whole HTTP gateway (auth, rate limits, router,
 * /v1/chat/completions), against a client reading the same upstream directly; and requests/s with 64 concurrent
 * clients. The fake upstream and the gateway each run in their own worker thread, so the measuring client (main
 * thread) does not share an event loop with either. Chunks carry their send time, so latency is measured per chunk.
 */
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createParser } from "eventsource-parser";

type Role = "upstream" | "gateway";
interface WorkerInfo {
  url: string;
  key?: string;
}

const BURST_CHUNKS = 20_000;
const PACED_CHUNKS = 300;
const PACED_RUNS = 5;
const PACED_DELAY_MS = 2;
const CONCURRENCY = 64;
const RPS_SECONDS = 4;

if (!isMainThread && (workerData as { gatewayBench?: Role })?.gatewayBench) {
  await runWorker((workerData as { gatewayBench: Role; upstreamUrl?: string }).gatewayBench, (workerData as { upstreamUrl?: string }).upstreamUrl);
}

async function runWorker(role: Role, upstreamUrl?: string): Promise<void> {
  if (role === "upstream") {
    const { startFakeUpstream } = await import("../test/fixtures/fake-upstream.js");
    const up = await startFakeUpstream({ pacedDelayMs: PACED_DELAY_MS });
    parentPort!.postMessage({ url: up.url } satisfies WorkerInfo);
    parentPort!.once("message", () => void up.close().then(() => process.exit(0)));
    return;
  }
  const { configSchema } = await import("../src/config.js");
  const { createRouter } = await import("../src/models/router/index.js");
  const { createServices } = await import("../src/runtime/services.js");
  const { buildServer } = await import("../src/server/app.js");
  const dataDir = mkdtempSync(join(tmpdir(), "candor-gateway-bench-"));
  const config = configSchema.parse({
    dataDir,
    providers: { up: { kind: "openai-compatible", baseUrl: upstreamUrl, models: ["clock-burst", "clock-paced", "stream"] } },
  });
  const models = createRouter({ local: { list: () => [], resolve: () => [], defaultModelId: () => undefined }, config, log: () => {} });
  const services = await createServices(config, { models, log: () => {}, areas: { knowledge: false, evaluation: false } });
  // A real key with limits far above the load: the measured path includes hashing, scope check and both buckets.
  const { secret } = services.access!.keys.create({ name: "bench", scopes: ["inference"], rpm: 100_000_000, tpm: 1_000_000_000 });
  const app = await buildServer(services);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const addr = app.server.address() as { port: number };
  parentPort!.postMessage({ url: `http://127.0.0.1:${addr.port}`, key: secret } satisfies WorkerInfo);
  parentPort!.once("message", () =>
    void (async () => {
      await app.close();
      await services.close();
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    })(),
  );
}

function startWorker(role: Role, upstreamUrl?: string): Promise<{ info: WorkerInfo; stop(): Promise<void> }> {
  // A .ts worker entry needs tsx registered inside the worker before it loads.
  const boot = `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const w = new Worker(boot, { eval: true, workerData: { gatewayBench: role, upstreamUrl } });
  return new Promise((resolve, reject) => {
    w.once("error", reject);
    w.once("message", (info: WorkerInfo) =>
      resolve({
        info,
        stop: () =>
          new Promise<void>((r) => {
            w.once("exit", () => r());
            w.postMessage("stop");
          }),
      }),
    );
  });
}

const nowAbs = () => performance.timeOrigin + performance.now();

/** Reads an OpenAI SSE stream the way a lean client does; calls onContent per content delta. */
async function readStream(url: string, body: unknown, headers: Record<string, string>, onContent: (text: string) => void): Promise<void> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  const parser = createParser({
    onEvent: (m) => {
      if (m.data === "[DONE]") return;
      const j = JSON.parse(m.data) as { choices?: { delta?: { content?: string } }[] };
      const c = j.choices?.[0]?.delta?.content;
      if (c) onContent(c);
    },
  });
  const reader = res.body.getReader();
  const dec = new TextDecoder();
  for (;;) {
    const r = await reader.read();
    if (r.done) break;
    parser.feed(dec.decode(r.value, { stream: true }));
  }
}

type Path = (model: string, chunks: number, onContent: (text: string) => void) => Promise<void>;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Best of several runs, the paths interleaved round by round: on a shared machine a neighbour's burst then hurts
 * every path alike instead of whichever happened to run at that moment.
 */
async function throughputs(paths: Path[], rounds = 5): Promise<number[]> {
  const best = paths.map(() => 0);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < paths.length; i++) {
      let n = 0;
      const t0 = performance.now();
      await paths[i]!("clock-burst", BURST_CHUNKS, () => n++);
      const secs = (performance.now() - t0) / 1000;
      if (n !== BURST_CHUNKS) throw new Error(`expected ${BURST_CHUNKS} chunks, got ${n}`);
      best[i] = Math.max(best[i]!, n / secs);
    }
  }
  return best;
}

/** Per-chunk latency percentiles of each path: the best of PACED_RUNS interleaved runs (noise only ever adds). */
async function latencies(paths: Path[]): Promise<{ p50: number; p99: number; paced: number }[]> {
  const best = paths.map(() => ({ p50: Infinity, p99: Infinity, paced: 0 }));
  for (let run = 0; run < PACED_RUNS; run++) {
    for (let i = 0; i < paths.length; i++) {
      const samples: number[] = [];
      const t0 = performance.now();
      await paths[i]!("clock-paced", PACED_CHUNKS, (text) => {
        samples.push(nowAbs() - Number(text));
      });
      // Paced like a real model (one token every PACED_DELAY_MS): the throughput a client actually sees.
      best[i]!.paced = Math.max(best[i]!.paced, PACED_CHUNKS / ((performance.now() - t0) / 1000));
      samples.sort((a, b) => a - b);
      best[i]!.p50 = Math.min(best[i]!.p50, percentile(samples, 50));
      best[i]!.p99 = Math.min(best[i]!.p99, percentile(samples, 99));
    }
  }
  return best;
}

async function requestsPerSecond(send: () => Promise<void>): Promise<number> {
  const until = performance.now() + RPS_SECONDS * 1000;
  let done = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        await send();
        done++;
      }
    }),
  );
  return done / ((performance.now() - t0) / 1000);
}

export default async function gatewayBench(): Promise<{ title: string; table: string; notes?: string[] }> {
  const { OpenAICompatibleModel, ReplicaPool } = await import("../src/models/upstream/index.js");
  const upstream = await startWorker("upstream");
  const gateway = await startWorker("gateway", upstream.info.url);
  try {
    const upUrl = upstream.info.url;
    const gwUrl = gateway.info.url;
    const auth = { authorization: `Bearer ${gateway.info.key}` };
    const chatBody = (model: string, chunks: number) => ({ model, max_tokens: chunks, stream: true, messages: [{ role: "user", content: "go" }] });
    const model = (name: string) => new OpenAICompatibleModel({ provider: "up", model: name, pool: new ReplicaPool({ baseUrls: [upUrl] }) });

    const direct: Path = (m, n, on) => readStream(`${upUrl}/chat/completions`, chatBody(m, n), {}, on);
    const modelLayer: Path = async (m, n, on) => {
      for await (const e of model(m).generate([{ role: "user", content: "go" }], { maxTokens: n })) if (e.type === "content") on(e.text);
    };
    const viaGateway: Path = (m, n, on) => readStream(`${gwUrl}/v1/chat/completions`, chatBody(`up/${m}`, n), auth, on);

    // Warm-up: JIT, connection pools.
    for (const p of [direct, modelLayer, viaGateway]) await p("clock-burst", 2000, () => {});

    const [tDirect, tModel, tGateway] = await throughputs([direct, modelLayer, viaGateway]);
    const tput = { direct: tDirect!, model: tModel!, gateway: tGateway! };
    const [lDirect, lModel, lGateway] = await latencies([direct, modelLayer, viaGateway]);
    const lat = { direct: lDirect!, model: lModel!, gateway: lGateway! };

    const small = { model: "stream", messages: [{ role: "user", content: "hi" }] };
    const rpsDirect = await requestsPerSecond(async () => {
      const r = await fetch(`${upUrl}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...small, stream: true }) });
      await r.text();
    });
    const rpsGateway = await requestsPerSecond(async () => {
      const r = await fetch(`${gwUrl}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json", ...auth }, body: JSON.stringify({ ...small, model: "up/stream" }) });
      if (r.status !== 200) throw new Error(`gateway answered ${r.status}: ${await r.text()}`);
      await r.text();
    });

    const f = (n: number, d = 0) => n.toFixed(d);
    const ms = (n: number) => n.toFixed(3);
    const p50d = lat.direct.p50;
    const p99d = lat.direct.p99;
    const row = (name: string, t: number, l: { p50: number; p99: number; paced: number }) => {
      const { p50, p99, paced } = l;
      return `| ${name} | ${f(paced)} | ${(paced / lat.direct.paced).toFixed(3)} | ${f(t)} | ${(t / tput.direct).toFixed(3)} | ${((1 / t - 1 / tput.direct) * 1e6).toFixed(2)} | ${ms(p50)} | ${ms(p99)} | ${ms(p50 - p50d)} | ${ms(p99 - p99d)} |`;
    };
    const table = [
      `| path | tokens/s (paced, 1 per ${PACED_DELAY_MS} ms) | ratio | tokens/s (burst, 20k chunks) | burst ratio | added time per chunk (µs) | chunk latency p50 (ms) | p99 (ms) | added p50 (ms) | added p99 (ms) |`,
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      row("client → upstream directly (baseline)", tput.direct, lat.direct),
      row("OpenAICompatibleModel → upstream", tput.model, lat.model),
      row("client → Candor HTTP gateway → upstream", tput.gateway, lat.gateway),
      "",
      "| 64 concurrent clients, short answers | requests/s | ratio |",
      "| --- | ---: | ---: |",
      `| client → upstream directly (baseline) | ${f(rpsDirect)} | 1.000 |`,
      `| client → Candor gateway (key auth + rate limits + usage row) → upstream | ${f(rpsGateway)} | ${(rpsGateway / rpsDirect).toFixed(3)} |`,
    ].join("\n");
    return {
      title: "Gateway overhead: streaming through Candor vs reading the upstream directly",
      table,
      notes: [
        `fake upstream and gateway each in a worker thread; client in the main thread; tokens/s is the best of 5 interleaved runs; latency percentiles are the best of ${PACED_RUNS} interleaved runs of ${PACED_CHUNKS} chunks paced every ${PACED_DELAY_MS} ms (latency = receive time − send time stamped in the chunk)`,
        "goals: added p99 < 1 ms per chunk, throughput ratio ≥ 0.98. The paced columns are what a client sees from a real model (500 tokens/s per stream is faster than most); the burst columns drive ~10^5 chunks/s with no model at all, so they measure Candor's own per-chunk CPU cost (parse + re-serialise in the same thread), which no model stream comes near",
        `machine: ${(await import("node:os")).cpus().length} CPU(s), Node ${process.version}`,
      ],
    };
  } finally {
    await gateway.stop();
    await upstream.stop();
  }
}

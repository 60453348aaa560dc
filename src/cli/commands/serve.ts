import { buildServer } from "../../server/app.js";
import { createServices, databasePath } from "../../runtime/services.js";
import { configFromFlags, parseCommandArgs } from "../common-options.js";
import { sourceFlagOptions, specFromFlags } from "../source-flags.js";
import { DEFAULT_MODEL_REF, formatBytes, pullModel } from "../../models/catalog/model-catalog.js";
import type { CandorServices } from "../../runtime/services.js";

/** Serving starts at once; the model arrives when the download ends (or never, offline — requests then say how to add one). */
async function pullDefaultModel(services: CandorServices, dir: string): Promise<void> {
  console.log(`no model installed: pulling ${DEFAULT_MODEL_REF} into ${dir} in the background (Candor is already serving)`);
  let last = 0;
  try {
    const r = await pullModel(DEFAULT_MODEL_REF, {
      dir,
      hfEndpoint: process.env.HF_ENDPOINT,
      token: process.env.HF_TOKEN,
      onProgress: (p) => {
        if (Date.now() - last < 10_000) return;
        last = Date.now();
        console.log(`pull: ${formatBytes(p.received)}${p.total ? ` of ${formatBytes(p.total)}` : ""} (${formatBytes(p.bytesPerSecond)}/s)`);
      },
    });
    await services.models.refresh?.();
    console.log(`model ready: ${r.file}${r.verified ? " (sha256 verified)" : ""}; models: ${services.models.list().map((m) => m.id).join(", ")}`);
  } catch (err) {
    console.log(
      `could not pull the default model (${(err as Error).message}). Chat requests will answer with how to add one: ` +
        "copy a .gguf into the models folder, run `npx candor models pull REF`, or configure an upstream provider.",
    );
  }
}

export const summary = "run the API server and web app (default http://127.0.0.1:8080)";

const USAGE = `usage: candor serve [--port N] [--host H] [--data DIR] [--models DIR] [--model FILE.gguf ...] [--threads N] [--config FILE]

  --port N        port to listen on (0 picks a free one; default 8080)
  --host H        address to bind (default 127.0.0.1; other addresses need API keys: candor keys create)
  --data DIR      where the database and conversations live (default ./.candor, or CANDOR_DATA)
  --models DIR    serve every .gguf in DIR under its file name (default DATA/models)
  --model FILE    also serve this GGUF file (repeatable)
  --threads N     CPU threads for inference (default: physical cores)
  --default-model ID   the model behind the candor / candor-fast / candor-thinking aliases
  --config FILE   candor.config.json or .yaml (default: ./candor.config.json when present)
  --source KIND   also ingest from bluesky|mastodon|x|rss|replay|demo, with the same flags as candor ingest
                  (--jetstream-url, --mastodon-url, --hashtag, --x-api-url, --rule, --feed, --file, --speed…)
  --pull-if-missing   with no model installed, pull the default one in the background (npm start does this)
  --embedding-model ID   embed stored posts with this model (as candor models list names it) for hybrid
                  BM25 + vector search (knowledge.embeddings.model); without it search is BM25 only`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      port: { type: "string" },
      host: { type: "string" },
      models: { type: "string" },
      model: { type: "string", multiple: true },
      threads: { type: "string" },
      "default-model": { type: "string" },
      "pull-if-missing": { type: "boolean" },
      "embedding-model": { type: "string" },
      ...sourceFlagOptions,
    },
    false,
  );
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const num = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got '${v}'`);
    return n;
  };
  const server: Record<string, unknown> = {};
  if (values.port !== undefined) server.port = num(values.port, "port");
  if (values.host !== undefined) server.host = values.host;
  const models: Record<string, unknown> = {};
  if (values.models) models.dir = values.models;
  if (values.model) models.files = values.model;
  if (values.threads) models.threads = num(values.threads, "threads");
  if (values["default-model"]) models.default = values["default-model"];
  let config = configFromFlags(values, { ...(Object.keys(server).length ? { server } : {}), ...(Object.keys(models).length ? { models } : {}) });
  if (values["embedding-model"]) {
    config = { ...config, knowledge: { ...config.knowledge, embeddings: { ...config.knowledge.embeddings, model: values["embedding-model"] } } };
  }
  if (values.source) {
    // A source named on the command line joins the configured ones and stands in for the demo fallback.
    const spec = specFromFlags(values, config, USAGE);
    config = { ...config, knowledge: { ...config.knowledge, sources: [...config.knowledge.sources, spec], demo: spec.kind === "demo" ? "off" : config.knowledge.demo === "on" ? "on" : "off" } };
  }

  const services = await createServices(config);
  const app = await buildServer(services);
  const auth = await import("../../server/auth/index.js");
  const assertSafeBinding = (auth as { assertSafeBinding?: (host: string, s: typeof services) => void }).assertSafeBinding;
  try {
    assertSafeBinding?.(config.server.host, services);
  } catch (err) {
    await services.close();
    throw err;
  }
  await app.listen({ port: config.server.port, host: config.server.host });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : config.server.port;
  const hostForUrl = config.server.host.includes(":") ? `[${config.server.host}]` : config.server.host;
  const ids = services.models.list().map((m) => m.id);
  console.log(`listening on http://${hostForUrl}:${port}`);
  console.log(`models: ${ids.length ? ids.join(", ") : `none installed — add a .gguf to ${config.models.dir} or run \`npx candor models pull\``}`);
  if (services.models.defaultModelId()) console.log(`default model (candor, candor-fast, candor-thinking): ${services.models.defaultModelId()}`);
  console.log(`data: ${databasePath(config)}`);
  if (values["pull-if-missing"] && ids.length === 0) void pullDefaultModel(services, config.models.dir!);

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) {
        console.log("forced exit");
        process.exit(130);
      }
      stopping = true;
      console.log(`${signal}: finishing in-flight requests…`);
      await app.close();
      await services.close();
      resolve();
    };
    process.once("SIGINT", () => void stop("SIGINT"));
    process.once("SIGTERM", () => void stop("SIGTERM"));
  });
  return 0;
}

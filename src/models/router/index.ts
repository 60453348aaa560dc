import { ConfigError, type CandorConfig } from "../../config.js";
import type { ChatModel, ModelInfo } from "../chat-model.js";
import type { ModelRegistry } from "../model-registry.js";
import { OpenAICompatibleModel, discoverUpstreamModels } from "../upstream/openai-compatible-model.js";
import { ReplicaPool } from "../upstream/replica-pool.js";
import { providerBaseUrls, type ProviderConfig } from "./config.js";

export { withFallbacks, canFallBack } from "./fallbacks.js";

export interface RouterOptions {
  local: ModelRegistry;
  config: CandorConfig;
  log: (line: string) => void;
  /** Where `apiKeyEnv` names are looked up; process.env by default. */
  env?: NodeJS.ProcessEnv;
}

/** The registry the server uses, plus what operators and tests want to know about upstreams. */
export interface Router extends ModelRegistry {
  /** Settles when model discovery of every provider without a `models` list has finished (or failed). */
  ready(): Promise<void>;
  /** Replica pools by provider name (health and load, for status pages and tests). */
  readonly pools: ReadonlyMap<string, ReplicaPool>;
}

const ALIAS_DEPTH = 4;

/** One configured upstream provider: its replica pool and the models it offers. */
class UpstreamProvider {
  readonly pool: ReplicaPool;
  private readonly models = new Map<string, OpenAICompatibleModel>();
  /** Null while the provider's model list is unknown (discovery pending or failed): any name is passed through. */
  private offered: Set<string> | null;
  private readonly apiKey: string | undefined;

  constructor(
    readonly name: string,
    private readonly cfg: ProviderConfig,
    env: NodeJS.ProcessEnv,
    private readonly log: (line: string) => void,
  ) {
    this.pool = new ReplicaPool({ baseUrls: providerBaseUrls(cfg), ejectBaseMs: cfg.ejectBaseMs, ejectMaxMs: cfg.ejectMaxMs, log, name });
    this.apiKey = cfg.apiKeyEnv ? env[cfg.apiKeyEnv] : undefined;
    if (cfg.apiKeyEnv && !this.apiKey) log(`provider ${name}: environment variable ${cfg.apiKeyEnv} is not set; requests go out without an API key`);
    this.offered = cfg.models ? new Set(cfg.models) : null;
  }

  async discover(): Promise<void> {
    if (this.cfg.models) return;
    try {
      const names = await discoverUpstreamModels(this.pool, { apiKey: this.apiKey, headers: this.cfg.headers, timeoutMs: Math.min(this.cfg.timeoutMs, 10_000) });
      this.offered = new Set(names);
      this.log(`provider ${this.name}: discovered ${names.length} model(s)`);
    } catch (err) {
      this.log(`provider ${this.name}: ${(err as Error).message}; model names are passed through unchecked`);
    }
  }

  offers(model: string): boolean {
    return this.offered === null || this.offered.has(model);
  }

  /** Listed (or discovered) models only; a pass-through name is not advertised. */
  listed(): string[] {
    return this.offered ? [...this.offered] : [];
  }

  model(name: string): OpenAICompatibleModel | undefined {
    if (!this.offers(name)) return undefined;
    let m = this.models.get(name);
    if (!m) {
      m = new OpenAICompatibleModel({
        provider: this.name,
        model: name,
        pool: this.pool,
        apiKey: this.apiKey,
        headers: this.cfg.headers,
        timeoutMs: this.cfg.timeoutMs,
        contextLength: this.cfg.contextLength,
      });
      this.models.set(name, m);
    }
    return m;
  }
}

/**
 * Adds upstream providers and aliases on top of the embedded models (provider `local`).
 * Model strings: `provider/model`, `local/x` or bare `x` for embedded models, alias names (→ several candidates),
 * or a bare name some upstream lists. `resolve` returns candidates in fallback order; wrap them in `withFallbacks`.
 */
export function createRouter(opts: RouterOptions): Router {
  const { local, config, log } = opts;
  const env = opts.env ?? process.env;
  const providers = new Map<string, UpstreamProvider>();
  for (const [name, cfg] of Object.entries(config.providers)) providers.set(name, new UpstreamProvider(name, cfg, env, log));
  const aliases = config.aliases;
  checkAliases(aliases, providers, (config as { configPath?: string }).configPath);

  const discovery = Promise.all([...providers.values()].map((p) => p.discover())).then(() => undefined);

  function resolve(model: string, depth = 0): ChatModel[] {
    const alias = aliases[model];
    if (alias && depth < ALIAS_DEPTH) {
      const out: ChatModel[] = [];
      for (const entry of alias) for (const m of resolve(entry, depth + 1)) if (!out.includes(m)) out.push(m);
      return out;
    }
    const slash = model.indexOf("/");
    if (slash > 0) {
      const prefix = model.slice(0, slash);
      const rest = model.slice(slash + 1);
      if (prefix === "local") return local.resolve(rest);
      const provider = providers.get(prefix);
      if (provider) {
        const m = provider.model(rest);
        return m ? [m] : [];
      }
    }
    const embedded = local.resolve(model);
    if (embedded.length) return embedded;
    // A bare name that only upstreams list: every provider listing it, in config order, as fallbacks of each other.
    const out: ChatModel[] = [];
    for (const p of providers.values()) if (p.listed().includes(model)) out.push(p.model(model)!);
    return out;
  }

  return {
    pools: new Map([...providers].map(([n, p]) => [n, p.pool])),
    ready: () => discovery,
    list(): ModelInfo[] {
      const out: ModelInfo[] = [...local.list()];
      for (const p of providers.values()) for (const name of p.listed()) out.push(p.model(name)!.info());
      for (const [name, entries] of Object.entries(aliases)) {
        const candidates = resolve(name);
        const first = candidates[0]?.info();
        out.push({
          id: name,
          provider: "alias",
          ownedBy: "candor",
          ...(first?.contextLength ? { contextLength: first.contextLength } : {}),
          capabilities: first?.capabilities ?? { chat: true, thinking: false, tools: false, jsonSchema: false, embeddings: false, vision: false, logprobs: false },
          details: { alias: entries, resolvesTo: candidates.map((c) => c.id) },
        });
      }
      return out;
    },
    resolve: (model: string) => resolve(model),
    defaultModelId(): string | undefined {
      const own = local.defaultModelId();
      if (own) return own;
      const wanted = config.models.default;
      return wanted && resolve(wanted).length ? wanted : undefined;
    },
    // A model pulled while serving (`serve --pull-if-missing`) must become visible through the router too.
    async refresh() {
      await local.refresh?.();
    },
    async dispose() {
      await local.dispose?.();
    },
  };
}

/** An alias naming a provider that does not exist is a typo that would only surface at request time. */
function checkAliases(aliases: Record<string, string[]>, providers: Map<string, UpstreamProvider>, configPath: string | undefined): void {
  const issues: string[] = [];
  for (const [name, entries] of Object.entries(aliases)) {
    entries.forEach((entry, i) => {
      const slash = entry.indexOf("/");
      if (slash <= 0) return;
      const prefix = entry.slice(0, slash);
      if (prefix === "local" || providers.has(prefix)) return;
      const known = ["local", ...providers.keys()].join(", ");
      issues.push(`aliases.${name}.${i}: '${entry}' names provider '${prefix}', which is not defined (known providers: ${known})`);
    });
  }
  if (issues.length) throw new ConfigError(configPath ?? "(configuration)", issues);
}

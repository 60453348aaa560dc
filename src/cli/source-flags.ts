import { resolve } from "node:path";
import type { CandorConfig } from "../config.js";
import { parseSourceSpec, type SourceSpec } from "../knowledge/sources/index.js";

/** The flags that pick and configure a post source; `candor ingest` and `candor serve` take the same ones. */
export const sourceFlagOptions = {
  source: { type: "string" },
  name: { type: "string" },
  "jetstream-url": { type: "string" },
  "wanted-did": { type: "string", multiple: true },
  "mastodon-url": { type: "string" },
  "token-env": { type: "string" },
  hashtag: { type: "string" },
  "x-api-url": { type: "string" },
  "bearer-token-env": { type: "string" },
  rule: { type: "string", multiple: true },
  feed: { type: "string", multiple: true },
  interval: { type: "string" },
  file: { type: "string" },
  speed: { type: "string" },
  seed: { type: "string" },
  hours: { type: "string" },
} as const;

export function num(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`${flag} must be a number, got '${v}'`);
  return n;
}

/** Builds the spec from flags (or picks a configured source), validating it with the same schema as config. */
export function specFromFlags(values: Record<string, string | string[] | boolean | undefined>, config: CandorConfig, usage = ""): SourceSpec {
  const s = (k: string) => values[k] as string | undefined;
  const list = (k: string) => (values[k] as string[] | undefined) ?? [];
  const kind = s("source");
  const name = s("name");
  if (!kind) {
    const configured = (config.knowledge as { sources?: unknown[] }).sources;
    if (!Array.isArray(configured) || configured.length === 0) throw new Error(`--source is required (no knowledge.sources in the configuration)\n${usage}`);
    const found = name ? configured.find((c) => (c as { name?: string })?.name === name) : configured[0];
    if (!found) throw new Error(`no configured source named '${name}'`);
    return parseSourceSpec(found);
  }
  const raw: Record<string, unknown> = { kind, name };
  switch (kind) {
    case "bluesky":
      raw.jetstreamUrl = s("jetstream-url");
      if (list("wanted-did").length) raw.wantedDids = list("wanted-did");
      break;
    case "mastodon":
      raw.url = s("mastodon-url");
      raw.tokenEnv = s("token-env");
      if (s("hashtag")) Object.assign(raw, { stream: "hashtag", tag: s("hashtag") });
      break;
    case "x":
      raw.apiUrl = s("x-api-url");
      raw.bearerTokenEnv = s("bearer-token-env");
      if (list("rule").length) raw.rules = list("rule");
      break;
    case "rss":
      raw.feeds = list("feed");
      raw.intervalSeconds = num(s("interval"), "--interval");
      break;
    case "replay":
      raw.file = s("file") ? resolve(s("file")!) : undefined;
      raw.speed = num(s("speed"), "--speed");
      break;
    case "demo":
      raw.seed = num(s("seed"), "--seed");
      raw.hours = num(s("hours"), "--hours");
      raw.speed = num(s("speed"), "--speed");
      break;
    default:
      throw new Error(`unknown --source '${kind}'; use bluesky, mastodon, x, rss, replay or demo`);
  }
  for (const k of Object.keys(raw)) if (raw[k] === undefined) delete raw[k];
  return parseSourceSpec(raw);
}


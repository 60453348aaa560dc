import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync } from "node:fs";
import { basename, join } from "node:path";
import { once } from "node:events";
import { GgufFileType, readGgufFileInfo } from "node-llama-cpp";

/** The model `candor models pull` fetches when given no reference: small, hybrid thinking (fast and thinking modes). */
export const DEFAULT_MODEL_REF = "hf:Qwen/Qwen3-1.7B-GGUF/Qwen3-1.7B-Q8_0.gguf";
export const DEFAULT_HF_ENDPOINT = "https://huggingface.co";

export interface InstalledModel {
  id: string;
  file: string;
  sizeBytes: number;
  architecture?: string;
  contextLength?: number;
  quantisation?: string;
  parameters?: string;
  /** `general.name` */
  name?: string;
  hasChatTemplate?: boolean;
  error?: string;
}

export function ggufFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith(".gguf"))
    .sort()
    .map((f) => join(dir, f));
}

/** Reads each GGUF's header only (no weights), so listing a folder of large models is instant. */
export async function describeModel(file: string): Promise<InstalledModel> {
  const id = basename(file).replace(/\.gguf$/i, "");
  const sizeBytes = statSync(file).size;
  try {
    const info = await readGgufFileInfo(file, { readTensorInfo: false, logWarnings: false });
    const meta = info.metadata as unknown as Record<string, Record<string, unknown>> & { tokenizer?: { chat_template?: string } };
    const general = meta.general ?? {};
    const arch = String(general.architecture ?? "");
    const archMeta = (meta[arch] ?? {}) as Record<string, unknown>;
    const ft = general.file_type as number | undefined;
    return {
      id,
      file,
      sizeBytes,
      architecture: arch || undefined,
      contextLength: typeof archMeta.context_length === "number" ? archMeta.context_length : undefined,
      quantisation: ft !== undefined ? (GgufFileType[ft] ?? `type ${ft}`).replace(/^(MOSTLY|ALL)_/, "") : undefined,
      parameters: typeof general.size_label === "string" ? general.size_label : undefined,
      name: typeof general.name === "string" ? general.name : undefined,
      hasChatTemplate: Boolean(meta.tokenizer?.chat_template),
    };
  } catch (err) {
    return { id, file, sizeBytes, error: `not a readable GGUF: ${(err as Error).message}` };
  }
}

export interface ResolvedRef {
  url: string;
  fileName: string;
}

/**
 * `hf:owner/repo/path/file.gguf`, `owner/repo/file.gguf`, `hf.co/owner/repo/file.gguf` or a plain https URL.
 * `hfEndpoint` (HF_ENDPOINT) lets mirrors and tests stand in for huggingface.co.
 */
export function resolveModelRef(ref: string, hfEndpoint = DEFAULT_HF_ENDPOINT): ResolvedRef {
  if (/^https?:\/\//i.test(ref)) {
    const u = new URL(ref);
    const fileName = decodeURIComponent(basename(u.pathname));
    if (!fileName.toLowerCase().endsWith(".gguf")) throw new Error(`'${ref}' does not point at a .gguf file`);
    return { url: ref, fileName };
  }
  const path = ref.replace(/^(hf:|hf\.co\/|huggingface\.co\/)/i, "");
  const parts = path.split("/").filter(Boolean);
  if (parts.length < 3 || !parts[parts.length - 1]!.toLowerCase().endsWith(".gguf")) {
    throw new Error(`cannot understand model reference '${ref}': use hf:OWNER/REPO/FILE.gguf or an https URL to a .gguf file`);
  }
  const [owner, repo, ...file] = parts;
  const endpoint = hfEndpoint.replace(/\/+$/, "");
  return { url: `${endpoint}/${owner}/${repo}/resolve/main/${file.map(encodeURIComponent).join("/")}`, fileName: file[file.length - 1]! };
}

export interface PullProgress {
  received: number;
  total?: number;
  bytesPerSecond: number;
  resumedFrom: number;
}

export interface PullOptions {
  dir: string;
  hfEndpoint?: string;
  /** Bearer token for gated repositories (HF_TOKEN). */
  token?: string;
  onProgress?: (p: PullProgress) => void;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
}

export interface PullResult {
  file: string;
  sizeBytes: number;
  sha256: string;
  verified: boolean;
  resumedFrom: number;
}

async function sha256OfFile(file: string, hash = createHash("sha256")): Promise<ReturnType<typeof createHash>> {
  const stream = createReadStream(file);
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash;
}

/**
 * Downloads a GGUF into `dir`: resumable (a `.partial` file continues with an HTTP Range request),
 * checksum-verified against the source's sha256 when it publishes one (Hugging Face's `x-linked-etag`
 * for LFS files, or an `x-checksum-sha256` / `digest: sha-256=` header), atomically renamed when complete.
 */
export async function pullModel(ref: string, opts: PullOptions): Promise<PullResult> {
  const doFetch = opts.fetchImpl ?? fetch;
  const { url, fileName } = resolveModelRef(ref, opts.hfEndpoint);
  mkdirSync(opts.dir, { recursive: true });
  const target = join(opts.dir, fileName);
  const partial = `${target}.partial`;
  const headers: Record<string, string> = { "user-agent": "candor/0.1" };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;

  // The checksum sits on the first hop of Hugging Face's redirect, so ask without following it.
  let expectedSha: string | undefined;
  let expectedSize: number | undefined;
  const head = await doFetch(url, { method: "HEAD", headers, redirect: "manual", signal: opts.signal });
  if (head.status === 401 || head.status === 403) throw new Error(`access denied to ${fileName} (${head.status}): set HF_TOKEN for gated models`);
  if (head.status === 404) throw new Error(`not found: ${fileName} at ${new URL(url).host}`);
  const linked = head.headers.get("x-linked-etag") ?? head.headers.get("x-checksum-sha256") ?? "";
  const digest = head.headers.get("digest")?.match(/sha-256=([A-Za-z0-9+/=]+)/)?.[1];
  const cleaned = linked.replace(/^W\//, "").replace(/"/g, "");
  if (/^[a-f0-9]{64}$/i.test(cleaned)) expectedSha = cleaned.toLowerCase();
  else if (digest) expectedSha = Buffer.from(digest, "base64").toString("hex");
  const linkedSize = Number(head.headers.get("x-linked-size") ?? NaN);
  if (Number.isFinite(linkedSize)) expectedSize = linkedSize;

  if (existsSync(target) && (!expectedSize || statSync(target).size === expectedSize)) {
    const sha = (await sha256OfFile(target)).digest("hex");
    if (!expectedSha || sha === expectedSha) return { file: target, sizeBytes: statSync(target).size, sha256: sha, verified: !!expectedSha, resumedFrom: 0 };
  }

  let offset = existsSync(partial) ? statSync(partial).size : 0;
  const res = await doFetch(url, { headers: offset ? { ...headers, range: `bytes=${offset}-` } : headers, signal: opts.signal });
  if (res.status === 416 && offset) {
    // The partial file is already complete (or longer than the source): restart from scratch.
    unlinkSync(partial);
    return pullModel(ref, opts);
  }
  if (!res.ok || !res.body) throw new Error(`download of ${fileName} failed: HTTP ${res.status}`);
  if (offset && res.status !== 206) offset = 0; // server ignored the Range header: start over
  const hash = offset ? await sha256OfFile(partial) : createHash("sha256");
  const lengthHeader = Number(res.headers.get("content-length") ?? NaN);
  const total = expectedSize ?? (Number.isFinite(lengthHeader) ? lengthHeader + offset : undefined);
  const out = createWriteStream(partial, { flags: offset ? "a" : "w" });
  const started = Date.now();
  let received = offset;
  let lastReport = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      received += chunk.length;
      if (!out.write(chunk)) await once(out, "drain");
      const now = Date.now();
      if (opts.onProgress && now - lastReport > 100) {
        lastReport = now;
        opts.onProgress({ received, total, bytesPerSecond: ((received - offset) * 1000) / Math.max(1, now - started), resumedFrom: offset });
      }
    }
  } finally {
    out.end();
    await once(out, "close");
  }
  opts.onProgress?.({ received, total, bytesPerSecond: ((received - offset) * 1000) / Math.max(1, Date.now() - started), resumedFrom: offset });
  if (total !== undefined && received < total) throw new Error(`download of ${fileName} stopped at ${received} of ${total} bytes; run the same command again to resume`);
  const sha = hash.digest("hex");
  if (expectedSha && sha !== expectedSha) {
    unlinkSync(partial);
    throw new Error(`checksum mismatch for ${fileName}: expected sha256 ${expectedSha}, got ${sha}; the partial download was removed`);
  }
  renameSync(partial, target);
  return { file: target, sizeBytes: received, sha256: sha, verified: !!expectedSha, resumedFrom: offset };
}

export function formatBytes(n: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/**
 * The one place the app talks HTTP to Candor. Every page goes through `api()` so auth, error shape and
 * the "not available yet" state (404/501 on an area whose API has not landed) are handled the same way.
 */

const KEY_STORAGE = "candor.apiKey";

export function storedApiKey(): string {
  try {
    return localStorage.getItem(KEY_STORAGE) ?? "";
  } catch {
    return "";
  }
}

export const API_KEY_EVENT = "candor:api-key";

export function setStoredApiKey(key: string): void {
  if (key) localStorage.setItem(KEY_STORAGE, key);
  else localStorage.removeItem(KEY_STORAGE);
  window.dispatchEvent(new Event(API_KEY_EVENT));
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = "HttpError";
  }

  /** The server has no such route (or says it is not implemented): the feature is not available yet. */
  get notAvailable(): boolean {
    // 503 with `<area>_disabled` is an area switched off in this server's configuration.
    return this.status === 404 || this.status === 501 || (this.status === 503 && /_disabled$/.test(this.code ?? ""));
  }

  get needsKey(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

export function authHeaders(): Record<string, string> {
  const key = storedApiKey();
  return key ? { authorization: `Bearer ${key}` } : {};
}

async function errorFrom(res: Response): Promise<HttpError> {
  let message = `${res.status} ${res.statusText}`;
  let code: string | null = null;
  let param: string | null = null;
  try {
    const body = (await res.json()) as { error?: { message?: string; code?: string; param?: string } | string };
    if (typeof body.error === "string") message = body.error;
    else if (body.error?.message) {
      message = body.error.message;
      code = body.error.code ?? null;
      param = body.error.param ?? null;
    }
  } catch {
    // Not JSON (a proxy page, an empty body): the status line is the best we have.
  }
  return new HttpError(res.status, message, code, param);
}

export async function request(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const headers: Record<string, string> = { ...authHeaders(), ...(init.headers as Record<string, string> | undefined) };
  let body = init.body;
  if (init.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(init.json);
  }
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers, body });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new HttpError(0, `cannot reach the Candor server: ${(err as Error).message}`, "network_error");
  }
  if (!res.ok) throw await errorFrom(res);
  return res;
}

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const res = await request(path, init);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** Lists come as `{data: [...]}` (OpenAI style) or as a bare array; accept both. */
export function listOf<T>(body: unknown, ...keys: string[]): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === "object") {
    for (const k of ["data", ...keys]) {
      const v = (body as Record<string, unknown>)[k];
      if (Array.isArray(v)) return v as T[];
    }
  }
  return [];
}

/** Timestamps arrive as ISO strings, unix seconds or unix milliseconds depending on the area. */
export function toDate(v: unknown): Date | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v === "number") return new Date(v < 1e12 ? v * 1000 : v);
  const d = new Date(String(v));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function num(v: unknown, fallback = 0): number {
  const n = typeof v === "string" ? Number(v) : (v as number);
  return typeof n === "number" && Number.isFinite(n) ? n : fallback;
}

export function str(v: unknown, fallback = ""): string {
  return typeof v === "string" ? v : v === undefined || v === null ? fallback : String(v);
}

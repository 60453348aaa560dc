import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { SqliteDatabase } from "../storage/database.js";

export const SCOPES = ["inference", "knowledge:read", "arena:vote", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKeyInfo {
  id: string;
  name: string;
  scopes: Scope[];
  /** Requests per minute; null = unlimited. */
  rpm: number | null;
  /** Tokens per minute (prompt + completion, reasoning included in completion); null = unlimited. */
  tpm: number | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreateKeyInput {
  name: string;
  scopes?: string[];
  rpm?: number | null;
  tpm?: number | null;
}

/** Bad input to key management; `param` names the offending field. */
export class AccessError extends Error {
  constructor(
    message: string,
    readonly param: string | null = null,
    readonly status = 400,
  ) {
    super(message);
    this.name = "AccessError";
  }
}

interface KeyRow {
  id: string;
  name: string;
  salt: Buffer;
  hash: Buffer;
  scopes: string;
  rpm: number | null;
  tpm: number | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

// `sk-candor-<12 hex id>-<32 base64url secret>`: the id finds the row, the secret is checked against its hash.
const KEY_PATTERN = /^sk-candor-([0-9a-f]{12})-([A-Za-z0-9_-]{32})$/;
const LAST_USED_EVERY_MS = 60_000;

/** Does `granted` allow `needed`? admin allows everything. */
export function hasScope(granted: readonly Scope[], needed: Scope): boolean {
  return granted.includes(needed) || granted.includes("admin");
}

export function parseScopes(input: readonly string[]): Scope[] {
  const out: Scope[] = [];
  for (const raw of input) {
    const s = raw.trim();
    if (!s) continue;
    if (!(SCOPES as readonly string[]).includes(s)) throw new AccessError(`unknown scope '${s}'; scopes are ${SCOPES.join(", ")}`, "scopes");
    if (!out.includes(s as Scope)) out.push(s as Scope);
  }
  if (out.length === 0) throw new AccessError(`a key needs at least one scope (${SCOPES.join(", ")})`, "scopes");
  return out;
}

/**
 * API keys in the shared SQLite database. The secret is shown once at creation; only a per-key salted HMAC is stored,
 * and verification compares in constant time (also for unknown ids, so timing does not reveal which ids exist).
 */
export class ApiKeyStore {
  private readonly lastUsedWritten = new Map<string, number>();
  private readonly byId;
  private readonly anyKey;
  private readonly touch;

  constructor(private readonly db: SqliteDatabase) {
    this.byId = db.prepare<[string], KeyRow>("SELECT * FROM api_keys WHERE id = ?");
    this.anyKey = db.prepare("SELECT 1 FROM api_keys LIMIT 1").pluck();
    this.touch = db.prepare("UPDATE api_keys SET last_used_at = ? WHERE id = ?");
  }

  create(input: CreateKeyInput): { key: ApiKeyInfo; secret: string } {
    const name = typeof input.name === "string" ? input.name.trim() : "";
    if (!name) throw new AccessError("a key needs a name (what or who uses it)", "name");
    if (name.length > 100) throw new AccessError("a key name may have at most 100 characters", "name");
    const scopes = parseScopes(input.scopes ?? ["inference"]);
    const rpm = limit(input.rpm, "rpm");
    const tpm = limit(input.tpm, "tpm");
    const id = randomBytes(6).toString("hex");
    const secretPart = randomBytes(24).toString("base64url");
    const salt = randomBytes(16);
    const now = new Date().toISOString();
    this.db
      .prepare("INSERT INTO api_keys (id, name, salt, hash, scopes, rpm, tpm, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run(id, name, salt, digest(salt, secretPart), scopes.join(","), rpm, tpm, now);
    return { key: this.get(id)!, secret: `sk-candor-${id}-${secretPart}` };
  }

  get(id: string): ApiKeyInfo | undefined {
    const row = this.byId.get(id);
    return row ? toInfo(row) : undefined;
  }

  list(): ApiKeyInfo[] {
    return (this.db.prepare("SELECT * FROM api_keys ORDER BY created_at, id").all() as KeyRow[]).map(toInfo);
  }

  /** True once it was revoked (also when it already was); false when no such key exists. */
  revoke(id: string): boolean {
    const row = this.byId.get(id);
    if (!row) return false;
    if (!row.revoked_at) this.db.prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ?").run(new Date().toISOString(), id);
    return true;
  }

  /**
   * Whether any key was ever created. Until then the server is open on loopback; afterwards every /v1 request needs
   * a key, even once all are revoked (revoking the last key must not reopen the server).
   */
  hasKeys(): boolean {
    return this.anyKey.get() !== undefined;
  }

  /** The active key a bearer token stands for, or undefined (unknown, malformed, wrong secret, revoked). */
  verify(token: string): ApiKeyInfo | undefined {
    const m = KEY_PATTERN.exec(token);
    const row = m ? this.byId.get(m[1]!) : undefined;
    const salt = row?.salt ?? DUMMY_SALT;
    const expected = row?.hash ?? DUMMY_HASH;
    const ok = timingSafeEqual(digest(salt, m?.[2] ?? token), expected);
    if (!row || !ok || row.revoked_at) return undefined;
    this.noteUse(row.id);
    return toInfo(row);
  }

  /** last_used_at is informational: written at most once a minute per key so auth stays a read. */
  private noteUse(id: string): void {
    const now = Date.now();
    if (now - (this.lastUsedWritten.get(id) ?? 0) < LAST_USED_EVERY_MS) return;
    this.lastUsedWritten.set(id, now);
    try {
      this.touch.run(new Date(now).toISOString(), id);
    } catch {
      // a busy database must not fail the request over a timestamp
    }
  }
}

const DUMMY_SALT = randomBytes(16);
const DUMMY_HASH = digest(DUMMY_SALT, randomBytes(24).toString("base64url"));

function digest(salt: Buffer, secret: string): Buffer {
  return createHmac("sha256", salt).update(secret).digest();
}

function limit(v: number | null | undefined, param: string): number | null {
  if (v === undefined || v === null) return null;
  if (!Number.isInteger(v) || v <= 0) throw new AccessError(`${param} must be a positive whole number (or left out for no limit), got ${v}`, param);
  return v;
}

function toInfo(r: KeyRow): ApiKeyInfo {
  return {
    id: r.id,
    name: r.name,
    scopes: r.scopes.split(",").filter(Boolean) as Scope[],
    rpm: r.rpm,
    tpm: r.tpm,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

import { api, listOf, num, str, toDate } from "./http.js";

export interface ApiKeyView {
  id: string;
  name: string;
  prefix?: string;
  scopes: string[];
  rpm?: number;
  tpm?: number;
  createdAt?: Date;
  lastUsedAt?: Date;
  revoked: boolean;
}

export const SCOPES = ["inference", "knowledge:read", "arena:vote", "admin"] as const;

function toKey(r: Record<string, unknown>): ApiKeyView {
  const scopes = r.scopes;
  return {
    id: str(r.id),
    name: str(r.name),
    prefix: r.prefix ? str(r.prefix) : r.key_prefix ? str(r.key_prefix) : undefined,
    scopes: Array.isArray(scopes) ? scopes.map(String) : typeof scopes === "string" ? scopes.split(/[,\s]+/).filter(Boolean) : [],
    rpm: r.rpm !== undefined && r.rpm !== null ? num(r.rpm) : undefined,
    tpm: r.tpm !== undefined && r.tpm !== null ? num(r.tpm) : undefined,
    createdAt: toDate(r.created_at ?? r.createdAt ?? r.created),
    lastUsedAt: toDate(r.last_used_at ?? r.lastUsedAt),
    revoked: Boolean(r.revoked ?? r.revoked_at ?? r.revokedAt),
  };
}

export async function listKeys(): Promise<ApiKeyView[]> {
  return listOf<Record<string, unknown>>(await api<unknown>("/v1/keys"), "keys").map(toKey).filter((k) => !k.revoked);
}

export async function createKey(input: { name: string; scopes: string[]; rpm?: number; tpm?: number }): Promise<{ key: string; view: ApiKeyView }> {
  const body = await api<Record<string, unknown>>("/v1/keys", { method: "POST", json: input });
  const inner = (body.data && typeof body.data === "object" && !Array.isArray(body.data) ? body.data : body) as Record<string, unknown>;
  return { key: str(inner.key ?? inner.secret ?? inner.token ?? body.key), view: toKey(inner) };
}

export async function revokeKey(id: string): Promise<void> {
  await api<unknown>(`/v1/keys/${encodeURIComponent(id)}`, { method: "DELETE" });
}

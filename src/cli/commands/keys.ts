import { configFromFlags, parseCommandArgs } from "../common-options.js";
import { openDatabase } from "../../storage/database.js";
import { databasePath } from "../../runtime/services.js";
import { coreMigrations } from "../../runtime/migrations.js";
import { ApiKeyStore, SCOPES } from "../../access/index.js";

export const summary = "create, list and revoke API keys (scopes, per-key rate limits)";

const USAGE = `usage:
  candor keys create --name NAME [--scopes a,b] [--rpm N] [--tpm N] [--data DIR]
  candor keys list [--json] [--data DIR]
  candor keys revoke ID [--data DIR]

Scopes: ${SCOPES.join(", ")} (default: inference; admin allows everything).
--rpm / --tpm: requests and tokens per minute for this key (default: unlimited).
The key is printed once, alone on the last line; only a salted hash is stored.
Once a key exists, every /v1 request needs one (Authorization: Bearer KEY or x-api-key).`;

function positiveInt(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${flag} must be a positive whole number, got '${v}'`);
  return n;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    name: { type: "string" },
    scopes: { type: "string" },
    rpm: { type: "string" },
    tpm: { type: "string" },
    json: { type: "boolean" },
  });
  const [sub, ...rest] = positionals;
  if (values.help || !sub) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const config = configFromFlags(values);
  const db = openDatabase(databasePath(config), coreMigrations);
  try {
    const keys = new ApiKeyStore(db);
    if (sub === "create") {
      if (!values.name) throw new Error("keys create needs --name NAME (who or what uses the key)");
      const { key, secret } = keys.create({
        name: values.name,
        scopes: values.scopes?.split(","),
        rpm: positiveInt(values.rpm, "rpm"),
        tpm: positiveInt(values.tpm, "tpm"),
      });
      console.log(`created key ${key.id} '${key.name}' scopes=${key.scopes.join(",")} rpm=${key.rpm ?? "unlimited"} tpm=${key.tpm ?? "unlimited"}`);
      console.log("store it now: it is shown only this once");
      console.log(secret);
      return 0;
    }
    if (sub === "list") {
      const list = keys.list();
      if (values.json) {
        console.log(JSON.stringify(list, null, 2));
        return 0;
      }
      if (!list.length) {
        console.log("no API keys: the server answers loopback clients only. Create one with `candor keys create --name NAME`.");
        return 0;
      }
      const rows = [["ID", "NAME", "SCOPES", "RPM", "TPM", "CREATED", "LAST USED", "STATUS"]];
      for (const k of list) {
        rows.push([k.id, k.name, k.scopes.join(","), String(k.rpm ?? "-"), String(k.tpm ?? "-"), k.createdAt.slice(0, 19), k.lastUsedAt?.slice(0, 19) ?? "-", k.revokedAt ? `revoked ${k.revokedAt.slice(0, 10)}` : "active"]);
      }
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd());
      return 0;
    }
    if (sub === "revoke") {
      const id = rest[0];
      if (!id) throw new Error("keys revoke needs the key's ID (see `candor keys list`)");
      if (!keys.revoke(id)) throw new Error(`no API key with id '${id}' (see \`candor keys list\`)`);
      console.log(`revoked key ${id}`);
      return 0;
    }
    throw new Error(`unknown subcommand '${sub}': use create, list or revoke`);
  } finally {
    db.close();
  }
}

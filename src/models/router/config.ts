import { z } from "zod";

/**
 * Upstream providers and aliases (`providers`, `aliases` in candor.config.json). Owned by src/models/router.
 * Messages are written for the person editing the file: config.ts prefixes each with its path.
 */

const PROVIDER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const baseUrlSchema = z
  .string({ error: "must be a URL string such as http://127.0.0.1:8000/v1" })
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === "http:" || u.protocol === "https:";
    } catch {
      return false;
    }
  }, "must be an http:// or https:// URL such as http://127.0.0.1:8000/v1");

const openAICompatibleProviderSchema = z
  .object({
    kind: z.literal("openai-compatible", { error: 'kind must be "openai-compatible" (the only provider kind so far)' }),
    /** One server; shorthand for a one-element `baseUrls`. */
    baseUrl: baseUrlSchema.optional(),
    /** Replicas of the same server, load-balanced by least outstanding requests. */
    baseUrls: z.array(baseUrlSchema).min(1, "needs at least one URL").optional(),
    /** Name of the environment variable holding the provider's API key; the key itself never goes in the file. */
    apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name such as XAI_API_KEY").optional(),
    /** Model names the provider offers; when absent they are discovered from its /models. */
    models: z.array(z.string().min(1, "model names cannot be empty")).min(1, "list at least one model, or leave models out to discover them").optional(),
    /** Longest silence (ms) before the first byte and between two streamed chunks. */
    timeoutMs: z
      .number({ error: "must be a number of milliseconds" })
      .int("must be a whole number of milliseconds")
      .positive("must be more than 0 milliseconds")
      .max(3_600_000, "must be at most 3600000 (one hour)")
      .default(60_000),
    /** Extra HTTP headers sent with every request (e.g. OpenRouter's HTTP-Referer). */
    headers: z.record(z.string(), z.string()).default({}),
    /** Passive health checks: first ejection of a failing replica (doubles per consecutive failure) and its cap. */
    ejectBaseMs: z.number().int().positive().default(1000),
    ejectMaxMs: z.number().int().positive().default(30_000),
    contextLength: z.number().int().positive().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (!p.baseUrl && !p.baseUrls) ctx.addIssue({ code: "custom", message: "needs baseUrl or baseUrls (the server's OpenAI-compatible root, e.g. http://127.0.0.1:8000/v1)", path: ["baseUrls"] });
    if (p.baseUrl && p.baseUrls) ctx.addIssue({ code: "custom", message: "give either baseUrl or baseUrls, not both", path: ["baseUrl"] });
  });

export const providerConfigSchema = openAICompatibleProviderSchema;
export type ProviderConfig = z.infer<typeof providerConfigSchema>;

const providerNameSchema = z
  .string()
  .regex(PROVIDER_NAME, "provider names may only use letters, digits, '.', '_' and '-' (no '/')")
  .refine((n) => n !== "local", "'local' is reserved for the embedded models; pick another provider name");

export const providersConfigSchema = z
  .record(providerNameSchema, providerConfigSchema, {
    // zod reports a bad key as "Invalid key in record"; the reason is in the nested issue.
    error: (iss) => (iss.code === "invalid_key" ? (iss.issues as { message: string }[] | undefined)?.[0]?.message : undefined),
  })
  .default({});

export const aliasesConfigSchema = z
  .record(z.string(), z.array(z.string().min(1, "model strings cannot be empty")).min(1, "an alias needs at least one model"))
  .default({});

/** The base URLs of a provider, whichever way the file gave them. */
export function providerBaseUrls(p: ProviderConfig): string[] {
  return p.baseUrls ?? (p.baseUrl ? [p.baseUrl] : []);
}

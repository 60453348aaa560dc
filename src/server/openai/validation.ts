import type { z } from "zod";
import { ApiError } from "../errors.js";

/** `messages.0.content` → `messages[0].content`, the way OpenAI names parameters in errors. */
export function paramPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/** Validates a request body; the first problem becomes a 400 naming the parameter. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === undefined || body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ApiError(400, "the request body must be a JSON object", null, "invalid_request_body");
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const param = paramPath(issue.path);
  const code = issue.code === "invalid_type" && (issue as { input?: unknown }).input === undefined ? "missing_required_parameter" : "invalid_value";
  const what = code === "missing_required_parameter" ? `missing required parameter '${param}'` : `invalid '${param || "body"}': ${issue.message}`;
  throw new ApiError(400, what, param || null, code);
}

/**
 * node-llama-cpp turns a JSON schema into a grammar but silently degrades what it does not understand (an unknown
 * type becomes `null`, a broken `$ref` becomes "any JSON", `pattern` is ignored). Output would then parse but not
 * validate, so schemas are checked first and refused with a message naming the unsupported part.
 */
const TYPES = new Set(["string", "number", "integer", "boolean", "null", "object", "array"]);
const KEYWORDS = new Set([
  "type", "description", "title", "$defs", "definitions", "$schema", "$id", "$comment", "default", "examples",
  "required", "properties", "additionalProperties", "minProperties", "maxProperties",
  "items", "prefixItems", "minItems", "maxItems",
  "minLength", "maxLength", "format", "enum", "const", "oneOf", "anyOf", "$ref",
]);
const FORMATS = new Set(["date-time", "time", "date"]);

/** Returns a description of the first unsupported construct, or undefined when the schema can be enforced. */
export function unsupportedJsonSchemaPart(schema: unknown): string | undefined {
  const root = schema;
  const visit = (node: unknown, path: string): string | undefined => {
    if (typeof node === "boolean") return undefined;
    if (node === null || typeof node !== "object" || Array.isArray(node)) return `${path} must be an object`;
    const s = node as Record<string, unknown>;
    for (const key of Object.keys(s)) if (!KEYWORDS.has(key)) return `${path}.${key} is not supported`;
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? s.type : [s.type];
      for (const t of types) if (typeof t !== "string" || !TYPES.has(t)) return `${path}.type ${JSON.stringify(t)} is not a JSON schema type`;
    }
    if (s.format !== undefined && !FORMATS.has(String(s.format))) return `${path}.format ${JSON.stringify(s.format)} is not supported`;
    if (s.enum !== undefined && (!Array.isArray(s.enum) || s.enum.length === 0)) return `${path}.enum must be a non-empty array`;
    if (s.required !== undefined && (!Array.isArray(s.required) || s.required.some((r) => typeof r !== "string"))) {
      return `${path}.required must be an array of property names`;
    }
    for (const key of ["oneOf", "anyOf", "prefixItems"] as const) {
      if (s[key] === undefined) continue;
      if (!Array.isArray(s[key]) || (s[key] as unknown[]).length === 0) return `${path}.${key} must be a non-empty array`;
      for (const [i, sub] of (s[key] as unknown[]).entries()) {
        const bad = visit(sub, `${path}.${key}[${i}]`);
        if (bad) return bad;
      }
    }
    for (const key of ["properties", "$defs", "definitions"] as const) {
      if (s[key] === undefined) continue;
      if (s[key] === null || typeof s[key] !== "object" || Array.isArray(s[key])) return `${path}.${key} must be an object`;
      for (const [name, sub] of Object.entries(s[key] as Record<string, unknown>)) {
        const bad = visit(sub, `${path}.${key}.${name}`);
        if (bad) return bad;
      }
    }
    for (const key of ["items", "additionalProperties"] as const) {
      if (s[key] === undefined) continue;
      const bad = visit(s[key], `${path}.${key}`);
      if (bad) return bad;
    }
    if (s.$ref !== undefined) {
      if (typeof s.$ref !== "string" || !s.$ref.startsWith("#/")) return `${path}.$ref must point inside the schema (#/...)`;
      let target: unknown = root;
      for (const part of s.$ref.slice(2).split("/")) {
        target = target && typeof target === "object" ? (target as Record<string, unknown>)[part.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
      }
      if (target === undefined) return `${path}.$ref ${s.$ref} points to nothing`;
    }
    return undefined;
  };
  return visit(schema, "schema");
}

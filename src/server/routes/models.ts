import type { FastifyInstance } from "fastify";
import type { CandorServices } from "../../runtime/services.js";
import { MODE_ALIASES } from "../../assistant/assistant.js";
import type { ModelInfo } from "../../models/chat-model.js";
import { notFound } from "../errors.js";

function toWire(m: ModelInfo, created: number) {
  return {
    id: m.id,
    object: "model" as const,
    created,
    owned_by: m.ownedBy,
    candor: { provider: m.provider, context_length: m.contextLength, capabilities: m.capabilities, ...(m.details ? { details: m.details } : {}) },
  };
}

/** Installed models plus the mode aliases that point at the default model. */
function allModels(services: CandorServices) {
  const created = Math.floor(Date.now() / 1000);
  const models = services.models.list().map((m) => toWire(m, created));
  const def = services.models.defaultModelId();
  const defInfo = def ? services.models.list().find((m) => m.id === def) : undefined;
  if (defInfo) {
    for (const [alias, mode] of Object.entries(MODE_ALIASES)) {
      models.push({ ...toWire({ ...defInfo, id: alias }, created), owned_by: "candor", candor: { ...toWire(defInfo, created).candor, alias_of: def, mode } as never });
    }
  }
  return models;
}

export async function registerModelRoutes(app: FastifyInstance, services: CandorServices): Promise<void> {
  app.get("/v1/models", async () => ({ object: "list", data: allModels(services) }));
  app.get<{ Params: { "*": string } }>("/v1/models/*", async (req) => {
    const id = req.params["*"];
    const m = allModels(services).find((x) => x.id === id);
    if (!m) throw notFound(`the model '${id}' does not exist`, "model", "model_not_found");
    return m;
  });
}

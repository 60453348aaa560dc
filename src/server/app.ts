import Fastify, { type FastifyInstance } from "fastify";
import type { CandorServices } from "../runtime/services.js";
import { ApiError } from "./errors.js";
import { ModelError } from "../models/chat-model.js";
import { toApiError } from "./openai/model-errors.js";
import { registerAuth } from "./auth/index.js";
import { registerOpenAIRoutes } from "./routes/openai.js";
import { registerKnowledgeRoutes } from "./routes/knowledge.js";
import { registerArenaRoutes } from "./routes/arena.js";
import { registerAccessRoutes } from "./routes/access.js";
import { registerWebRoutes } from "./routes/web.js";

/**
 * The HTTP layer: wire formats in and out, nothing else. Cross-cutting concerns (auth, limits, errors)
 * are hooks registered here; each area's routes live in routes/<area>.ts.
 */
export async function buildServer(services: CandorServices): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: services.config.server.bodyLimitBytes,
    // Clients disconnecting mid-stream are normal; the handlers watch the socket themselves.
    return503OnClosing: true,
    forceCloseConnections: "idle",
  });

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof ModelError) err = toApiError(err);
    if (err instanceof ApiError) {
      for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
      return reply.status(err.status).send(err.toBody());
    }
    const e = err as Error & { statusCode?: number; code?: string; validation?: unknown };
    if (e.code === "FST_ERR_CTP_BODY_TOO_LARGE" || e.statusCode === 413) {
      return reply
        .status(413)
        .send(new ApiError(413, `request body is larger than the limit of ${services.config.server.bodyLimitBytes} bytes`, null, "request_too_large").toBody());
    }
    if (e.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" || e.statusCode === 415) {
      return reply.status(415).send(new ApiError(415, "unsupported content type: send application/json", null, "unsupported_media_type").toBody());
    }
    if (e instanceof SyntaxError || e.code === "FST_ERR_CTP_EMPTY_JSON_BODY" || e.code === "FST_ERR_CTP_INVALID_JSON_BODY") {
      return reply.status(400).send(new ApiError(400, `the request body is not valid JSON: ${e.message}`, null, "invalid_json").toBody());
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.status(e.statusCode).send(new ApiError(e.statusCode, e.message, null, e.code ?? null).toBody());
    }
    services.log(`internal error: ${e.stack ?? e.message}`);
    return reply.status(500).send(new ApiError(500, "internal server error", null, "internal_error").toBody());
  });

  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send(new ApiError(404, `no route for ${req.method} ${req.url.split("?")[0]}`, null, "unknown_route").toBody());
  });

  app.get("/healthz", async () => ({ status: "ok" }));

  await registerAuth(app, services);
  await registerOpenAIRoutes(app, services);
  await registerKnowledgeRoutes(app, services);
  await registerArenaRoutes(app, services);
  await registerAccessRoutes(app, services);
  await registerWebRoutes(app, services);
  return app;
}

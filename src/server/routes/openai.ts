import type { FastifyInstance } from "fastify";
import type { CandorServices } from "../../runtime/services.js";

export async function registerOpenAIRoutes(_app: FastifyInstance, _services: CandorServices): Promise<void> {}

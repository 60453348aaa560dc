import type { FastifyInstance } from "fastify";
import type { CandorServices } from "../../runtime/services.js";

export async function registerAccessRoutes(_app: FastifyInstance, _services: CandorServices): Promise<void> {}

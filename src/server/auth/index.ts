import type { FastifyInstance } from "fastify";
import type { CandorServices } from "../../runtime/services.js";

/**
 * Authentication, scopes and rate-limit headers as a Fastify hook, registered before every route.
 * Owned by the gateway work (issue 4); until then every request is allowed (the server binds loopback only).
 */
export async function registerAuth(_app: FastifyInstance, _services: CandorServices): Promise<void> {}

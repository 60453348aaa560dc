import type { FastifyInstance } from "fastify";
import type { CandorServices } from "../../runtime/services.js";
import { registerChatCompletionRoutes } from "./chat-completions.js";
import { registerResponsesRoutes } from "./responses.js";
import { registerCompletionRoutes } from "./completions.js";
import { registerModelRoutes } from "./models.js";
import { registerConversationRoutes } from "./conversations.js";

/** The OpenAI/xAI-compatible surface: chat completions, responses, completions, embeddings, models, conversations. */
export async function registerOpenAIRoutes(app: FastifyInstance, services: CandorServices): Promise<void> {
  await registerModelRoutes(app, services);
  await registerChatCompletionRoutes(app, services);
  await registerResponsesRoutes(app, services);
  await registerCompletionRoutes(app, services);
  await registerConversationRoutes(app, services);
}

import { z } from "zod";

/** Knowledge engine section of candor.config.json (`knowledge`). Owned by src/knowledge. */
export const knowledgeConfigSchema = z.object({}).passthrough();
export type KnowledgeConfig = z.infer<typeof knowledgeConfigSchema>;

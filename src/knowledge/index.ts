import type { AreaContext } from "../runtime/area-context.js";

/** The real-time knowledge engine (issue 3): sources → store → analysis → search. */
export interface KnowledgeServices {
  close(): Promise<void>;
}

export async function createKnowledgeServices(_ctx: AreaContext): Promise<KnowledgeServices | undefined> {
  return undefined;
}

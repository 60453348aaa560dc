import type { CandorConfig } from "../config.js";
import type { SqliteDatabase } from "../storage/database.js";
import type { ModelRegistry } from "../models/model-registry.js";
import type { Assistant } from "../assistant/assistant.js";

/** What every area's factory receives from the composition root. */
export interface AreaContext {
  config: CandorConfig;
  db: SqliteDatabase;
  models: ModelRegistry;
  /** Areas plug in through its hooks (live search, best-of-N scorers); they never import the server. */
  assistant: Assistant;
  /** One-line operational messages (start-up, source state); the CLI prints them. */
  log: (line: string) => void;
}

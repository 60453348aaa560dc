import { join } from "node:path";
import type { CandorConfig } from "../config.js";
import { openDatabase, type SqliteDatabase } from "../storage/database.js";
import type { ModelRegistry } from "../models/model-registry.js";
import { createModelRegistry } from "../models/index.js";
import { Assistant } from "../assistant/assistant.js";
import { DeferredCompletions } from "../assistant/deferred-completions.js";
import { ConversationStore } from "../assistant/conversation-store.js";
import { createKnowledgeServices, type KnowledgeServices } from "../knowledge/index.js";
import { createEvaluationServices, type EvaluationServices } from "../evaluation/index.js";
import { createAccessServices, type AccessServices } from "../access/index.js";
import { coreMigrations } from "./migrations.js";
import type { AreaContext } from "./area-context.js";

/** Everything a running Candor holds; built once by the composition root, shared by server and CLI. */
export interface CandorServices {
  config: CandorConfig;
  db: SqliteDatabase;
  models: ModelRegistry;
  assistant: Assistant;
  deferred: DeferredCompletions;
  conversations: ConversationStore;
  knowledge?: KnowledgeServices;
  evaluation?: EvaluationServices;
  access?: AccessServices;
  log: (line: string) => void;
  close(): Promise<void>;
}

export interface CreateServicesOptions {
  log?: (line: string) => void;
  /** Use this registry instead of loading models from config (tests with scripted backends). */
  models?: ModelRegistry;
  /** Skip areas a command does not need (e.g. `candor keys` needs no models). */
  areas?: { knowledge?: boolean; evaluation?: boolean; access?: boolean };
}

export function databasePath(config: CandorConfig): string {
  return join(config.dataDir, "candor.db");
}

export async function createServices(config: CandorConfig, opts: CreateServicesOptions = {}): Promise<CandorServices> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const db = openDatabase(databasePath(config), coreMigrations);
  const models = opts.models ?? (await createModelRegistry(config, log));
  const assistant = new Assistant({ models, config: config.assistant });
  const ctx: AreaContext = { config, db, models, assistant, log };
  const areas = { knowledge: true, evaluation: true, access: true, ...opts.areas };
  const access = areas.access ? await createAccessServices(ctx) : undefined;
  const knowledge = areas.knowledge ? await createKnowledgeServices(ctx) : undefined;
  const evaluation = areas.evaluation ? await createEvaluationServices(ctx) : undefined;
  const deferred = new DeferredCompletions(db);
  let closed = false;
  return {
    config,
    db,
    models,
    assistant,
    deferred,
    conversations: new ConversationStore(db),
    knowledge,
    evaluation,
    access,
    log,
    async close() {
      if (closed) return;
      closed = true;
      deferred.close();
      await knowledge?.close();
      await evaluation?.close();
      await access?.close();
      await models.dispose?.();
      db.close();
    },
  };
}

import type { Migration } from "../storage/database.js";

/**
 * Every area's migrations, applied when the shared database opens. Areas export their own list
 * (e.g. `knowledgeMigrations`) and it is added here, so one file shows the whole schema's history.
 */
import { assistantMigrations } from "../assistant/migrations.js";
import { evaluationMigrations } from "../evaluation/migrations.js";
import { accessMigrations } from "../access/migrations.js";
import { rewardMigrations } from "../evaluation/reward/migrations.js";
import { knowledgeMigrations } from "../knowledge/migrations.js";

export const coreMigrations: Migration[] = [...assistantMigrations, ...evaluationMigrations, ...accessMigrations, ...rewardMigrations, ...knowledgeMigrations];

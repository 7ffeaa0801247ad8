import type { DB } from "../../platform/db/schema.js";

export type { StageKind } from "../../platform/db/column-types.js";

/** Sales pipelines (reference data, no owner) and their ordered stages. Seeded with "New sales" (see seed-names.ts). */
export type PipelinesTable = DB["pipelines"];
export type PipelineStagesTable = DB["pipeline_stages"];

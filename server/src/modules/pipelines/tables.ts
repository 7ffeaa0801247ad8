import type { ColumnType, Generated } from "kysely";

export type StageKind = "open" | "won" | "lost";

/** Sales pipelines (reference data, no owner) and their ordered stages. Seeded with "New sales" (see seed-names.ts). */
export interface PipelinesTable {
  id: Generated<string>;
  name: string;
  position: Generated<number>;
  is_default: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface PipelineStagesTable {
  id: Generated<string>;
  pipeline_id: string;
  name: string;
  position: number;
  probability: number;
  kind: StageKind;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PipelineTables {
  pipelines: PipelinesTable;
  pipeline_stages: PipelineStagesTable;
}

import type { ColumnType, Generated } from "kysely";
import type { Json } from "../../platform/db/tables.js";

export interface DealsTable {
  id: Generated<string>;
  title: string;
  company_id: string | null;
  contact_id: string | null;
  /** numeric(15,2), returned as a decimal string. */
  amount: string | null;
  currency: string | null;
  pipeline_id: string;
  stage_id: string;
  probability: number;
  /** true when the probability was set by hand (stage moves then keep it). */
  probability_manual: Generated<boolean>;
  expected_close_date: string | null;
  source: string | null;
  lost_reason: string | null;
  stage_entered_at: Generated<Date>;
  closed_at: Date | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  owner_id: string;
  custom: Json<Record<string, unknown>>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/**
 * One row per stay of a deal in a stage (`left_at` null = current). Written on create and every move, in the
 * same transaction; funnel analytics reads conversion and time-in-stage from it.
 */
export interface DealStageHistoryTable {
  id: Generated<string>;
  deal_id: string;
  pipeline_id: string;
  from_stage_id: string | null;
  to_stage_id: string;
  entered_at: Generated<Date>;
  left_at: Date | null;
  moved_by: string | null;
}

export interface DealTables {
  deals: DealsTable;
  deal_stage_history: DealStageHistoryTable;
}

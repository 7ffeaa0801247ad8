import type { DB } from "../../platform/db/schema.js";

/** `amount` is numeric(15,2), read as a decimal string; `probability_manual`: set by hand (stage moves keep it). */
export type DealsTable = DB["deals"];
/**
 * One row per stay of a deal in a stage (`left_at` null = current). Written on create and every move, in the
 * same transaction; funnel analytics reads conversion and time-in-stage from it.
 */
export type DealStageHistoryTable = DB["deal_stage_history"];

/** What every built-in widget is made of: its run context, its output, column helpers. */
import type { Actor } from "../../platform/access/actor.js";
import type {
  Cell,
  CommunicationSource,
  WidgetColumn,
  WidgetDefinition,
  WidgetNotice,
} from "../../platform/analytics/widget.js";
import type { Database } from "../../platform/db/database.js";
import type { Filters } from "./filters.js";
import type { RollupView } from "./rollup-repository.js";

export type Row = Record<string, Cell>;

export interface WidgetOutput {
  columns: WidgetColumn[];
  rows: Row[];
  notices?: WidgetNotice[];
  /** Set when the figures came from the daily rollups (then as current as `RunContext.rollup`). */
  fromRollup?: boolean;
}

export interface RunContext {
  db: Database;
  actor: Actor;
  filters: Filters;
  /** Fields of `optionalFields` the viewer may see (hidden ones drop their columns). */
  visible(entity: string, field: string): boolean;
  communicationSources: readonly CommunicationSource[];
  /** The daily rollups of the viewer's time zone, when built (sums over days are read from them). */
  rollup: RollupView | null;
}

/** A built-in widget: its catalogue entry plus the function that computes it. */
export interface BuiltinWidget extends WidgetDefinition {
  run(ctx: RunContext): Promise<WidgetOutput>;
}

export const col = (
  key: string,
  type: WidgetColumn["type"],
  extra: Partial<WidgetColumn> = {},
): WidgetColumn => ({
  key,
  type,
  ...extra,
});
export const money = (key: string) => col(key, "money", { currencyKey: "currency" });
export const amount = { entity: "deals", field: "amount" } as const;
export const multiCurrency = (rows: Row[]): WidgetNotice[] =>
  new Set(rows.map((r) => r.currency)).size > 1 ? [{ code: "mixed_currencies" }] : [];

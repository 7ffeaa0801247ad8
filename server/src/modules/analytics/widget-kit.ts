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
  /** The workspace currency money figures are converted to (`currencies`: rates with history). */
  workspaceCurrency: string;
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

/** A money column in the workspace currency (rows carry it in the hidden `workspaceCurrency` column). */
export const converted = (key: string) => col(key, "money", { currencyKey: "workspaceCurrency" });
export const workspaceCurrencyColumn = col("workspaceCurrency", "string", { hidden: true });

/**
 * Rows whose money was also converted to the workspace currency (SQL `convertedSum`, each amount at the rate of
 * its own day): each gets the `workspaceCurrency`, and the currencies some amount of which had no rate are named
 * in a `missing_rates` notice (their converted figures leave those amounts out, as the board's total does).
 */
export function withConversion<T extends { currency?: Cell; no_rate?: boolean | null }>(
  rows: readonly T[],
  workspaceCurrency: string,
): { rows: Row[]; notices: WidgetNotice[] } {
  const missing = new Set<string>();
  const out = rows.map(({ no_rate, ...row }) => {
    if (no_rate && typeof row.currency === "string") missing.add(row.currency);
    return { ...(row as Row), workspaceCurrency };
  });
  return { rows: out, notices: missingRates(missing, workspaceCurrency) };
}

export const missingRates = (missing: ReadonlySet<string>, workspaceCurrency: string): WidgetNotice[] =>
  missing.size
    ? [
        {
          code: "missing_rates",
          params: { currencies: [...missing].sort().join(", "), currency: workspaceCurrency },
        },
      ]
    : [];

/** Exact sum of decimal strings (2 digits), without floats: amounts are scaled to integer cents. */
export function sumDecimals(values: readonly string[]): string {
  let cents = 0n;
  for (const v of values) {
    const [int = "0", frac = ""] = v.replace("-", "").split(".");
    const c = BigInt(int) * 100n + BigInt(`${frac}00`.slice(0, 2));
    cents += v.startsWith("-") ? -c : c;
  }
  const sign = cents < 0n ? "-" : "";
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

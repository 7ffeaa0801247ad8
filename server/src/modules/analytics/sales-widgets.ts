import { forecastFromRollup, funnelFromRollup, timeInStageFromRollup } from "./deal-rollup-widgets.js";
import { winRateFromRollup, wonRevenueFromRollup } from "./rollup-widgets.js";
import * as sales from "./sales-repository.js";
import { planFact } from "./targets-repository.js";
import {
  amount,
  type BuiltinWidget,
  col,
  converted,
  missingRates,
  money,
  multiCurrency,
  withConversion,
  workspaceCurrencyColumn,
} from "./widget-kit.js";

/** The sales dashboard's widgets. */
export const SALES_WIDGETS: BuiltinWidget[] = [
  {
    id: "sales.funnel",
    dashboard: "sales",
    path: "/api/v1/analytics/sales/funnel",
    chart: { type: "funnel", x: "stage", y: ["entered"] },
    fields: [{ entity: "deals", field: "stageId" }],
    entities: ["deals"],
    run: async ({ db, actor, filters, rollup }) => ({
      columns: [
        col("stage", "stage"),
        col("entered", "number"),
        col("conversion", "percent"),
        col("fromPrevious", "percent"),
      ],
      rows: rollup ? await funnelFromRollup(db, actor, filters) : await sales.funnel(db, actor, filters),
      fromRollup: !!rollup,
    }),
  },
  {
    id: "sales.forecast",
    dashboard: "sales",
    path: "/api/v1/analytics/sales/forecast",
    // Each currency's part in the workspace currency, stacked: the bar is the month's whole forecast.
    chart: { type: "stackedBar", x: "month", y: ["weightedConverted"], series: "currency" },
    fields: [
      amount,
      { entity: "deals", field: "probability" },
      { entity: "deals", field: "expectedCloseDate" },
    ],
    entities: ["deals"],
    run: async ({ db, actor, filters, rollup, workspaceCurrency: base }) => {
      const raw = rollup
        ? await forecastFromRollup(db, actor, filters, base)
        : await sales.forecast(db, actor, filters, base);
      const { rows, notices } = withConversion(raw, base);
      return {
        columns: [
          col("month", "month"),
          col("currency", "string"),
          col("deals", "number"),
          money("amount"),
          money("weighted"),
          converted("amountConverted"),
          converted("weightedConverted"),
          workspaceCurrencyColumn,
        ],
        rows,
        notices: [...multiCurrency(rows), ...notices],
        fromRollup: !!rollup,
      };
    },
  },
  {
    id: "sales.win-rate",
    dashboard: "sales",
    path: "/api/v1/analytics/sales/win-rate",
    chart: { type: "bar", x: "user", y: ["winRate"], horizontal: true },
    fields: [
      { entity: "deals", field: "stageId" },
      { entity: "deals", field: "ownerId" },
    ],
    entities: ["deals"],
    run: async ({ db, actor, filters, rollup }) => ({
      columns: [col("user", "user"), col("won", "number"), col("lost", "number"), col("winRate", "percent")],
      rows: rollup
        ? await winRateFromRollup(db, actor, filters, rollup)
        : await sales.winRate(db, actor, filters),
      fromRollup: !!rollup,
    }),
  },
  {
    id: "sales.deal-size",
    dashboard: "sales",
    path: "/api/v1/analytics/sales/deal-size",
    // The first row is every currency together in the workspace currency; then one row per currency.
    chart: { type: "bar", x: "currency", y: ["averageConverted", "medianConverted"] },
    fields: [amount],
    entities: ["deals"],
    run: async ({ db, actor, filters, workspaceCurrency: base }) => {
      const raw = await sales.dealSize(db, actor, filters, base);
      const { rows, notices } = withConversion(raw, base);
      return {
        columns: [
          // enum: the web names the first row (currency null) "All currencies".
          col("currency", "enum"),
          col("won", "number"),
          money("average"),
          money("median"),
          converted("averageConverted"),
          converted("medianConverted"),
          workspaceCurrencyColumn,
        ],
        rows,
        notices: [...multiCurrency(rows.filter((r) => r.currency !== null)), ...notices],
      };
    },
  },
  {
    id: "sales.cycle",
    dashboard: "sales",
    path: "/api/v1/analytics/sales/cycle",
    chart: { type: "number", y: ["median"] },
    fields: [
      { entity: "deals", field: "closedAt" },
      { entity: "deals", field: "createdAt" },
    ],
    entities: ["deals"],
    run: async ({ db, actor, filters }) => ({
      columns: [
        col("median", "duration"),
        col("p90", "duration"),
        col("avg", "duration"),
        col("won", "number"),
      ],
      rows: await sales.cycle(db, actor, filters),
    }),
  },
  {
    id: "sales.time-in-stage",
    dashboard: "sales",
    path: "/api/v1/analytics/sales/time-in-stage",
    chart: { type: "bar", x: "stage", y: ["median", "p90"] },
    fields: [{ entity: "deals", field: "stageId" }],
    entities: ["deals"],
    run: async ({ db, actor, filters, rollup }) => ({
      columns: [
        col("stage", "stage"),
        col("median", "duration"),
        col("p90", "duration"),
        col("count", "number"),
        col("deals", "number"),
      ],
      rows: rollup
        ? await timeInStageFromRollup(db, actor, filters)
        : await sales.timeInStage(db, actor, filters),
      fromRollup: !!rollup,
    }),
  },
  {
    id: "sales.lost-reasons",
    dashboard: "sales",
    path: "/api/v1/analytics/sales/lost-reasons",
    chart: { type: "donut", x: "reason", y: ["count"] },
    fields: [{ entity: "deals", field: "lostReason" }],
    entities: ["deals"],
    run: async ({ db, actor, filters }) => ({
      columns: [col("reason", "enum"), col("count", "number")],
      rows: await sales.lostReasons(db, actor, filters),
    }),
  },
  {
    id: "sales.won-revenue",
    dashboard: "sales",
    path: "/api/v1/analytics/sales/won-revenue",
    // Each currency's part in the workspace currency, stacked: the bar is the month's whole revenue.
    chart: { type: "stackedBar", x: "month", y: ["converted"], series: "currency" },
    fields: [amount],
    entities: ["deals"],
    run: async ({ db, actor, filters, rollup, workspaceCurrency: base }) => {
      const raw = rollup
        ? await wonRevenueFromRollup(db, actor, filters, rollup, base)
        : await sales.wonRevenue(db, actor, filters, base);
      const { rows, notices } = withConversion(raw, base);
      return {
        columns: [
          col("month", "month"),
          col("currency", "string"),
          col("won", "number"),
          money("amount"),
          converted("converted"),
          workspaceCurrencyColumn,
        ],
        rows,
        notices: [...multiCurrency(rows), ...notices],
        fromRollup: !!rollup,
      };
    },
  },
  {
    id: "sales.plan-fact",
    dashboard: "sales",
    path: "/api/v1/analytics/sales/plan-fact",
    // In the workspace currency: the target at its month's rate, the fact over won deals of every currency.
    chart: { type: "bar", x: "month", y: ["targetConverted", "factConverted"] },
    fields: [amount],
    entities: ["deals"],
    run: async ({ db, actor, filters, workspaceCurrency: base }) => {
      const { rows, missing } = await planFact(db, actor, filters, base);
      return {
        columns: [
          col("month", "month"),
          col("user", "user"),
          col("team", "team"),
          col("currency", "string"),
          money("target"),
          money("fact"),
          converted("targetConverted"),
          converted("factConverted"),
          col("progress", "percent"),
          workspaceCurrencyColumn,
        ],
        rows,
        notices: rows.length ? missingRates(missing, base) : [{ code: "no_targets" }],
      };
    },
  },
];

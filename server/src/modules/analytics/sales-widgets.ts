import { forecastFromRollup, funnelFromRollup, timeInStageFromRollup } from "./deal-rollup-widgets.js";
import { winRateFromRollup, wonRevenueFromRollup } from "./rollup-widgets.js";
import * as sales from "./sales-repository.js";
import { planFact } from "./targets-repository.js";
import { amount, type BuiltinWidget, col, money, multiCurrency } from "./widget-kit.js";

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
    chart: { type: "stackedBar", x: "month", y: ["weighted"], series: "currency" },
    fields: [
      amount,
      { entity: "deals", field: "probability" },
      { entity: "deals", field: "expectedCloseDate" },
    ],
    entities: ["deals"],
    run: async ({ db, actor, filters, rollup }) => {
      const rows = rollup
        ? await forecastFromRollup(db, actor, filters)
        : await sales.forecast(db, actor, filters);
      return {
        columns: [
          col("month", "month"),
          col("currency", "string"),
          col("deals", "number"),
          money("amount"),
          money("weighted"),
        ],
        rows,
        notices: multiCurrency(rows),
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
    chart: { type: "bar", x: "currency", y: ["average", "median"] },
    fields: [amount],
    entities: ["deals"],
    run: async ({ db, actor, filters }) => {
      const rows = await sales.dealSize(db, actor, filters);
      return {
        columns: [col("currency", "string"), col("won", "number"), money("average"), money("median")],
        rows,
        notices: multiCurrency(rows),
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
    chart: { type: "stackedBar", x: "month", y: ["amount"], series: "currency" },
    fields: [amount],
    entities: ["deals"],
    run: async ({ db, actor, filters, rollup }) => {
      const rows = rollup
        ? await wonRevenueFromRollup(db, actor, filters, rollup)
        : await sales.wonRevenue(db, actor, filters);
      return {
        columns: [col("month", "month"), col("currency", "string"), col("won", "number"), money("amount")],
        rows,
        notices: multiCurrency(rows),
        fromRollup: !!rollup,
      };
    },
  },
  {
    id: "sales.plan-fact",
    dashboard: "sales",
    path: "/api/v1/analytics/sales/plan-fact",
    chart: { type: "bar", x: "month", y: ["target", "fact"], series: "currency" },
    fields: [amount],
    entities: ["deals"],
    run: async ({ db, actor, filters }) => {
      const rows = await planFact(db, actor, filters);
      return {
        columns: [
          col("month", "month"),
          col("user", "user"),
          col("team", "team"),
          col("currency", "string"),
          money("target"),
          money("fact"),
          col("progress", "percent"),
        ],
        rows,
        notices: rows.length ? multiCurrency(rows) : [{ code: "no_targets" }],
      };
    },
  },
];

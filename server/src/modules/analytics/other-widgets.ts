import { businessCalendarConfigured } from "../../platform/calendar/calendar.js";
import { bySource, communications, revenueBySource, teamsOf } from "./activity-repository.js";
import { revenueByPersonFromRollup, revenueBySourceFromRollup } from "./rollup-widgets.js";
import { revenueByPerson, teamPerformance } from "./team-repository.js";
import { teamPerformanceFromRollup } from "./team-rollup.js";
import {
  amount,
  type BuiltinWidget,
  col,
  converted,
  missingRates,
  money,
  multiCurrency,
  type Row,
  sumDecimals,
  withConversion,
  workspaceCurrencyColumn,
} from "./widget-kit.js";

/** The team, activity and channel dashboards' widgets. */
export const OTHER_WIDGETS: BuiltinWidget[] = [
  {
    id: "team.performance",
    dashboard: "team",
    path: "/api/v1/analytics/team-performance",
    chart: { type: "bar", x: "user", y: ["calls", "meetings", "emails", "dealsWon"], horizontal: true },
    fields: [],
    entities: ["deals", "activities", "tasks", "contacts"],
    async run({ db, actor, filters, visible, rollup, workspaceCurrency: base }) {
      const withTalk = visible("activities", "durationSeconds");
      const withRevenue = visible("deals", "amount");
      const business = await businessCalendarConfigured(db);
      const [people, revenue] = await Promise.all([
        rollup
          ? teamPerformanceFromRollup(db, actor, filters, rollup, business)
          : teamPerformance(db, actor, filters, business),
        !withRevenue
          ? []
          : rollup
            ? revenueByPersonFromRollup(db, actor, filters, rollup, base)
            : revenueByPerson(db, actor, filters, base),
      ]);
      const byUser = new Map<string, { currency: string; revenue: string; converted: string | null }[]>();
      const missing = new Set<string>();
      for (const r of revenue) {
        byUser.set(r.user, [...(byUser.get(r.user) ?? []), r]);
        if (r.no_rate) missing.add(r.currency);
      }
      // A person's revenue over every currency in the workspace currency (amounts with a rate), on their row.
      const total = (list: readonly { converted: string | null }[]) => {
        const parts = list.flatMap((m) => (m.converted === null ? [] : [m.converted]));
        return parts.length ? sumDecimals(parts) : null;
      };
      const rows: Row[] = [];
      for (const p of people) {
        const { talkTime, responseTimeBusiness, ...rest } = p;
        const [first, ...more] = byUser.get(p.user) ?? [];
        rows.push({
          ...rest,
          ...(withTalk ? { talkTime } : {}),
          ...(business ? { responseTimeBusiness } : {}),
          ...(withRevenue
            ? {
                revenue: first?.revenue ?? null,
                currency: first?.currency ?? null,
                revenueConverted: total(byUser.get(p.user) ?? []),
                workspaceCurrency: base,
              }
            : {}),
        });
        for (const m of more)
          rows.push({
            user: p.user,
            team: p.team,
            revenue: m.revenue,
            currency: m.currency,
            workspaceCurrency: base,
          });
      }
      const columns = [
        col("user", "user"),
        col("team", "team"),
        col("calls", "number"),
        col("callsAnswered", "number"),
        ...(withTalk ? [col("talkTime", "duration")] : []),
        col("meetings", "number"),
        col("emails", "number"),
        col("tasksDone", "number"),
        col("tasksOverdue", "number"),
        col("dealsCreated", "number"),
        col("dealsWon", "number"),
        col("dealsLost", "number"),
        ...(withRevenue
          ? [
              money("revenue"),
              col("currency", "string", { hidden: true }),
              converted("revenueConverted"),
              workspaceCurrencyColumn,
            ]
          : []),
        col("responseTime", "duration"),
        ...(business ? [col("responseTimeBusiness", "duration")] : []),
      ];
      return {
        columns,
        rows,
        notices: withRevenue
          ? [...multiCurrency(revenue as unknown as Row[]), ...missingRates(missing, base)]
          : [],
        fromRollup: !!rollup,
      };
    },
  },
  {
    id: "activity.channels",
    dashboard: "activity",
    path: "/api/v1/analytics/activity-monitoring",
    chart: { type: "stackedBar", x: "bucket", y: ["count"], series: "channel" },
    fields: [],
    entities: ["activities"],
    async run({ db, actor, filters, communicationSources, rollup }) {
      const rows = await communications(db, actor, filters, communicationSources, rollup);
      const sum = new Map<string, Row & { count: number }>();
      for (const r of rows) {
        const key = `${r.bucket}|${r.channel}|${r.direction}`;
        const row = sum.get(key) ?? {
          bucket: r.bucket,
          channel: r.channel,
          direction: r.direction,
          count: 0,
        };
        row.count += r.count;
        sum.set(key, row);
      }
      return {
        fromRollup: !!rollup,
        columns: [
          col("bucket", filters.bucket === "week" ? "week" : "date"),
          col("channel", "enum"),
          col("direction", "enum"),
          col("count", "number"),
        ],
        rows: [...sum.values()].sort((a, b) =>
          `${a.bucket}${a.channel}${a.direction}`.localeCompare(`${b.bucket}${b.channel}${b.direction}`),
        ),
      };
    },
  },
  {
    id: "activity.teams",
    dashboard: "activity",
    path: "/api/v1/analytics/activity-monitoring/teams",
    chart: { type: "stackedBar", x: "team", y: ["count"], series: "direction" },
    fields: [],
    entities: ["activities"],
    async run({ db, actor, filters, communicationSources, rollup }) {
      const rows = await communications(db, actor, filters, communicationSources, rollup);
      const teams = await teamsOf(db, [...new Set(rows.map((r) => r.owner_id))]);
      const sum = new Map<string, Row & { count: number }>();
      for (const r of rows) {
        const team = teams.get(r.owner_id) ?? null;
        const key = `${team}|${r.channel}|${r.direction}`;
        const row = sum.get(key) ?? { team, channel: r.channel, direction: r.direction, count: 0 };
        row.count += r.count;
        sum.set(key, row);
      }
      return {
        fromRollup: !!rollup,
        columns: [
          col("team", "team"),
          col("channel", "enum"),
          col("direction", "enum"),
          col("count", "number"),
        ],
        rows: [...sum.values()].sort((a, b) => b.count - a.count),
      };
    },
  },
  {
    id: "channels.sources",
    dashboard: "channels",
    path: "/api/v1/analytics/channels",
    chart: { type: "bar", x: "source", y: ["leads", "deals", "won"] },
    fields: [
      { entity: "contacts", field: "source" },
      { entity: "deals", field: "source" },
    ],
    entities: ["contacts", "deals"],
    run: async ({ db, actor, filters, rollup }) => ({
      columns: [col("source", "enum"), col("leads", "number"), col("deals", "number"), col("won", "number")],
      rows: await bySource(db, actor, filters, rollup),
      fromRollup: !!rollup,
    }),
  },
  {
    id: "channels.revenue",
    dashboard: "channels",
    path: "/api/v1/analytics/channels/revenue",
    // Each currency's part in the workspace currency, stacked: the bar is the source's whole revenue.
    chart: { type: "stackedBar", x: "source", y: ["converted"], series: "currency" },
    fields: [amount, { entity: "deals", field: "source" }],
    entities: ["deals"],
    run: async ({ db, actor, filters, rollup, workspaceCurrency: base }) => {
      const raw = rollup
        ? await revenueBySourceFromRollup(db, actor, filters, rollup, base)
        : await revenueBySource(db, actor, filters, base);
      const { rows, notices } = withConversion(raw, base);
      return {
        fromRollup: !!rollup,
        columns: [
          col("source", "enum"),
          col("currency", "string"),
          col("won", "number"),
          money("amount"),
          converted("converted"),
          workspaceCurrencyColumn,
        ],
        rows,
        notices: [...multiCurrency(rows), ...notices],
      };
    },
  },
];

import type { ReportDefinition } from "../../src/modules/reports/module.js";
import { runReport } from "../../src/modules/reports/module.js";
import { serviceFloor } from "../capture.js";
import { benchWorkspaceCurrency } from "../workspace-currency.js";
import type { BenchContext, Case, Scenario } from "./types.js";

/** The report-builder targets (1M set): p95 at one connection. */
const DEALS_TARGET = { p95Ms: 500 };
const ACTIVITIES_TARGET = { p95Ms: 800 };

const dealsByOwnerMonth: ReportDefinition = {
  entity: "deals",
  groupBy: [
    { field: "ownerId", on: "base" },
    { field: "createdAt", on: "base", bucket: "month" },
  ],
  measures: [{ fn: "sum", field: "amount", on: "base" }],
  chart: "bar",
};
const activitiesByKindWeek: ReportDefinition = {
  entity: "activities",
  groupBy: [
    { field: "kind", on: "base" },
    { field: "occurredAt", on: "base", bucket: "week" },
  ],
  measures: [{ fn: "count", on: "base" }],
  chart: "line",
};

async function saved(ctx: BenchContext, name: string, definition: ReportDefinition): Promise<string> {
  const row = await ctx.db
    .insertInto("reports")
    .values({ name, definition: JSON.stringify(definition), owner_id: ctx.adminId, visibility: "everyone" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Report builder over the whole data set: deals by owner × month with the sum of amounts, activities by
 * channel (kind) × week — saved reports run through `GET /api/v1/reports/{id}/run` as the administrator and as
 * a sales manager (own scope; the same report, computed within their read scope), against the SQL the run sends.
 */
export const reports: Scenario = {
  name: "reports",
  unavailable: (ctx) => {
    if (!ctx.routes.has("GET /api/v1/reports/:id/run")) return "no report routes";
    return (ctx.rows.deals ?? 0) > 0 ? null : "no deals loaded";
  },
  prepare: async (ctx) => {
    const cases: Case[] = [];
    const defs: [string, ReportDefinition, { p95Ms: number }][] = [
      ["deals owner × month sum(amount)", dealsByOwnerMonth, DEALS_TARGET],
      ["activities kind × week count", activitiesByKindWeek, ACTIVITIES_TARGET],
    ];
    for (const [name, definition, target] of defs) {
      const id = await saved(ctx, `bench ${name}`, definition);
      for (const [who, userId, headers] of [
        ["admin", ctx.adminId, ctx.auth],
        ["sales manager", ctx.ownerId, ctx.managerAuth],
      ] as const) {
        cases.push({
          name: `${name} (${who})`,
          request: { path: `/api/v1/reports/${id}/run`, headers },
          sql: await serviceFloor(
            ctx.pool,
            ctx.db,
            userId,
            async (db, rctx) =>
              runReport(db, rctx.actor, definition, await benchWorkspaceCurrency(db as never)),
            {
              transaction: false,
            },
          ),
          target,
        });
      }
    }
    return cases;
  },
};

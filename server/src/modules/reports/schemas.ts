import { z } from "zod";
import { isoDateTime } from "../../platform/http/schemas.js";
import { reportDefinitionSchema } from "./definition.js";

export const SHARE_VISIBILITIES = ["private", "team", "role", "everyone"] as const;

/** Who sees a shared report or dashboard: its owner, a team, a role, or everyone. */
export const shareFields = {
  visibility: z.enum(SHARE_VISIBILITIES).default("private"),
  teamId: z.uuid().nullable().optional().describe("For `team`: default the caller's team."),
  roleId: z.uuid().nullable().optional().describe("For `role`: the role whose members see it."),
};

const name = z.string().trim().min(1).max(200);

export const createReportBody = z.strictObject({
  name,
  description: z.string().max(2000).default(""),
  definition: reportDefinitionSchema,
  ...shareFields,
});
export const updateReportBody = z.strictObject({
  name: name.optional(),
  description: z.string().max(2000).optional(),
  definition: reportDefinitionSchema.optional(),
  visibility: z.enum(SHARE_VISIBILITIES).optional(),
  teamId: z.uuid().nullable().optional(),
  roleId: z.uuid().nullable().optional(),
});
export type CreateReportInput = z.infer<typeof createReportBody>;
export type UpdateReportInput = z.infer<typeof updateReportBody>;

const shared = {
  ownerId: z.uuid(),
  ownerName: z.string(),
  visibility: z.enum(SHARE_VISIBILITIES),
  teamId: z.uuid().nullable(),
  roleId: z.uuid().nullable(),
  mine: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
};

export const reportSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    definition: reportDefinitionSchema,
    ...shared,
  })
  .meta({ id: "Report" });

const cell = z.union([z.string(), z.number(), z.null()]);

/** The analytics widget result (columns, rows, chart hint, labels, notices) plus the report's extras. */
export const reportResultSchema = z
  .object({
    entity: z.string(),
    columns: z.array(
      z.object({
        key: z.string(),
        type: z.string(),
        label: z.string().optional(),
        currencyKey: z.string().optional(),
        hidden: z.boolean().optional(),
      }),
    ),
    rows: z.array(z.record(z.string(), cell)).describe("Decimals as exact strings, counts as numbers."),
    chart: z.object({
      type: z.string(),
      x: z.string().optional(),
      y: z.array(z.string()),
      series: z.string().optional(),
    }),
    asOf: isoDateTime,
    exact: z.boolean(),
    notices: z.array(
      z.object({
        code: z.string(),
        params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      }),
    ),
    labels: z.record(z.string(), z.record(z.string(), z.string())),
    drill: z
      .array(z.record(z.string(), z.unknown()).nullable())
      .describe("Per row: the row's records as a filter of the entity's list (`?filter=`), or null."),
    previous: z.record(z.string(), cell).nullable(),
    truncated: z.boolean(),
    timeZone: z.string(),
  })
  .meta({ id: "ReportResult" });

export const WIDGET_KINDS = ["report", "builtin"] as const;
export const widgetSchema = z
  .strictObject({
    id: z
      .string()
      .min(1)
      .max(40)
      .regex(/^[A-Za-z0-9_-]+$/),
    kind: z.enum(WIDGET_KINDS),
    reportId: z.uuid().optional(),
    builtin: z
      .string()
      .max(100)
      .regex(/^[a-z][a-z0-9.-]*$/)
      .optional()
      .describe("A built-in analytics widget key (e.g. `sales.funnel`)."),
    title: z.string().max(200).optional(),
    x: z.int().min(0).max(11),
    y: z.int().min(0).max(1000),
    w: z.int().min(1).max(12),
    h: z.int().min(1).max(20),
  })
  .meta({ id: "DashboardWidget" });

export const createDashboardBody = z.strictObject({
  name,
  widgets: z.array(widgetSchema).max(40).default([]),
  ...shareFields,
});
export const updateDashboardBody = z.strictObject({
  name: name.optional(),
  widgets: z.array(widgetSchema).max(40).optional(),
  visibility: z.enum(SHARE_VISIBILITIES).optional(),
  teamId: z.uuid().nullable().optional(),
  roleId: z.uuid().nullable().optional(),
});
export type CreateDashboardInput = z.infer<typeof createDashboardBody>;
export type UpdateDashboardInput = z.infer<typeof updateDashboardBody>;
export type Widget = z.infer<typeof widgetSchema>;

export const dashboardSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    widgets: z.array(
      widgetSchema.extend({
        hidden: z
          .boolean()
          .describe("The viewer may not see a field (or entity) the widget's report uses: not shown."),
        report: reportSchema.nullable(),
      }),
    ),
    ...shared,
  })
  .meta({ id: "Dashboard" });

import { z } from "zod";

/**
 * The report grammar: one entity from the catalogue (any entity with a responsible user), an optional related
 * entity reached through one of its link fields, filters in the list engine's grammar, up to two group-by
 * dimensions, one to five measures and a chart type. Field keys are checked against the entity's field metadata
 * when the report runs (`compile.ts`), so a report on an entity added later needs no code here.
 */
export const DATE_BUCKETS = ["day", "week", "month", "quarter", "year"] as const;
export type DateBucket = (typeof DATE_BUCKETS)[number];

export const MEASURE_FNS = ["count", "sum", "avg", "min", "max", "countDistinct", "median"] as const;
export type MeasureFn = (typeof MEASURE_FNS)[number];

export const CHART_TYPES = [
  "bar",
  "stackedBar",
  "line",
  "area",
  "pie",
  "donut",
  "funnel",
  "table",
  "pivot",
  "number",
] as const;
export type ChartType = (typeof CHART_TYPES)[number];

/** Comparison periods of the single-number chart: this period vs the one before, in the viewer's time zone. */
export const COMPARE_PERIODS = ["day", "week", "month", "quarter", "year"] as const;

/** Dimension keys that are not fields: the owner's team (entities with a responsible user). */
export const TEAM_DIMENSION = "ownerTeam";

const fieldKey = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z][A-Za-z0-9_.]*$/, "A field key.");

const side = z
  .enum(["base", "related"])
  .default("base")
  .describe("`related`: a field of the related entity.");

export const dimensionSchema = z
  .strictObject({
    field: fieldKey.describe(`A readable field key, or \`${TEAM_DIMENSION}\` (the owner's team).`),
    on: side,
    bucket: z.enum(DATE_BUCKETS).optional().describe("Date fields: bucket in the viewer's time zone."),
  })
  .meta({ id: "ReportDimension" });

export const measureSchema = z
  .strictObject({
    fn: z.enum(MEASURE_FNS),
    field: fieldKey.optional().describe("Required except for count."),
    on: side,
  })
  .meta({ id: "ReportMeasure" });

const filterNode = z
  .record(z.string(), z.unknown())
  .nullable()
  .optional()
  .describe("A filter in the list grammar (the `filter` parameter of list endpoints).");

export const reportDefinitionSchema = z
  .strictObject({
    entity: z.string().min(1).max(60),
    related: z
      .strictObject({
        via: fieldKey.describe("A link field of the entity (`companyId` on deals → companies)."),
        filter: filterNode,
      })
      .nullable()
      .optional(),
    filter: filterNode,
    groupBy: z.array(dimensionSchema).max(2).default([]),
    measures: z
      .array(measureSchema)
      .min(1)
      .max(5)
      .default([{ fn: "count", on: "base" }]),
    chart: z.enum(CHART_TYPES).default("bar"),
    compare: z
      .strictObject({ field: fieldKey, period: z.enum(COMPARE_PERIODS) })
      .nullable()
      .optional()
      .describe("Single number: the measure in this period and the previous one, by this date field."),
  })
  .meta({ id: "ReportDefinition" });

export type ReportDefinition = z.infer<typeof reportDefinitionSchema>;
export type Dimension = z.infer<typeof dimensionSchema>;
export type Measure = z.infer<typeof measureSchema>;

/** Most groups a run returns; more are cut with a notice. */
export const MAX_GROUPS = 10_000;
/** The longest a report query may run. */
export const STATEMENT_TIMEOUT_MS = 20_000;
/** Most buckets a date dimension may have before it is made coarser (with a notice). */
export const MAX_BUCKETS = 1_000;

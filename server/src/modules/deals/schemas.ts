import { z } from "zod";
import {
  currencyCode,
  decimalString,
  isoDate,
  isoDateTime,
  listResponse,
  recordVersion,
} from "../../platform/http/schemas.js";
import { recordPermissionsSchema } from "../../platform/records/permissions.js";
import { customValues } from "../../platform/records/value-schemas.js";
import { convertedTotalSchema } from "../currencies/module.js";
import { tagList, tagUpdate } from "../tags/module.js";

const optText = (max: number) => z.string().trim().max(max).nullable().optional();

export const dealFields = {
  title: z.string().trim().min(1).max(300),
  companyId: z.uuid().nullable().optional(),
  contactId: z.uuid().nullable().optional(),
  amount: decimalString()
    .nullable()
    .optional()
    .describe("Decimal string, ≥ 0, at most 2 decimals; needs `currency`."),
  currency: currencyCode.nullable().optional(),
  pipelineId: z.uuid().optional().describe("Defaults to the default pipeline."),
  stageId: z.uuid().optional().describe("Must belong to the pipeline; defaults to its first stage."),
  probability: z
    .number()
    .int()
    .min(0)
    .max(100)
    .nullable()
    .optional()
    .describe("Override; `null` = the stage's."),
  expectedCloseDate: isoDate.nullable().optional(),
  source: optText(100),
  externalId: z
    .string()
    .trim()
    .max(200)
    .nullable()
    .optional()
    .describe(
      "The id in the system the record came from (1C, a spreadsheet, an old CRM); unique when set, exact match; empty clears",
    ),
  lostReason: optText(500),
  ownerId: z.uuid().optional(),
  tags: tagList.optional(),
  custom: customValues.optional(),
};
export const createDealBody = z.strictObject(dealFields);
export const updateDealBody = z.strictObject({
  ...dealFields,
  title: dealFields.title.optional(),
  tags: tagUpdate.optional(),
});
export type CreateDealInput = z.infer<typeof createDealBody>;
export type UpdateDealInput = z.infer<typeof updateDealBody>;
export const moveDealBody = z.strictObject({
  stageId: z.uuid(),
  lostReason: z.string().trim().min(1).max(500).optional(),
});

export const dealSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  companyId: z.uuid().nullable().optional(),
  contactId: z.uuid().nullable().optional(),
  amount: z.string().nullable().optional(),
  currency: z.string().nullable().optional(),
  pipelineId: z.uuid().optional(),
  stageId: z.uuid().optional(),
  probability: z.number().int().optional(),
  probabilityManual: z.boolean().optional(),
  expectedCloseDate: z.string().nullable().optional(),
  source: z.string().nullable().optional(),
  externalId: z.string().nullable().optional(),
  lostReason: z.string().nullable().optional(),
  stageEnteredAt: isoDateTime.optional(),
  closedAt: isoDateTime.nullable().optional(),
  ownerId: z.uuid().optional(),
  tags: z.array(z.string()).optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
  createdBy: z.uuid().nullable().optional(),
  createdAt: isoDateTime.optional(),
  updatedAt: isoDateTime.optional(),
  version: recordVersion,
  deletedAt: isoDateTime.nullable().optional(),
  permissions: recordPermissionsSchema.optional(),
});
export type Deal = z.infer<typeof dealSchema>;
export const dealList = listResponse(dealSchema);

export const nextTaskSchema = z
  .object({
    id: z.uuid(),
    title: z.string().optional().describe("Absent when the role hides task titles."),
    dueAt: isoDateTime.nullable().optional().describe("Absent when the role hides task due times."),
    overdue: z.boolean().optional(),
  })
  .describe("The deal's next open task the caller may read: earliest due first, undated last.");

export const boardDealSchema = dealSchema.extend({
  nextTask: nextTaskSchema
    .nullable()
    .optional()
    .describe("`null` = no open task the caller can read; absent when the role cannot read tasks."),
});

export const boardQuery = z.object({
  ratesOn: isoDate
    .optional()
    .describe(
      "The day whose exchange rates convert the totals (latest rate on or before it); default today (UTC).",
    ),
  perStage: z.coerce.number().int().min(1).max(100).default(20),
  stageId: z.uuid().optional().describe("Only this column (a further page with `cursor`)."),
  cursor: z
    .string()
    .max(2000)
    .optional()
    .describe("A column's `nextCursor`; needs `stageId` and the same sort and filter."),
});

export const boardSchema = z.object({
  pipelineId: z.uuid(),
  ratesOn: isoDate.describe("The day whose exchange rates converted the totals."),
  total: z
    .object({
      count: z.number().int(),
      sums: z.array(z.object({ currency: z.string(), amount: z.string() })).optional(),
      converted: convertedTotalSchema.optional(),
    })
    .describe("The columns answered, together (the whole board unless `stageId`); money absent when hidden."),
  stages: z.array(
    z.object({
      stageId: z.uuid(),
      count: z.number().int(),
      sums: z
        .array(z.object({ currency: z.string(), amount: z.string() }))
        .optional()
        .describe("Per currency; absent when the role hides amounts."),
      converted: convertedTotalSchema
        .optional()
        .describe("`sums` in the workspace currency; absent when the role hides amounts."),
      items: z.array(boardDealSchema),
      nextCursor: z
        .string()
        .nullable()
        .describe(
          "Continue with this endpoint and `stageId` + `cursor` (cards keep `nextTask`), or GET /api/v1/deals with the same sort and a stageId filter.",
        ),
    }),
  ),
});

export const stageHistorySchema = z.object({
  items: z.array(
    z.object({
      pipelineId: z.uuid(),
      fromStageId: z.uuid().nullable(),
      toStageId: z.uuid(),
      enteredAt: isoDateTime,
      leftAt: isoDateTime.nullable(),
      movedBy: z.uuid().nullable(),
    }),
  ),
});

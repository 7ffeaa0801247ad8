import { z } from "zod";
import { isoDateTime } from "../../platform/http/schemas.js";
import { definitionSchema } from "./schemas.js";

/** What the automation routes answer: rules, their versions, runs and test runs (the inputs are in schemas.ts). */
export const ruleSchema = z
  .object({
    id: z.uuid(),
    entity: z.string(),
    name: z.string(),
    description: z.string(),
    ownerId: z.uuid(),
    enabled: z.boolean(),
    version: z.number().int(),
    versionId: z.uuid(),
    definition: definitionSchema,
    hook: z.object({ url: z.string(), publicId: z.string() }).nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: "AutomationRule" });
export type RuleResponse = z.infer<typeof ruleSchema>;

export const versionSchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  definition: definitionSchema,
  createdBy: z.uuid().nullable(),
  createdAt: isoDateTime,
});

export const RUN_STATUSES = [
  "pending",
  "running",
  "waiting",
  "succeeded",
  "failed",
  "stopped",
  "cancelled",
] as const;
export const runStepSchema = z.object({
  stepId: z.string(),
  stepType: z.string(),
  status: z.string(),
  input: z.unknown(),
  output: z.unknown(),
  error: z.string().nullable(),
  attempt: z.number().int(),
  startedAt: isoDateTime,
  finishedAt: isoDateTime,
});
export const runSchema = z
  .object({
    id: z.uuid(),
    ruleId: z.uuid(),
    version: z.number().int(),
    entity: z.string(),
    recordId: z.uuid().nullable(),
    status: z.enum(RUN_STATUSES),
    reason: z.string().nullable(),
    error: z.string().nullable(),
    depth: z.number().int(),
    wakeAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
    finishedAt: isoDateTime.nullable(),
    steps: z.array(runStepSchema),
  })
  .meta({ id: "AutomationRun" });
export type RunResponse = z.infer<typeof runSchema>;

export const testRunBody = z.strictObject({
  recordId: z.uuid().optional(),
  variables: z.record(z.string(), z.unknown()).optional(),
});
export const testRunResponse = z.object({
  conditionsMet: z.boolean(),
  steps: z.array(
    z.object({ stepId: z.string(), stepType: z.string(), wouldDo: z.string(), detail: z.unknown() }),
  ),
});

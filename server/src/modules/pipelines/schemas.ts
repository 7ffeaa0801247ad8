import { z } from "zod";
import { isoDateTime } from "../../platform/http/schemas.js";

export const STAGE_KINDS = ["open", "won", "lost"] as const;
const name = z.string().trim().min(1).max(100);
const rotDays = z
  .number()
  .int()
  .min(1)
  .max(3650)
  .nullable()
  .describe("Expected days in the stage; an open deal there longer is marked as rotting. `null`: no limit.");

export const stageInput = z.strictObject({
  name,
  probability: z.number().int().min(0).max(100),
  kind: z.enum(STAGE_KINDS).default("open"),
  rotDays: rotDays.optional(),
});
export const createPipelineBody = z.strictObject({
  name,
  isDefault: z.boolean().optional(),
  stages: z
    .array(stageInput)
    .min(2)
    .max(30)
    .optional()
    .describe("Ordered stages; at least one `won` and one `lost`. Omitted: a standard set."),
});
export const updatePipelineBody = z.strictObject({
  name: name.optional(),
  isDefault: z.literal(true).optional(),
  position: z.number().int().min(0).max(1000).optional(),
});
export const createStageBody = stageInput.extend({ position: z.number().int().min(0).max(100).optional() });
export const updateStageBody = z.strictObject({
  name: name.optional(),
  probability: z.number().int().min(0).max(100).optional(),
  kind: z.enum(STAGE_KINDS).optional(),
  rotDays: rotDays.optional(),
});
export const reorderStagesBody = z.strictObject({ stageIds: z.array(z.uuid()).min(1).max(30) });
export const moveDealsBody = z.strictObject({
  toStageId: z.uuid(),
  lostReason: z.string().trim().min(1).max(500).optional(),
});
export const stageParams = z.strictObject({ id: z.uuid(), stageId: z.uuid() });

export const stageSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  position: z.number().int(),
  probability: z.number().int(),
  kind: z.enum(STAGE_KINDS),
  rotDays: z.number().int().nullable().optional(),
});
export const pipelineSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  position: z.number().int(),
  isDefault: z.boolean(),
  stages: z.array(stageSchema),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Pipeline = z.infer<typeof pipelineSchema>;

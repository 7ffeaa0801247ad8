import { z } from "zod";
import { isoDateTime } from "../../platform/http/schemas.js";

export const VISIBILITIES = ["private", "team", "everyone"] as const;

const viewFields = {
  name: z.string().trim().min(1).max(100),
  filter: z
    .record(z.string(), z.unknown())
    .nullable()
    .optional()
    .describe("A filter in the list grammar (see the `filter` parameter of list endpoints)."),
  sort: z.string().max(300).default(""),
  columns: z.array(z.string().max(100)).max(50).default([]),
  visibility: z.enum(VISIBILITIES).default("private"),
};
/** `entity`: the entities declaring the views capability (an enum built when the routes register). */
export const createViewBody = (entity: z.ZodType<string>) => z.strictObject({ entity, ...viewFields });
export const updateViewBody = z.strictObject({
  name: viewFields.name.optional(),
  filter: viewFields.filter,
  sort: z.string().max(300).optional(),
  columns: z.array(z.string().max(100)).max(50).optional(),
  visibility: z.enum(VISIBILITIES).optional(),
});
export type CreateViewInput = z.infer<ReturnType<typeof createViewBody>>;
export type UpdateViewInput = z.infer<typeof updateViewBody>;

export const viewSchema = z.object({
  id: z.uuid(),
  entity: z.string(),
  name: z.string(),
  filter: z.record(z.string(), z.unknown()).nullable(),
  sort: z.string(),
  columns: z.array(z.string()),
  visibility: z.enum(VISIBILITIES),
  ownerId: z.uuid(),
  teamId: z.uuid().nullable(),
  mine: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

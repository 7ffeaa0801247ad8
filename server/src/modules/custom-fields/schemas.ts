import { z } from "zod";
import { FIELD_TYPES } from "../../platform/access/fields.js";
import { isoDateTime } from "../../platform/http/schemas.js";
import { fieldTypeSchema, filterOperatorSchema } from "../../platform/query/schemas.js";

/** Types a custom field can have (`tags` and `uuid` are reserved for standard fields). */
export const CUSTOM_FIELD_TYPES = FIELD_TYPES.filter((t) => t !== "tags" && t !== "uuid") as [
  string,
  ...string[],
];

const option = z.strictObject({
  value: z.string().trim().min(1).max(100),
  label: z.string().trim().min(1).max(200),
});

/**
 * `entity`: the entities declaring the customFields capability, `linkEntity`: the linkable ones (enums built
 * from the entity catalogue when the routes register).
 */
export const createCustomFieldBody = (entity: z.ZodType<string>, linkEntity: z.ZodType<string>) =>
  z.strictObject({
    entity,
    key: z
      .string()
      .regex(
        /^[a-z][a-zA-Z0-9_]{0,62}$/,
        "Start with a lowercase letter; letters, digits and _ only (≤ 63).",
      ),
    label: z.string().trim().min(1).max(200),
    type: z.enum(CUSTOM_FIELD_TYPES),
    required: z.boolean().default(false),
    unique: z.boolean().default(false),
    defaultValue: z.unknown().optional(),
    helpText: z.string().trim().max(500).default(""),
    position: z.number().int().min(0).max(10_000).default(0),
    group: z.string().trim().max(100).default(""),
    filterable: z
      .boolean()
      .default(true)
      .describe(
        "Offered in filters and sorts (default); its index is built in the background after the save.",
      ),
    options: z.array(option).max(200).optional().describe("select / multiSelect choices."),
    linkEntity: linkEntity.optional().describe("Target of `link` fields."),
  });
export const updateCustomFieldBody = z.strictObject({
  label: z.string().trim().min(1).max(200).optional(),
  required: z.boolean().optional(),
  unique: z.boolean().optional(),
  defaultValue: z.unknown().optional(),
  helpText: z.string().trim().max(500).optional(),
  position: z.number().int().min(0).max(10_000).optional(),
  group: z.string().trim().max(100).optional(),
  filterable: z.boolean().optional(),
  options: z.array(option).max(200).optional(),
});
export type CreateCustomFieldInput = z.infer<ReturnType<typeof createCustomFieldBody>>;
export type UpdateCustomFieldInput = z.infer<typeof updateCustomFieldBody>;

export const customFieldSchema = z.object({
  id: z.uuid(),
  entity: z.string(),
  key: z.string(),
  label: z.string(),
  type: z.string(),
  required: z.boolean(),
  unique: z.boolean(),
  defaultValue: z.unknown().optional(),
  helpText: z.string(),
  position: z.number().int(),
  group: z.string(),
  filterable: z.boolean(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).nullable(),
  linkEntity: z.string().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  deletedAt: isoDateTime.nullable(),
});

export const fieldMetaSchema = z.object({
  key: z.string(),
  type: fieldTypeSchema,
  filterable: z.boolean(),
  sortable: z.boolean(),
  custom: z.boolean(),
  label: z.string().optional(),
  options: z.array(z.string()).optional(),
  linkEntity: z.string().optional(),
  filterOnly: z
    .boolean()
    .optional()
    .describe("Only for filters: the value is shown under its own key in another shape (e.g. `emails`)."),
  conditionOnly: z
    .boolean()
    .optional()
    .describe(
      "A drill-down condition (analytics: a deal passed a stage): lists accept it and show it as a filter chip, filter builders do not offer it.",
    ),
  valueParts: z
    .array(z.object({ type: fieldTypeSchema, linkEntity: z.string().optional() }))
    .optional()
    .describe("A condition value made of `/`-joined parts: the type of each (`<stage id>/<from>/<to>`)."),
  operators: z
    .array(filterOperatorSchema)
    .describe("The filter operators this field accepts (empty: not filterable)."),
  access: z.enum(["write", "readonly"]),
});

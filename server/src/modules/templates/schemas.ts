import { z } from "zod";
import { isoDateTime } from "../../platform/http/schemas.js";
import { TEMPLATE_LANGUAGES } from "../../platform/templates/locale.js";

const noNul = (s: string) => !s.includes("\u0000");
const text = (max: number) => z.string().max(max).refine(noNul, "NUL characters are not allowed.");

export const languageEnum = z.enum(TEMPLATE_LANGUAGES);
export const variantSchema = z.strictObject({
  subject: text(500).nullable().optional(),
  body: text(100_000).refine((s) => s.trim().length > 0, "Write the text."),
});
const variants = z
  .partialRecord(languageEnum, variantSchema)
  .refine((v) => Object.keys(v).length > 0, "Add at least one language.");

export const createTemplateBody = z.strictObject({
  kind: z.enum(["email", "sms"]),
  name: text(200).trim().min(1),
  entity: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,62}$/)
    .nullable()
    .optional(),
  shared: z.boolean().default(false),
  defaultLanguage: languageEnum.default("en"),
  variants,
});
export const updateTemplateBody = z.strictObject({
  name: text(200).trim().min(1).optional(),
  entity: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,62}$/)
    .nullable()
    .optional(),
  shared: z.boolean().optional(),
  defaultLanguage: languageEnum.optional(),
  variants: variants.optional(),
});
export type CreateTemplateInput = z.infer<typeof createTemplateBody>;
export type UpdateTemplateInput = z.infer<typeof updateTemplateBody>;

export const templateSchema = z.object({
  id: z.uuid(),
  kind: z.enum(["email", "sms"]),
  name: z.string(),
  entity: z.string().nullable(),
  shared: z.boolean(),
  ownerId: z.uuid(),
  defaultLanguage: languageEnum,
  variants: z.partialRecord(
    languageEnum,
    z.object({ subject: z.string().nullable().optional(), body: z.string() }),
  ),
  canEdit: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

export const recordRef = z.strictObject({
  recordType: z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/),
  recordId: z.uuid(),
});
export const previewBody = z.strictObject({
  recordType: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,62}$/)
    .optional(),
  recordId: z.uuid().optional(),
  language: languageEnum.optional(),
});
export const renderedSchema = z.object({
  kind: z.enum(["email", "sms"]),
  language: z.string(),
  subject: z.string().nullable(),
  html: z.string().nullable(),
  text: z.string(),
  templateId: z.uuid().nullable(),
});
export const variableSchemaResponse = z.object({
  namespaces: z.array(
    z.object({
      namespace: z.string(),
      entity: z.string().nullable(),
      label: z.string(),
      variables: z.array(z.object({ path: z.string(), type: z.string(), label: z.string().nullable() })),
    }),
  ),
  filters: z.array(z.string()),
});

import { z } from "zod";
import { defineChangeEvents, fieldChanges } from "../../platform/events/catalogue.js";

export const customFieldChanges = fieldChanges({
  entity: z.string(),
  key: z.string(),
  label: z.string(),
  type: z.string(),
  required: z.boolean(),
  unique: z.boolean(),
  defaultValue: z.unknown(),
  helpText: z.string(),
  position: z.number(),
  group: z.string(),
  filterable: z.boolean(),
  options: z.unknown(),
  linkEntity: z.string(),
  deletedAt: z.string(),
});

const definition = { key: z.string(), entity: z.string() };

export const customFieldEvents = defineChangeEvents("customFields", {
  create: [customFieldChanges, "A custom field was defined."],
  update: [customFieldChanges, "A custom field's definition changed."],
  delete: [z.strictObject(definition), "A custom field was deleted (values kept until purged)."],
  restore: [z.strictObject(definition), "A deleted custom field was restored."],
  purge: [
    z.strictObject({ ...definition, recordsCleared: z.number().int() }),
    "A deleted custom field's values were erased from `recordsCleared` records.",
  ],
});

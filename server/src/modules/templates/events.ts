import { z } from "zod";
import { defineChangeEvents, fieldChange } from "../../platform/events/catalogue.js";

const fields = {
  name: fieldChange(z.string()).optional(),
  kind: fieldChange(z.enum(["email", "sms"])).optional(),
  shared: fieldChange(z.boolean()).optional(),
  entity: fieldChange(z.string()).optional(),
  defaultLanguage: fieldChange(z.string()).optional(),
  languages: fieldChange(z.array(z.string())).optional(),
};

export const templateEvents = defineChangeEvents("message-templates", {
  create: [z.strictObject(fields), "A message template was created."],
  update: [z.strictObject(fields), "A message template was changed (`languages`: the variants it has)."],
  delete: [z.strictObject({ name: z.string() }), "A message template was deleted."],
});

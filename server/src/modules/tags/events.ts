import { z } from "zod";
import { defineChangeEvents, fieldChange } from "../../platform/events/catalogue.js";

const tagFields = { name: fieldChange(z.string()).optional(), color: fieldChange(z.string()).optional() };

export const tagEvents = defineChangeEvents("tags", {
  create: [z.strictObject(tagFields), "A tag was created."],
  update: [
    z.strictObject({ ...tagFields, records: z.number().int() }),
    "A tag was renamed or recoloured; `records`: how many records' tag lists were rewritten.",
  ],
  delete: [
    z.strictObject({ name: z.string(), records: z.number().int() }),
    "A tag was deleted and removed from `records` records.",
  ],
});

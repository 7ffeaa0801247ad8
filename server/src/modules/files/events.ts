import { z } from "zod";
import { defineChangeEvents, fieldChanges } from "../../platform/events/catalogue.js";

const fileFields = {
  name: z.string(),
  recordType: z.string(),
  recordId: z.string(),
  size: z.number().int(),
  kind: z.string(),
  sha256: z.string(),
};

export const fileEvents = defineChangeEvents("files", {
  create: [fieldChanges(fileFields), "A file was attached to a record (`recordType`, `recordId`)."],
  update: [fieldChanges({ name: z.string() }), "A file was renamed."],
  delete: [
    fieldChanges({ deletedAt: z.string() }).extend({
      name: z.string(),
      recordType: z.string(),
      recordId: z.string(),
    }),
    "A file was removed from its record (soft delete; the bytes go when nothing references them).",
  ],
});

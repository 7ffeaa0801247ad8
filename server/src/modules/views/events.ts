import { z } from "zod";
import { defineChangeEvents, fieldChanges } from "../../platform/events/catalogue.js";

export const viewChanges = fieldChanges({
  name: z.string(),
  entity: z.string(),
  visibility: z.string(),
  filter: z.unknown(),
  sort: z.unknown(),
  columns: z.unknown(),
});

export const viewEvents = defineChangeEvents("views", {
  create: [viewChanges, "A saved view was created."],
  update: [viewChanges, "A saved view changed."],
  delete: [z.strictObject({ name: z.string() }), "A saved view was deleted."],
});

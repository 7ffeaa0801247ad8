import { z } from "zod";
import { defineChangeEvents, fieldChanges } from "../../platform/events/catalogue.js";

/** A deal's audited fields (its API fields without ids and row timestamps). */
const dealFields = {
  title: z.string(),
  companyId: z.uuid(),
  contactId: z.uuid(),
  amount: z.string(),
  currency: z.string(),
  pipelineId: z.uuid(),
  stageId: z.uuid(),
  probability: z.number().int(),
  probabilityManual: z.boolean(),
  expectedCloseDate: z.string(),
  source: z.string(),
  externalId: z.string(),
  lostReason: z.string(),
  ownerId: z.uuid(),
  tags: z.array(z.string()),
  custom: z.record(z.string(), z.unknown()),
};

export const dealChanges = fieldChanges(dealFields);

export const dealEvents = defineChangeEvents("deals", {
  create: [dealChanges, "A deal was created; every set field as `{before: null, after}`."],
  update: [
    dealChanges,
    "A deal's fields changed (edits and stage moves: `stageId`, `pipelineId`, `probability`, `lostReason`).",
  ],
  delete: [z.strictObject({ title: z.string() }), "A deal was moved to the trash."],
  restore: [z.strictObject({ title: z.string() }), "A deal came back from the trash."],
});

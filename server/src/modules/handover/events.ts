import { z } from "zod";
import { ANY_ENTITY, defineChangeEvents, fieldChange } from "../../platform/events/catalogue.js";

/** A record of any owned entity got a new responsible user (an edit of the owner alone, a bulk reassignment or a hand-over). */
export const reassignEvents = defineChangeEvents(ANY_ENTITY, {
  reassign: [
    z.strictObject({
      ownerId: fieldChange(z.uuid()),
      handover: z
        .literal(true)
        .optional()
        .describe("Moved by the deactivation hand-over of the previous owner."),
      reason: z.string().optional(),
    }),
    "A record's owner changed and nothing else.",
  ],
});

import { z } from "zod";
import { ANY_ENTITY, defineChangeEvents } from "../../platform/events/catalogue.js";

/** One event per committed import batch / revert chunk, on the import (`entityId` is the import's id). */
export const importEvents = defineChangeEvents(ANY_ENTITY, {
  import: [
    z.strictObject({
      importId: z.uuid(),
      created: z.array(z.uuid()),
      updated: z.array(z.uuid()),
      firstRow: z.number().int().optional(),
      lastRow: z.number().int().optional(),
    }),
    "A batch of an import committed: the records it created and updated, and its rows' range in the file.",
  ],
  "import.revert": [
    z.strictObject({ importId: z.uuid(), deleted: z.array(z.uuid()), restored: z.array(z.uuid()) }),
    "An import was reverted: records it created were deleted, records it updated restored.",
  ],
});

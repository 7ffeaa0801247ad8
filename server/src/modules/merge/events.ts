import { z } from "zod";
import { ANY_ENTITY, defineChangeEvents, fieldChange } from "../../platform/events/catalogue.js";

/**
 * On the survivor: the values chosen from merged records as field changes in the entity's API keys (checked
 * against the entity's `update` event), the merge and what moved; on each merged record: the survivor.
 */
const survivorKeys = { mergeId: z.uuid(), mergedIds: z.array(z.uuid()), movedLinks: z.number().int() };
const survivor = z.strictObject(survivorKeys).catchall(fieldChange(z.unknown())) as unknown as z.ZodType<
  z.output<z.ZodObject<typeof survivorKeys>> & Record<string, unknown>,
  z.input<z.ZodObject<typeof survivorKeys>> & Record<string, unknown>
>;
const merged = z.strictObject({ mergeId: z.uuid(), mergedInto: z.uuid() });

export const mergeEvents = defineChangeEvents(ANY_ENTITY, {
  merge: [
    z.union([merged, survivor]),
    "Records were merged (survivor: the chosen values as field changes; merged record: `mergedInto`).",
    { fieldsOf: "update" },
  ],
  "merge.undo": [
    z.strictObject({ mergeId: z.uuid(), restored: z.array(z.uuid()) }),
    "A merge was undone on its survivor; the merged records get a `restore` event each.",
  ],
  restore: [
    z.strictObject({ mergeId: z.uuid() }),
    "A record merged into another came back when the merge was undone.",
  ],
});

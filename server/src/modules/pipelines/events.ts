import { z } from "zod";
import { defineChangeEvents, fieldChange } from "../../platform/events/catalogue.js";

const stageRef = z.strictObject({
  added: z.uuid().optional(),
  removed: z.uuid().optional(),
  name: z.string(),
});

/** Pipeline fields, its stage list (`stages`, `stageOrder`) and one stage's settings (`stages.<stageId>`). */
export const pipelineChanges = z
  .strictObject({
    name: fieldChange(z.string()).optional(),
    position: fieldChange(z.number()).optional(),
    isDefault: fieldChange(z.boolean()).optional(),
    stages: fieldChange(z.union([z.array(z.string()), stageRef])).optional(),
    stageOrder: fieldChange(z.array(z.uuid())).optional(),
  })
  .catchall(fieldChange(z.record(z.string(), z.unknown())));

export const pipelineEvents = defineChangeEvents("pipelines", {
  create: [pipelineChanges, "A pipeline was created (`name`, `stages`: the stage names)."],
  update: [
    pipelineChanges,
    "A pipeline or one of its stages changed; `stages.<stageId>` is one stage's settings.",
  ],
  delete: [z.strictObject({ name: z.string() }), "A pipeline was deleted."],
});

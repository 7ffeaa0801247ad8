import { z } from "zod";
import { defineChangeEvents, fieldChanges } from "../../platform/events/catalogue.js";

/** A subscription's audited settings (never its secret). */
export const webhookChanges = fieldChanges({
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  filter: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
  ownerId: z.uuid(),
});

export const webhookEvents = defineChangeEvents("webhooks", {
  create: [webhookChanges, "A webhook subscription was created; every set field as `{before: null, after}`."],
  update: [
    webhookChanges,
    "A webhook subscription changed; `enabled` false with no actor: the server disabled it after repeated failure.",
  ],
  delete: [z.strictObject({ url: z.string() }), "A webhook subscription and its delivery log were deleted."],
  rotate_secret: [z.strictObject({}), "A webhook's signing secret was replaced."],
});

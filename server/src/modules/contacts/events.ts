import { z } from "zod";
import { defineChangeEvents, fieldChanges } from "../../platform/events/catalogue.js";

const structured = z.array(z.record(z.string(), z.unknown()));

/** A contact's audited fields (its API fields without ids, row timestamps and the derived `name`). */
export const contactChanges = fieldChanges({
  firstName: z.string(),
  lastName: z.string(),
  middleName: z.string(),
  position: z.string(),
  companies: z.array(
    z.strictObject({ companyId: z.uuid(), role: z.string().nullable(), isPrimary: z.boolean() }),
  ),
  phones: structured,
  emails: structured,
  messengers: structured,
  birthday: z.string(),
  notes: z.string(),
  preferredChannel: z.string(),
  language: z.string(),
  address: z.record(z.string(), z.unknown()),
  source: z.string(),
  externalId: z.string(),
  consent: z.record(z.string(), z.unknown()),
  tags: z.array(z.string()),
  ownerId: z.uuid(),
  custom: z.record(z.string(), z.unknown()),
});

export const contactEvents = defineChangeEvents("contacts", {
  create: [contactChanges, "A contact was created; every set field as `{before: null, after}`."],
  update: [contactChanges, "A contact's fields changed."],
  delete: [z.strictObject({ name: z.string() }), "A contact was moved to the trash."],
  restore: [z.strictObject({ name: z.string() }), "A contact came back from the trash."],
});

import { z } from "zod";
import { defineChangeEvents, fieldChanges } from "../../platform/events/catalogue.js";

const structured = z.array(z.record(z.string(), z.unknown()));

/** A company's audited fields (its API fields without ids and row timestamps). */
export const companyChanges = fieldChanges({
  name: z.string(),
  legalName: z.string(),
  types: z.array(z.string()),
  taxIds: structured,
  industry: z.string(),
  size: z.string(),
  website: z.string(),
  addresses: structured,
  phones: structured,
  emails: structured,
  source: z.string(),
  externalId: z.string(),
  tags: z.array(z.string()),
  rating: z.string(),
  ownerId: z.uuid(),
  parentCompanyId: z.uuid(),
  custom: z.record(z.string(), z.unknown()),
});

export const companyEvents = defineChangeEvents("companies", {
  create: [companyChanges, "A company was created; every set field as `{before: null, after}`."],
  update: [companyChanges, "A company's fields changed."],
  delete: [z.strictObject({ name: z.string() }), "A company was moved to the trash."],
  restore: [z.strictObject({ name: z.string() }), "A company came back from the trash."],
});

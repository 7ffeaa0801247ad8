import { z } from "zod";
import type { RequestContext } from "../../platform/access/actor.js";
import { requireAnyScope } from "../../platform/access/scope.js";
import type { Database } from "../../platform/db/database.js";
import type { FieldError } from "../../platform/errors.js";
import { type DuplicateMatch, findDuplicates } from "../../platform/records/duplicates.js";
import { userLanguage } from "../../platform/records/users.js";
import { country } from "../../platform/records/value-schemas.js";
import {
  defaultRegion,
  normalizePhones,
  normalizeTaxIds,
  taxIdValues,
} from "../../platform/records/values.js";
import { TAX_ID_KINDS } from "../companies/module.js";
import { displayName } from "../contacts/module.js";

const text = (max: number) => z.string().trim().max(max);

/**
 * What a create form holds so far. Values that are not complete yet (a phone being typed, half an email, a
 * tax id with a wrong check digit) are not compared rather than refused: the form validates them on save.
 */
export const duplicateCheckBody = z
  .strictObject({
    entity: z.enum(["companies", "contacts"]),
    candidate: z.strictObject({
      name: text(400).optional().describe("Company name (contacts: or give the name parts)"),
      firstName: text(100).optional(),
      middleName: text(100).optional(),
      lastName: text(100).optional(),
      city: text(200).nullable().optional(),
      country: country.nullable().optional().describe("Default region for phone numbers without +code"),
      phones: z.array(text(50)).max(10).default([]).describe("Phone numbers as typed"),
      emails: z.array(text(254)).max(10).default([]),
      taxIds: z
        .array(z.strictObject({ kind: z.enum(TAX_ID_KINDS), value: text(50), country: country.nullish() }))
        .max(10)
        .default([])
        .describe("Companies only"),
    }),
  })
  .superRefine((body, ctx) => {
    const c = body.candidate;
    if (body.entity === "contacts" && c.taxIds.length > 0) {
      ctx.addIssue({ code: "custom", path: ["candidate", "taxIds"], message: "Contacts have no tax ids." });
    }
    if (body.entity === "companies" && (c.firstName || c.middleName || c.lastName)) {
      ctx.addIssue({ code: "custom", path: ["candidate", "firstName"], message: "Companies have one name." });
    }
  });
export type DuplicateCheckInput = z.infer<typeof duplicateCheckBody>;

export const duplicateCheckResponse = z.object({
  matches: z.array(
    z.object({ id: z.uuid(), name: z.string(), reason: z.enum(["phone", "email", "taxId", "name"]) }),
  ),
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
/** Shorter names match too much by trigram similarity to be a useful hint. */
const MIN_NAME = 3;

/**
 * Runs the create path's duplicate rules (`findDuplicates`: same phone, email or tax id, or a very similar
 * name in the same city, among records the caller can read; hidden fields never compared) on a candidate,
 * without writing. Permission: create on the entity.
 */
export async function checkDuplicates(
  db: Database,
  ctx: RequestContext,
  input: DuplicateCheckInput,
): Promise<{ matches: DuplicateMatch[] }> {
  requireAnyScope(ctx.actor, input.entity, "create");
  const c = input.candidate;
  const name =
    (input.entity === "contacts" && (c.firstName || c.middleName || c.lastName)
      ? displayName(c.firstName, c.middleName, c.lastName)
      : c.name) ?? "";
  return db.transaction().execute(async (trx) => {
    const ignored: FieldError[] = [];
    const region = defaultRegion(c.country, await userLanguage(trx, ctx.actor.userId));
    const phones = normalizePhones(
      c.phones.filter((p) => p.replace(/\D/g, "").length >= 5).map((raw) => ({ kind: "work", raw })),
      region,
      ignored,
    ).flatMap((p) => (p.e164 ? [p.e164] : []));
    const emails = c.emails.filter((e) => EMAIL.test(e)).map((e) => e.toLowerCase());
    const taxErrors: FieldError[] = [];
    const taxIds = normalizeTaxIds(c.taxIds, taxErrors).filter(
      (_, i) => !taxErrors.some((e) => e.field === `taxIds[${i}].value`),
    );
    const nameToCompare = name.trim().length >= MIN_NAME ? name.trim() : "";
    if (!nameToCompare && phones.length === 0 && emails.length === 0 && taxIds.length === 0) {
      return { matches: [] };
    }
    const matches = await findDuplicates(
      trx,
      ctx.actor,
      input.entity,
      {
        // An empty name matches nothing by similarity (pg_trgm finds no trigram in common).
        name: nameToCompare,
        city: c.city ?? null,
        phoneE164: [...new Set(phones)],
        emails: [...new Set(emails)],
        taxIds: taxIdValues(taxIds.filter((t) => t.value.length > 0)),
      },
      5,
    );
    return { matches };
  });
}

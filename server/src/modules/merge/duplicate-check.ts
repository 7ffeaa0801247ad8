import { z } from "zod";
import type { RequestContext } from "../../platform/access/actor.js";
import { requireAnyScope } from "../../platform/access/scope.js";
import type { Database } from "../../platform/db/database.js";
import type { FieldError } from "../../platform/errors.js";
import type { EntityCatalog } from "../../platform/records/catalog.js";
import type { EntityDuplicateCheck } from "../../platform/records/duplicate-check.js";
import { type DuplicateMatch, findDuplicates } from "../../platform/records/duplicates.js";
import { userLanguage } from "../../platform/records/users.js";
import {
  defaultRegion,
  normalizePhones,
  normalizeTaxIds,
  taxIdValues,
} from "../../platform/records/values.js";

/**
 * The body of `POST /api/v1/duplicates/check`: one variant per entity declaring the `duplicateCheck` capability,
 * with that entity's candidate (built when the routes register, so OpenAPI shows each entity's candidate).
 */
export function duplicateCheckBody(entities: EntityCatalog) {
  const variants = entities.with("duplicateCheck").map((d) =>
    z.strictObject({
      entity: z.literal(d.name),
      candidate: (d.capabilities.duplicateCheck as EntityDuplicateCheck).candidate,
    }),
  );
  if (variants.length === 0) throw new Error("No entity offers duplicateCheck");
  return z.discriminatedUnion(
    "entity",
    variants as unknown as [(typeof variants)[number], ...(typeof variants)[number][]],
  );
}
export interface DuplicateCheckInput {
  entity: string;
  candidate: Record<string, unknown>;
}

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
 * read by its entity's own rules, without writing. Permission: create on the entity.
 */
export async function checkDuplicates(
  db: Database,
  entities: EntityCatalog,
  ctx: RequestContext,
  input: DuplicateCheckInput,
): Promise<{ matches: DuplicateMatch[] }> {
  requireAnyScope(ctx.actor, input.entity, "create");
  const check = entities.require(input.entity).capabilities.duplicateCheck as EntityDuplicateCheck;
  const c = check.values(input.candidate);
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
    const nameToCompare = c.name.trim().length >= MIN_NAME ? c.name.trim() : "";
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
        city: c.city,
        phoneE164: [...new Set(phones)],
        emails: [...new Set(emails)],
        taxIds: taxIdValues(taxIds.filter((t) => t.value.length > 0)),
      },
      5,
    );
    return { matches };
  });
}

import type { Kysely } from "kysely";
import { z } from "zod";
import { buildIndex } from "../../src/modules/custom-fields/index-job.js";
import type { IndexJobData } from "../../src/modules/custom-fields/indexes.js";
import { createCustomFieldBody } from "../../src/modules/custom-fields/schemas.js";
import { createCustomField } from "../../src/modules/custom-fields/service.js";
import type { DB } from "../../src/platform/db/schema.js";
import { actorForUser } from "../../src/platform/records/actor.js";

/** Values of the contacts' `segment` select field; the first is the one the list scenario filters on. */
export const SEGMENTS = ["smb", "mid_market", "enterprise", "public_sector", "partner"] as const;

/** SQL for `contacts.custom` of row g: a segment (select) and a score 0–100 (number). */
export const contactCustomSql = () => {
  // Skewed as in real data (half are small businesses) and hashed, so it is independent of the owner
  // (owner_id is also picked by g modulo something).
  const h = "(abs(hashtext('segment:' || g)) % 100)";
  const segment = `CASE WHEN ${h} < 50 THEN 'smb' WHEN ${h} < 75 THEN 'mid_market' WHEN ${h} < 85 THEN 'enterprise'
    WHEN ${h} < 95 THEN 'public_sector' ELSE 'partner' END`;
  return `jsonb_build_object('segment', ${segment}, 'score', abs(hashtext('score:' || g)) % 101)`;
};

/**
 * Defines the contact fields whose values the generator wrote, through the custom-fields service an
 * administrator's request uses — so the filterable fields get the same expression index (built here, at once, on
 * the already-loaded rows, as the background job does when a field is added to an existing table).
 */
export async function defineContactFields(db: Kysely<DB>, adminId: string): Promise<void> {
  const actor = await actorForUser(db, adminId);
  if (!actor) throw new Error("benchmark administrator is missing or inactive");
  const ctx = { actor, requestId: "bench-load", ip: null, userAgent: null };
  const fields = [
    {
      entity: "contacts",
      key: "segment",
      label: "Segment",
      type: "select",
      filterable: true,
      options: SEGMENTS.map((value) => ({ value, label: value.replace("_", " ") })),
    },
    { entity: "contacts", key: "score", label: "Lead score", type: "number", filterable: true },
  ];
  // The app queues each filterable field's index for a background job; here it is built at once, before the run.
  const queued: IndexJobData[] = [];
  const jobs = {
    sendWith: async (_trx: unknown, _name: string, data: object) => {
      queued.push(data as IndexJobData);
      return null;
    },
  };
  for (const f of fields) {
    const input = createCustomFieldBody(z.string(), z.string()).parse(f);
    await db.transaction().execute((trx) => createCustomField(trx, ctx, jobs, input));
  }
  for (const field of queued) await buildIndex(db, field);
}

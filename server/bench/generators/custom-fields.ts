import type { Kysely } from "kysely";
import { createCustomFieldBody } from "../../src/modules/custom-fields/schemas.js";
import { createCustomField } from "../../src/modules/custom-fields/service.js";
import { actorForUser } from "../../src/modules/imports/actor.js";
import type { DB } from "../../src/platform/db/schema.js";
import { word } from "./types.js";

/** Values of the contacts' `segment` select field; the first is the one the list scenario filters on. */
export const SEGMENTS = ["smb", "mid_market", "enterprise", "public_sector", "partner"] as const;

/** SQL for `contacts.custom` of row g: a segment (select) and a score 0–100 (number). */
export const contactCustomSql = () =>
  `jsonb_build_object('segment', ${word(SEGMENTS, 29)}, 'score', (g * 53) % 101)`;

/**
 * Defines the contact fields whose values the generator wrote, through the custom-fields service an
 * administrator's request uses — so the filterable fields get the same expression index (built here on the
 * already-loaded rows, as when a field is added to an existing table).
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
  for (const f of fields) {
    const input = createCustomFieldBody.parse(f);
    await db.transaction().execute((trx) => createCustomField(trx, ctx, input));
  }
}

import type { Kysely } from "kysely";
import { installDuplicateKeys } from "../../records/duplicate-keys.js";

/**
 * Duplicate-key triggers that recompute, on UPDATE, only the part of a changed row's keys whose sources (or
 * owner) changed: the value keys (e-mails, phones, tax ids) when a value column, the soft delete or the owner
 * changed, the name keys when the name, the city, the soft delete, `search_pending` or the owner changed. The
 * search catch-up flips `search_pending` alone: its rows' exact keys were computed on both sides only to be
 * found unchanged (~10 % of the catch-up); now only their name keys are computed and added. Same keys (no
 * backfill).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const spec of [
    {
      entity: "contacts",
      table: "contacts",
      ownerColumn: "owner_id",
      softDeleteColumn: "deleted_at",
      values: [
        { reason: "email", column: "email_values" },
        { reason: "phone", column: "phone_e164" },
      ],
      name: { column: "name", city: "city" },
      pendingColumn: "search_pending",
      sharedGroups: true,
    },
    {
      entity: "companies",
      table: "companies",
      ownerColumn: "owner_id",
      softDeleteColumn: "deleted_at",
      values: [
        { reason: "email", column: "email_values" },
        { reason: "phone", column: "phone_e164" },
        { reason: "taxId", column: "tax_id_values" },
      ],
      name: { column: "name", city: "city" },
      pendingColumn: "search_pending",
      sharedGroups: true,
    },
  ]) {
    await installDuplicateKeys(db, spec, { backfill: false });
  }
}

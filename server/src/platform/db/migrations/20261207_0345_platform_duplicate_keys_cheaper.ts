import type { Kysely } from "kysely";
import { installDuplicateKeys } from "../../records/duplicate-keys.js";

/**
 * Duplicate-key triggers that skip what did not change: on UPDATE only the rows whose key sources (the value
 * columns, name, city, soft delete) changed are recomputed; an owner change alone copies the new owner onto the
 * kept keys; any other change (notes, stage, updated_at, version …) computes nothing. Same installs as
 * `20261207_0241_platform_duplicate_keys`, so the keys themselves are unchanged (no backfill).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await installDuplicateKeys(
    db,
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
    },
    { backfill: false },
  );
  await installDuplicateKeys(
    db,
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
    },
    { backfill: false },
  );
}

import { type Kysely, sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { type ContactValues, contactColumns } from "../contacts/module.js";
import type { ImportEntity } from "./fields.js";

interface Update {
  id: string;
  rowNumber: number;
  set: Record<string, unknown>;
  input?: ContactValues;
}

/**
 * What the API derives from and checks against a record's stored values, done for a batch of updates in two
 * queries at most: a contact's columns are derived again against the stored contact with the API's function
 * (name from the given and stored name parts, consent merged — a flag the file leaves out stays, an unchanged
 * flag keeps when and where it was given), and a company may not become its own ancestor. Returns the rows
 * refused (row number → field and reason); the others' `set` is adjusted in place.
 */
export async function checkUpdates(
  db: Kysely<DB> | Transaction<DB>,
  entity: ImportEntity,
  updates: Update[],
): Promise<Map<number, { field: string; reason: string }>> {
  const refused = new Map<number, { field: string; reason: string }>();
  if (entity === "contacts") {
    const derived = updates.filter((u) => u.input);
    if (derived.length) {
      const rows = await db
        .selectFrom("contacts")
        .select(["id", "first_name", "middle_name", "last_name", "consent"])
        .where(
          "id",
          "in",
          derived.map((u) => u.id),
        )
        .execute();
      const stored = new Map(rows.map((r) => [r.id, r]));
      const now = new Date();
      for (const u of derived) {
        const { firstName, middleName, lastName, consent } = u.input as ContactValues;
        const again = contactColumns(
          { firstName, middleName, lastName, consent },
          { current: stored.get(u.id), consentOrigin: "import", now },
          [],
        );
        for (const column of ["name", "consent"])
          if (again[column] !== undefined) u.set[column] = again[column];
      }
    }
  }
  if (entity === "companies") {
    const withParent = updates.filter((u) => typeof u.set.parent_company_id === "string");
    if (withParent.length) {
      const ids = withParent.map((u) => u.id);
      const parents = withParent.map((u) => u.set.parent_company_id as string);
      const cycles = await sql<{ start: string }>`
        with recursive up (start, id, depth) as (
          select x.start, x.parent, 0 from unnest(${ids}::uuid[], ${parents}::uuid[]) as x(start, parent)
          union all
          select up.start, c.parent_company_id, up.depth + 1
          from up join companies c on c.id = up.id
          where c.parent_company_id is not null and up.id <> up.start and up.depth < 100
        )
        select distinct start from up where id = start`.execute(db);
      const cyclic = new Set(cycles.rows.map((r) => r.start));
      for (const u of withParent) {
        if (cyclic.has(u.id)) {
          refused.set(u.rowNumber, {
            field: "parentCompany",
            reason: "A company cannot be its own parent, directly or through its parents.",
          });
        }
      }
    }
  }
  return refused;
}

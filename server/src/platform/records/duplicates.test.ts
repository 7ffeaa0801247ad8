import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ROLES } from "../../modules/identity/default-roles.js";
import { createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { actorFor } from "../../test/matrix-support.js";
import { entityCatalog } from "./catalog.js";
import type { EntityDefinition } from "./definition.js";
import { type DuplicateCandidate, findDuplicates, findDuplicatesOf } from "./duplicates.js";

/**
 * `findDuplicates` reads only what an entity's definition declares: no duplicate keys → no duplicates; value keys
 * without a name key → compared by values, reported by title; `search_pending` only on searchable entities; and
 * every declared name key has the trigram index its comparison is served by.
 */
describe("findDuplicates reads the entity definition", () => {
  const t = useTestContext();
  const admin = actorFor(DEFAULT_ROLES.find((r) => r.key === "admin") as (typeof DEFAULT_ROLES)[number]);
  let ownerId: string;
  const find = (def: EntityDefinition | string, c: DuplicateCandidate) =>
    t.db
      .transaction()
      .execute((trx) =>
        typeof def === "string" ? findDuplicates(trx, admin, def, c) : findDuplicatesOf(trx, admin, def, c),
      );

  beforeAll(async () => {
    ownerId = (await createUser(t.db, { roleKey: "admin" })).id;
  });

  it("products declare no duplicate keys: a product has no duplicates, even one of the same name", async () => {
    expect(entityCatalog().require("products").duplicateKeys).toBeUndefined();
    await t.db
      .insertInto("products")
      .values({ sku: "DUP-1", name: "Twin widget", price_currency: "RUB", owner_id: ownerId } as never)
      .execute();
    expect(await find("products", { name: "Twin widget" })).toEqual([]);
  });

  it("an entity that is not searchable (no search_pending) compares names by its declared name key", async () => {
    const activities = entityCatalog().require("activities");
    expect(activities.capabilities.search).toBeUndefined();
    const def: EntityDefinition = {
      ...activities,
      duplicateKeys: { values: [], name: { column: "subject", fields: ["subject"] } },
    };
    const { id } = await t.db
      .insertInto("activities")
      .values({ kind: "note", subject: "Quarterly pricing review", owner_id: ownerId, created_by: ownerId })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await find(def, { name: "Quarterly pricing reviews" })).toEqual([
      { id, name: "Quarterly pricing review", reason: "name" },
    ]);
  });

  it("an entity declaring value keys only is compared by them and reports its title", async () => {
    const contacts = entityCatalog().require("contacts");
    const def: EntityDefinition = {
      ...contacts,
      duplicateKeys: { values: contacts.duplicateKeys?.values ?? [] },
    };
    const { id } = await t.db
      .insertInto("contacts")
      .values({
        first_name: "Solo",
        last_name: "Valuekey",
        name: "Solo Valuekey",
        email_values: ["solo@dup.example"],
        owner_id: ownerId,
      } as never)
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await find(def, { name: "Someone else", emails: ["SOLO@dup.example"] })).toEqual([
      { id, name: "Solo Valuekey", reason: "email" },
    ]);
    // No name key declared: a similar name alone is no duplicate.
    expect(await find(def, { name: "Solo Valuekey" })).toEqual([]);
    // The full declaration (with the name key) finds it by name too.
    expect(await find("contacts", { name: "Solo Valuekey" })).toEqual([
      { id, name: "Solo Valuekey", reason: "name" },
    ]);
  });

  it("every entity declaring a name key has the trigram index its comparison is served by", async () => {
    const named = entityCatalog()
      .all()
      .filter((d) => d.duplicateKeys?.name);
    expect(named.length).toBeGreaterThan(0);
    for (const def of named) {
      const column = def.duplicateKeys?.name?.column as string;
      const found = await sql<{ indexname: string }>`
        select indexname from pg_indexes
        where tablename = ${def.table}
          and indexdef like ${`%gin (tandem_search_norm(${column}) gin_trgm_ops)%`}`.execute(t.db);
      expect(found.rows, `${def.name}: trigram index on tandem_search_norm(${column})`).not.toEqual([]);
    }
  });
});

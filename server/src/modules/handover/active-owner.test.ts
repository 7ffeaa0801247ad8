import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

/** The database itself refuses inactive owners on every owned table: per statement on insert, per row on update. */
describe("active owners in the database", () => {
  const t = useTestContext();
  const OWNED = ["companies", "contacts", "deals", "tasks", "activities"];

  it("attaches the statement-level insert check and the row-level update check to every owned table", async () => {
    const res = await sql<{ table: string; name: string; level: string; timing: string }>`
      select c.relname as table, t.tgname as name,
        case when t.tgtype & 1 = 1 then 'row' else 'statement' end as level,
        case when t.tgtype & 2 = 2 then 'before' else 'after' end as timing
      from pg_trigger t join pg_class c on c.oid = t.tgrelid
      where t.tgname like '%active_owner%' and c.relname = any(${OWNED})
      order by 1, 2`.execute(t.db);
    for (const table of OWNED) {
      expect(res.rows.filter((r) => r.table === table)).toEqual([
        { table, name: `${table}_active_owner`, level: "row", timing: "before" },
        { table, name: `${table}_active_owner_insert`, level: "statement", timing: "after" },
      ]);
    }
  });

  it("refuses a multi-row insert when any one owner is inactive, and writes none of it", async () => {
    const active = await createUser(t.db);
    const gone = await createUser(t.db);
    await t.db.updateTable("users").set({ is_active: false }).where("id", "=", gone.id).execute();
    const insert = (owners: string[]) =>
      sql`insert into companies (name, owner_id)
        select 'Owner check ' || o.n, o.id from unnest(${owners}::uuid[]) with ordinality as o(id, n)`.execute(
        t.db,
      );
    await expect(insert([active.id, active.id, gone.id])).rejects.toMatchObject({
      code: "23514",
      constraint: "active_owner",
    });
    const count = async () =>
      (
        await t.db
          .selectFrom("companies")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("name", "like", "Owner check %")
          .executeTakeFirstOrThrow()
      ).n;
    expect(await count()).toBe("0");
    await insert([active.id, active.id]);
    expect(await count()).toBe("2");
  });

  it("refuses moving a record to an inactive owner, but lets other updates of its records through", async () => {
    const active = await createUser(t.db);
    const gone = await createUser(t.db);
    const [company] = (
      await sql<{ id: string }>`insert into companies (name, owner_id) values ('Update check', ${gone.id})
        returning id`.execute(t.db)
    ).rows;
    await t.db.updateTable("users").set({ is_active: false }).where("id", "=", gone.id).execute();
    // Renaming keeps the (now inactive) owner: not an owner change, so allowed (hand-over moves it later).
    await t.db
      .updateTable("companies")
      .set({ name: "Renamed" })
      .where("id", "=", company?.id as string)
      .execute();
    await t.db
      .updateTable("companies")
      .set({ owner_id: active.id })
      .where("id", "=", company?.id as string)
      .execute();
    await expect(
      t.db
        .updateTable("companies")
        .set({ owner_id: gone.id })
        .where("id", "=", company?.id as string)
        .execute(),
    ).rejects.toMatchObject({ code: "23514", constraint: "active_owner" });
  });
});

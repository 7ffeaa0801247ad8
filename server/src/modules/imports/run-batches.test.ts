import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runImport } from "./job.js";
import { dryRun, upload } from "./test-helpers.js";

/** The run writes batches two at a time, records their ranges, resumes by them, and never leaves half a file. */
describe("import runs in batches", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let adminId: string;

  beforeAll(async () => {
    const a = await createUser(t.db, { roleKey: "admin" });
    adminId = a.id;
    admin = await tokenHeaders(t.db, a.id);
  });

  const csvOf = (
    tag: string,
    n: number,
    row: (i: number) => string[] = (i) => [`${tag} ${i}`, email(tag, i)],
  ) => ["Name;Email", ...Array.from({ length: n }, (_, i) => row(i + 1).join(";"))].join("\n");
  const email = (tag: string, i: number) => `${tag}-${i}@example.com`;

  async function prepared(csv: string, options: Record<string, unknown> = {}) {
    const imp = (await upload(t.app, admin, "contacts", csv)).json();
    const put = await t.app.inject({
      method: "PUT",
      url: `/api/v1/imports/${imp.id}/mapping`,
      headers: admin,
      payload: { mapping: { "0": "name", "1": "email" }, options },
    });
    expect(put.statusCode, put.body).toBe(200);
    const dry = await dryRun(t, admin, imp.id);
    expect(dry.statusCode, dry.body).toBe(200);
    const run = await t.app.inject({ method: "POST", url: `/api/v1/imports/${imp.id}/run`, headers: admin });
    expect(run.statusCode, run.body).toBe(202);
    return imp.id as string;
  }
  const contactsTagged = async (tag: string) =>
    (
      await sql<{
        name: string;
        deleted: boolean;
      }>`select name, deleted_at is not null as deleted from contacts
        where name like ${`${tag} %`} order by name`.execute(t.db)
    ).rows;
  const status = async (id: string) =>
    (await t.app.inject({ method: "GET", url: `/api/v1/imports/${id}`, headers: admin })).json();

  it("writes every row once across many batches and records each batch's range", async () => {
    const id = await prepared(csvOf("Batchy", 23));
    await runImport(t.db, id, { batchRows: 5 });
    expect(await status(id)).toMatchObject({ status: "completed", progress: { processed: 23, created: 23 } });
    expect((await contactsTagged("Batchy")).length).toBe(23);
    const ranges = await t.db
      .selectFrom("import_batches")
      .select(["first_row", "last_row"])
      .where("import_id", "=", id)
      .orderBy("first_row")
      .execute();
    // Data rows are 2…24 (row 1 is the header): five ranges, in order, without gaps or overlaps.
    expect(ranges).toEqual([
      { first_row: 2, last_row: 6 },
      { first_row: 7, last_row: 11 },
      { first_row: 12, last_row: 16 },
      { first_row: 17, last_row: 21 },
      { first_row: 22, last_row: 24 },
    ]);
    const journal = await t.db
      .selectFrom("import_rows")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("import_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(journal.n).toBe("23");
  });

  it("a retried run skips exactly the rows of batches an earlier attempt committed", async () => {
    const id = await prepared(csvOf("Resumy", 12));
    // An earlier attempt committed rows 5…8 (a later batch) but not rows 2…4: batches commit out of order.
    await t.db.insertInto("import_batches").values({ import_id: id, first_row: 5, last_row: 8 }).execute();
    await t.db.updateTable("imports").set({ status: "running" }).where("id", "=", id).execute();
    await runImport(t.db, id, { batchRows: 3 });
    const names = (await contactsTagged("Resumy")).map((r) => r.name);
    expect(names).toEqual(["1", "2", "3", "8", "9", "10", "11", "12"].map((i) => `Resumy ${i}`).sort());
    expect(await status(id)).toMatchObject({ status: "completed", progress: { processed: 8, created: 8 } });
  });

  it("stops and reverts everything when a row became invalid and skipping was not allowed", async () => {
    const owner = await createUser(t.db, { roleKey: "sales_manager" });
    // Row 9 names an owner who is deactivated after the dry run.
    const csv = [
      "Name;Email;Owner",
      ...Array.from({ length: 12 }, (_, i) =>
        [`Strict ${i + 1}`, email("strict", i + 1), i === 7 ? owner.email : ""].join(";"),
      ),
    ].join("\n");
    const imp = (await upload(t.app, admin, "contacts", csv)).json();
    await t.app.inject({
      method: "PUT",
      url: `/api/v1/imports/${imp.id}/mapping`,
      headers: admin,
      payload: { mapping: { "0": "name", "1": "email", "2": "owner" }, options: { skipInvalidRows: false } },
    });
    const dry = await dryRun(t, admin, imp.id);
    expect(dry.json().dryRun).toMatchObject({ invalid: 0, valid: 12 });
    expect(
      (await t.app.inject({ method: "POST", url: `/api/v1/imports/${imp.id}/run`, headers: admin }))
        .statusCode,
    ).toBe(202);
    await t.db.updateTable("users").set({ is_active: false }).where("id", "=", owner.id).execute();

    await runImport(t.db, imp.id, { batchRows: 3 });
    const done = await status(imp.id);
    expect(done.status).toBe("reverted");
    expect(done.error).toMatch(/Row 9/);
    // Batches before row 9 were committed, then reverted: no live record of the file is left.
    const rows = await contactsTagged("Strict");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.deleted)).toBe(true);
    const report = await t.app.inject({
      method: "GET",
      url: `/api/v1/imports/${imp.id}/errors.csv`,
      headers: admin,
    });
    expect(report.body).toContain(owner.email);
    expect(adminId).toBeTruthy();
  });
});

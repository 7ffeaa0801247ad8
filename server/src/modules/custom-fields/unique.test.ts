import { sql } from "kysely";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { uniqueIndexName } from "./indexes.js";
import { up as enforceExisting } from "./migrations/20261206_0600_custom_unique_enforced.js";

describe("unique custom fields", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let manager: Record<string, string>;

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    manager = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
  });

  const define = (payload: object) =>
    t.app.inject({ method: "POST", url: "/api/v1/custom-fields", headers: admin, payload });
  const patchField = (id: string, payload: object) =>
    t.app.inject({ method: "PATCH", url: `/api/v1/custom-fields/${id}`, headers: admin, payload });
  const company = (payload: object) =>
    t.app.inject({ method: "POST", url: "/api/v1/companies", headers: manager, payload });
  const indexDef = async (key: string) =>
    (
      await sql<{ indexdef: string }>`select indexdef from pg_indexes
        where indexname = ${uniqueIndexName("companies", key)}`.execute(t.db)
    ).rows[0]?.indexdef;

  it("is enforced by a UNIQUE partial index over live rows that have the key", async () => {
    expect(
      (await define({ entity: "companies", key: "regNo", label: "Reg", type: "text", unique: true }))
        .statusCode,
    ).toBe(201);
    const def = await indexDef("regNo");
    expect(def).toMatch(
      /^CREATE UNIQUE INDEX .+\(\(\(custom ->> 'regNo'::text\)\)\) WHERE \(\(deleted_at IS NULL\) AND \(custom \? 'regNo'::text\)\)$/,
    );
    const a = await company({ name: "A", custom: { regNo: "R-1" } });
    expect(a.statusCode, a.body).toBe(201);
    // The record itself may keep (resend) its value.
    const same = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/companies/${a.json().id}`,
      headers: manager,
      payload: { custom: { regNo: "R-1" }, industry: "Retail" },
    });
    expect(same.statusCode, same.body).toBe(200);
    // Records without a value do not collide; a deleted record frees its value.
    expect((await company({ name: "No value 1" })).statusCode).toBe(201);
    expect((await company({ name: "No value 2" })).statusCode).toBe(201);
    const dup = await company({ name: "B", custom: { regNo: "R-1" } });
    expect(dup.statusCode).toBe(422);
    expect(dup.json().errors).toEqual([
      expect.objectContaining({ field: "custom.regNo", code: "not_unique" }),
    ]);
    const del = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/companies/${a.json().id}`,
      headers: admin,
    });
    expect(del.statusCode, del.body).toBe(204);
    const freed = await company({ name: "B", custom: { regNo: "R-1" } });
    expect(freed.statusCode, freed.body).toBe(201);
  });

  it("lets exactly one of two concurrent creates with the same value succeed", async () => {
    for (let i = 0; i < 5; i++) {
      const value = `RACE-${i}`;
      const results = await Promise.all([
        company({ name: `Race ${i} a`, custom: { regNo: value } }),
        company({ name: `Race ${i} b`, custom: { regNo: value } }),
      ]);
      const codes = results.map((r) => r.statusCode).sort();
      expect(codes, results.map((r) => r.body).join("\n")).toEqual([201, 422]);
      const refused = results.find((r) => r.statusCode === 422);
      expect(refused?.json().errors[0]).toMatchObject({ field: "custom.regNo", code: "not_unique" });
      const stored = await sql<{ n: number }>`select count(*)::int as n from companies
        where custom->>'regNo' = ${value} and deleted_at is null`.execute(t.db);
      expect(stored.rows[0]?.n).toBe(1);
    }
  });

  it("maps the index's unique violation to the same 422 when the early check cannot see the rival", async () => {
    const holder = (await company({ name: "Holder" })).json().id as string;
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    try {
      await client.query("begin");
      await client.query(`update companies set custom = custom || '{"regNo":"HELD"}' where id = $1`, [
        holder,
      ]);
      // Not committed: the service's check sees nothing, the insert waits on the index entry.
      const pending = company({ name: "Rival", custom: { regNo: "HELD" } });
      await new Promise((r) => setTimeout(r, 300));
      await client.query("commit");
      const res = await pending;
      expect(res.statusCode, res.body).toBe(422);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json()).toMatchObject({
        code: "validation_failed",
        errors: [
          { field: "custom.regNo", code: "not_unique", message: "Another record already has this value." },
        ],
      });
    } finally {
      await client.end();
    }
    const rivals = await t.db.selectFrom("companies").select("id").where("name", "=", "Rival").execute();
    expect(rivals).toHaveLength(0);
  });

  it("refuses turning unique on over duplicates, and creates/drops the index when switched", async () => {
    const field = (
      await define({ entity: "companies", key: "branch", label: "Branch", type: "text" })
    ).json();
    expect(await indexDef("branch")).toBeUndefined();
    const first = (await company({ name: "Br 1", custom: { branch: "North" } })).json().id as string;
    await company({ name: "Br 2", custom: { branch: "North" } });
    await company({ name: "Br 3", custom: { branch: "South" } });

    const refused = await patchField(field.id, { unique: true });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      expect.objectContaining({ field: "unique", code: "duplicate_values" }),
    ]);
    expect(refused.json().errors[0].message).toContain('1 value is shared by several records (e.g. "North")');
    const still = await t.app.inject({
      method: "GET",
      url: `/api/v1/custom-fields/${field.id}`,
      headers: admin,
    });
    expect(still.json().unique).toBe(false);
    expect(await indexDef("branch")).toBeUndefined();

    await t.app.inject({
      method: "PATCH",
      url: `/api/v1/companies/${first}`,
      headers: manager,
      payload: { custom: { branch: "East" } },
    });
    const on = await patchField(field.id, { unique: true });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json().unique).toBe(true);
    expect(await indexDef("branch")).toMatch(/^CREATE UNIQUE INDEX/);
    expect((await company({ name: "Br 4", custom: { branch: "South" } })).statusCode).toBe(422);

    const off = await patchField(field.id, { unique: false });
    expect(off.statusCode).toBe(200);
    expect(await indexDef("branch")).toBeUndefined();
    expect((await company({ name: "Br 4", custom: { branch: "South" } })).statusCode).toBe(201);

    // Duplicates that appeared while it was off block switching it back on.
    expect((await patchField(field.id, { unique: true })).statusCode).toBe(422);
  });

  it("restores a deleted unique field only while its values are still distinct", async () => {
    const field = (
      await define({ entity: "companies", key: "serial", label: "Serial", type: "text", unique: true })
    ).json();
    await company({ name: "S1", custom: { serial: "X" } });
    await t.app.inject({ method: "DELETE", url: `/api/v1/custom-fields/${field.id}`, headers: admin });
    expect(await indexDef("serial")).toBeUndefined();
    await t.db
      .updateTable("companies")
      .set({ custom: sql`custom || '{"serial":"X"}'` } as never)
      .where("name", "=", "Holder")
      .execute();
    const restore = await t.app.inject({
      method: "POST",
      url: `/api/v1/custom-fields/${field.id}/restore`,
      headers: admin,
    });
    expect(restore.statusCode).toBe(422);
    expect(restore.json().errors[0]).toMatchObject({ field: "unique", code: "duplicate_values" });
  });

  it("migrates existing unique fields to UNIQUE indexes, unmarking those whose values collide", async () => {
    const clean = (await define({ entity: "companies", key: "legacyOk", label: "L", type: "text" })).json();
    const clash = (await define({ entity: "companies", key: "legacyDup", label: "D", type: "text" })).json();
    await company({ name: "L1", custom: { legacyOk: "a", legacyDup: "same" } });
    await company({ name: "L2", custom: { legacyOk: "b", legacyDup: "same" } });
    // The state before the migration: marked unique with a plain (non-unique) text index.
    for (const key of ["legacyOk", "legacyDup"]) {
      await sql`create index ${sql.id(uniqueIndexName("companies", key))} on companies ((custom->>${sql.lit(key)}))
        where deleted_at is null`.execute(t.db);
    }
    await t.db
      .updateTable("custom_fields")
      .set({ is_unique: true })
      .where("id", "in", [clean.id, clash.id])
      .execute();
    await enforceExisting(t.db as never);
    expect(await indexDef("legacyOk")).toMatch(
      /^CREATE UNIQUE INDEX .+ AND \(custom \? 'legacyOk'::text\)\)$/,
    );
    expect(await indexDef("legacyDup")).toBeUndefined();
    const flags = await t.db
      .selectFrom("custom_fields")
      .select(["key", "is_unique"])
      .where("id", "in", [clean.id, clash.id])
      .orderBy("key")
      .execute();
    expect(flags).toEqual([
      { key: "legacyDup", is_unique: false },
      { key: "legacyOk", is_unique: true },
    ]);
  });
});

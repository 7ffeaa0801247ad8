import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { buildIndex } from "./index-job.js";
import { INDEX_JOB, indexName } from "./indexes.js";

describe("custom fields", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let manager: Record<string, string>;

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    manager = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
  });

  const define = (payload: object, headers = admin) =>
    t.app.inject({ method: "POST", url: "/api/v1/custom-fields", headers, payload });
  const queuedIndexJobs = async (entity: string) =>
    (
      await sql<{ key: string }>`select data->>'key' as key from pgboss.job
        where name = ${INDEX_JOB} and data->>'entity' = ${entity} and state = 'created'`.execute(t.db)
    ).rows.map((r) => r.key);
  const company = (payload: object) =>
    t.app.inject({ method: "POST", url: "/api/v1/companies", headers: manager, payload });

  it("lets only admins define fields and checks definitions", async () => {
    expect(
      (await define({ entity: "companies", key: "x", label: "X", type: "text" }, manager)).statusCode,
    ).toBe(403);
    const noOptions = await define({ entity: "companies", key: "tier", label: "Tier", type: "select" });
    expect(noOptions.statusCode).toBe(422);
    const badKey = await define({ entity: "companies", key: "Bad Key; drop", label: "X", type: "text" });
    expect(badKey.statusCode).toBe(422);
  });

  it("creates an expression index for filterable fields and validates values by type", async () => {
    const res = await define({
      entity: "companies",
      key: "employees",
      label: "Employees",
      type: "number",
      filterable: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    await define({
      entity: "companies",
      key: "tier",
      label: "Tier",
      type: "select",
      options: [
        { value: "gold", label: "Gold" },
        { value: "silver", label: "Silver" },
      ],
      required: true,
      defaultValue: "silver",
      filterable: true,
    });
    await define({ entity: "companies", key: "vatCode", label: "Code", type: "text", unique: true });
    // The filterable fields' indexes are built by background jobs, queued with the definitions.
    expect(await queuedIndexJobs("companies")).toEqual(expect.arrayContaining(["employees", "tier"]));
    expect(await buildIndex(t.db, { entity: "companies", key: "employees" })).toBe(true);
    expect(await buildIndex(t.db, { entity: "companies", key: "tier" })).toBe(true);
    const idx = await t.db
      .selectFrom("pg_indexes" as never)
      .select("indexdef" as never)
      .where("tablename" as never, "=", "companies" as never)
      .execute();
    const defs = (idx as Array<{ indexdef: string }>).map((i) => i.indexdef).join("\n");
    expect(defs).toContain("((custom ->> 'employees'::text))::numeric");
    expect(defs).toContain("(custom ->> 'tier'::text)");
    // Unique fields get a text index for the unique check (API and import).
    expect(defs).toMatch(/cfu_companies_vatcode_[0-9a-f]{8} ON .+\(custom ->> 'vatCode'::text\)/);
    // Filterable fields also get statistics on their expression, so the planner knows the value distribution.
    const stats = await sql<{
      name: string;
      expr: string;
    }>`select stxname as name, pg_get_statisticsobjdef(oid) as expr
      from pg_statistic_ext where stxrelid = 'companies'::regclass`.execute(t.db);
    const statDefs = stats.rows.map((r) => r.expr).join("\n");
    expect(statDefs).toContain("custom ->> 'employees'");
    expect(statDefs).toContain("custom ->> 'tier'");
    expect(stats.rows.every((r) => r.name.startsWith("cfs_companies_"))).toBe(true);

    const bad = await company({ name: "Typed", custom: { employees: "many", tier: "bronze" } });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(["custom.employees", "custom.tier"]);
    const ok = await company({ name: "Typed", custom: { employees: 250, vatCode: "A1" } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().custom).toEqual({ employees: 250, tier: "silver", vatCode: "A1" });
    const dup = await company({ name: "Other", custom: { vatCode: "A1" } });
    expect(dup.json().errors[0]).toMatchObject({ field: "custom.vatCode", code: "not_unique" });
    const cleared = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/companies/${ok.json().id}`,
      headers: manager,
      payload: { custom: { tier: null } },
    });
    expect(cleared.json().errors[0]).toMatchObject({ field: "custom.tier", code: "required" });

    const f = encodeURIComponent(
      JSON.stringify({
        and: [
          { field: "custom.employees", op: "gte", value: 100 },
          { field: "custom.tier", op: "eq", value: "silver" },
        ],
      }),
    );
    const list = await t.app.inject({
      method: "GET",
      url: `/api/v1/companies?filter=${f}&sort=-custom.employees`,
      headers: manager,
    });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((c: { name: string }) => c.name)).toEqual(["Typed"]);
  });

  it("publishes field metadata without fields hidden from the caller", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: "/api/v1/custom-fields/meta/companies",
      headers: manager,
    });
    const keys = res.json().items.map((f: { key: string }) => f.key);
    expect(keys).toEqual(expect.arrayContaining(["name", "ownerId", "custom.employees", "custom.tier"]));
  });

  it("reads one definition by id; deleted ones only for admins", async () => {
    const created = await define({ entity: "contacts", key: "nickname", label: "Nickname", type: "text" });
    const id = created.json().id;
    const get = (headers: Record<string, string>, fieldId = id) =>
      t.app.inject({ method: "GET", url: `/api/v1/custom-fields/${fieldId}`, headers });
    const seen = await get(manager);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({ id, key: "nickname", entity: "contacts", type: "text" });
    await t.app.inject({ method: "DELETE", url: `/api/v1/custom-fields/${id}`, headers: admin });
    expect((await get(manager)).statusCode).toBe(404);
    expect((await get(admin)).json().deletedAt).not.toBeNull();
    expect((await get(admin, crypto.randomUUID())).statusCode).toBe(404);
    expect((await get(admin, "nope")).statusCode).toBe(422);

    const secret = (
      await define({ entity: "contacts", key: "salary", label: "Salary", type: "money" })
    ).json();
    const role = await t.app.inject({
      method: "POST",
      url: "/api/v1/roles",
      headers: admin,
      payload: {
        name: "No salaries",
        permissions: { "*": { read: "all" } },
        fieldRules: { contacts: { "custom.salary": "hidden" } },
      },
    });
    expect(role.statusCode, role.body).toBe(201);
    const viewer = await createUser(t.db, { roleKey: "read_only" });
    await t.db.updateTable("users").set({ role_id: role.json().id }).where("id", "=", viewer.id).execute();
    const vh = await tokenHeaders(t.db, viewer.id);
    expect((await get(vh, secret.id)).statusCode).toBe(404);
    expect((await get(manager, secret.id)).statusCode).toBe(200);
  });

  it("soft-deletes (values kept, field no longer accepted) and purges values", async () => {
    const fields = (
      await t.app.inject({ method: "GET", url: "/api/v1/custom-fields?entity=companies", headers: admin })
    ).json().items;
    const employees = fields.find((f: { key: string }) => f.key === "employees");
    expect(
      (await t.app.inject({ method: "DELETE", url: `/api/v1/custom-fields/${employees.id}`, headers: admin }))
        .statusCode,
    ).toBe(200);
    const refused = await company({ name: "After", custom: { employees: 1 } });
    expect(refused.json().errors[0]).toMatchObject({ field: "custom.employees", code: "unknown_field" });
    const row = await t.db
      .selectFrom("companies")
      .select("custom")
      .where("name", "=", "Typed")
      .executeTakeFirstOrThrow();
    expect(row.custom).toMatchObject({ employees: 250 });
    const purge = await t.app.inject({
      method: "POST",
      url: `/api/v1/custom-fields/${employees.id}/purge`,
      headers: admin,
    });
    expect(purge.json()).toEqual({ recordsCleared: 1 });
    const after = await t.db
      .selectFrom("companies")
      .select("custom")
      .where("name", "=", "Typed")
      .executeTakeFirstOrThrow();
    expect(after.custom).not.toHaveProperty("employees");
    const again = await define({ entity: "companies", key: "employees", label: "Staff", type: "text" });
    expect(again.statusCode).toBe(201);
  });
  it("makes a new field filterable by default: it filters at once, its index is built in the background", async () => {
    const res = await define({ entity: "contacts", key: "region", label: "Регион", type: "text" });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().filterable).toBe(true);
    const name = indexName("contacts", "region");
    const indexed = async () =>
      (
        await sql<{ valid: boolean }>`select i.indisvalid as valid from pg_index i
          join pg_class c on c.oid = i.indexrelid where c.relname = ${name}`.execute(t.db)
      ).rows;
    // Committed without its index (nothing blocked writes to contacts); the job is waiting for a worker.
    expect(await indexed()).toEqual([]);
    expect(await queuedIndexJobs("contacts")).toContain("region");
    const meta = await t.app.inject({
      method: "GET",
      url: "/api/v1/custom-fields/meta/contacts",
      headers: manager,
    });
    const field = meta.json().items.find((f: { key: string }) => f.key === "custom.region");
    expect(field).toMatchObject({ filterable: true, sortable: true });
    expect(field.operators).toContain("eq");
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/contacts",
      headers: manager,
      payload: { firstName: "Aigerim", custom: { region: "Алматы" } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const filter = encodeURIComponent(JSON.stringify({ field: "custom.region", op: "eq", value: "Алматы" }));
    const list = async () => {
      const r = await t.app.inject({
        method: "GET",
        url: `/api/v1/contacts?filter=${filter}`,
        headers: manager,
      });
      expect(r.statusCode, r.body).toBe(200);
      return r.json().items.map((c: { id: string }) => c.id);
    };
    expect(await list()).toEqual([created.json().id]);

    expect(await buildIndex(t.db, { entity: "contacts", key: "region" })).toBe(true);
    expect(await indexed()).toEqual([{ valid: true }]);
    expect(await list()).toEqual([created.json().id]);

    // Switching filtering off drops the index with the change; a job arriving late builds nothing.
    const off = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/custom-fields/${res.json().id}`,
      headers: admin,
      payload: { filterable: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    expect(await indexed()).toEqual([]);
    expect(await buildIndex(t.db, { entity: "contacts", key: "region" })).toBe(false);
    expect(await indexed()).toEqual([]);
  });

  it("rebuilds an index a crashed concurrent build left invalid", async () => {
    const res = await define({ entity: "contacts", key: "segment", label: "Segment", type: "text" });
    expect(res.statusCode, res.body).toBe(201);
    const name = indexName("contacts", "segment");
    // What an interrupted CREATE INDEX CONCURRENTLY leaves behind: the index, marked invalid.
    await sql`create index ${sql.id(name)} on contacts ((custom->>'segment')) where deleted_at is null`.execute(
      t.db,
    );
    await sql`update pg_index set indisvalid = false where indexrelid = ${name}::regclass`.execute(t.db);
    expect(await buildIndex(t.db, { entity: "contacts", key: "segment" })).toBe(true);
    const valid = await sql<{ valid: boolean }>`select indisvalid as valid from pg_index
      where indexrelid = ${name}::regclass`.execute(t.db);
    expect(valid.rows).toEqual([{ valid: true }]);
  });
});

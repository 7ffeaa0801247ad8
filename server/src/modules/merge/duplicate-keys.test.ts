import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { entityCatalog } from "../../platform/records/catalog.js";
import { duplicateKeysFunction, duplicateKeysInstall } from "../../platform/records/duplicate-keys.js";
import { catchUpBatch } from "../../platform/records/search-backlog.js";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runImport } from "../imports/job.js";
import { dryRun, upload } from "../imports/test-helpers.js";
import { expectKeysConsistent, members as keyMembers } from "./duplicate-keys-test-support.js";

/**
 * `record_duplicate_keys` and the group sizes are kept by triggers whoever writes: the API's create, update,
 * reassign, delete and restore, merge and its undo, imports and their revert, plain SQL — and always equal a
 * recomputation from the tables.
 */
describe("duplicate keys kept as records change", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let adminId: string;
  let otherId: string;

  const call = (method: "GET" | "POST" | "PATCH" | "DELETE" | "PUT", url: string, payload?: object) =>
    t.app.inject({ method, url, headers: admin, ...(payload ? { payload } : {}) });
  const created = async (url: string, payload: object) => {
    const res = await call("POST", url, payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const keysOf = async (id: string) =>
    (
      await sql<{ kind: string; key: string; block: string; owner_id: string }>`
        select kind, key, block, owner_id from record_duplicate_keys where record_id = ${id}
        order by kind, key, block collate "C"`.execute(t.db)
    ).rows;
  const members = (entity: string, kind: string, key: string, block = "") =>
    keyMembers(t.db, entity, kind, key, block);
  const groups = async (entity: string) => {
    const res = await call("GET", `/api/v1/duplicates?entity=${entity}&limit=200`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as { reason: string; value: string; ids: string[]; size: number }[];
  };

  const consistent = () => expectKeysConsistent(t.db);

  beforeAll(async () => {
    adminId = (await createUser(t.db, { roleKey: "admin" })).id;
    otherId = (await createUser(t.db, { roleKey: "admin" })).id;
    admin = await tokenHeaders(t.db, adminId);
  });

  it("every entity declaring duplicate keys has its triggers installed as declared", async () => {
    const declared = entityCatalog()
      .all()
      .filter((d) => d.duplicateKeys);
    expect(declared.map((d) => d.name)).toEqual(expect.arrayContaining(["companies", "contacts"]));
    for (const def of declared) {
      const fn = duplicateKeysFunction(def.table);
      const comment = await sql<{ spec: string | null }>`
        select obj_description(${fn}::regproc, 'pg_proc') as spec`.execute(t.db);
      expect(
        JSON.parse(comment.rows[0]?.spec ?? "null"),
        `${def.name}: install its keys with installDuplicateKeys in a migration`,
      ).toEqual(duplicateKeysInstall(def));
      const triggers = await sql<{ tgname: string }>`
        select tgname from pg_trigger where tgrelid = ${def.table}::regclass and tgname like 'duplicate_keys_%'
        order by tgname`.execute(t.db);
      expect(triggers.rows.map((r) => r.tgname)).toEqual([
        "duplicate_keys_delete",
        "duplicate_keys_insert",
        "duplicate_keys_truncate",
        "duplicate_keys_update",
      ]);
    }
  });

  it("create, update, reassign, delete and restore through the API", async () => {
    const a = await created("/api/v1/contacts", {
      firstName: "Фёдор",
      lastName: "Ковалёв",
      emails: [{ value: "Fedor.K@Keys.Example" }],
      phones: [{ raw: "+7 916 200-00-01" }],
      address: { city: "Казань" },
    });
    expect(await keysOf(a)).toEqual([
      { kind: "email", key: "fedor.k@keys.example", block: "", owner_id: adminId },
      { kind: "name", key: "ковалев федор", block: "*", owner_id: adminId },
      { kind: "name", key: "ковалев федор", block: "казань", owner_id: adminId },
      { kind: "phone", key: "+79162000001", block: "", owner_id: adminId },
    ]);
    // Surname first, ё typed as е: the same name key in the same city.
    const b = await created("/api/v1/contacts", {
      firstName: "Ковалев",
      lastName: "Федор",
      emails: [{ value: "fedor.k@keys.example" }],
      address: { city: "казань" },
    });
    expect(await members("contacts", "email", "fedor.k@keys.example")).toBe(2);
    expect(await members("contacts", "name", "ковалев федор", "казань")).toBe(2);
    expect(await members("contacts", "name", "ковалев федор", "*")).toBe(2);
    const found = await groups("contacts");
    expect(found.filter((g) => g.ids.includes(a)).map((g) => [g.reason, g.ids, g.size])).toEqual([
      ["email", [a, b], 2],
      ["name", [a, b], 2],
    ]);

    const patch = await call("PATCH", `/api/v1/contacts/${b}`, {
      emails: [{ value: "other@keys.example" }],
      address: { city: "Самара" },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(await members("contacts", "email", "fedor.k@keys.example")).toBe(1);
    expect(await members("contacts", "name", "ковалев федор", "казань")).toBe(1);
    expect(await members("contacts", "name", "ковалев федор", "*")).toBe(2);
    expect((await groups("contacts")).filter((g) => g.ids.includes(a))).toEqual([]);

    const reassign = await call("PATCH", `/api/v1/contacts/${a}`, { ownerId: otherId });
    expect(reassign.statusCode, reassign.body).toBe(200);
    expect((await keysOf(a)).map((k) => k.owner_id)).toEqual([otherId, otherId, otherId, otherId]);

    expect((await call("DELETE", `/api/v1/contacts/${a}`)).statusCode).toBe(204);
    expect(await keysOf(a)).toEqual([]);
    expect(await members("contacts", "phone", "+79162000001")).toBe(0);
    const restored = await call("POST", `/api/v1/contacts/${a}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(await keysOf(a)).toHaveLength(4);
    await consistent();
  });

  it("merge drops the merged records' keys and takes the chosen values; undo brings them back", async () => {
    const taxIds = [{ kind: "INN", value: "7707083893" }];
    const x = await created("/api/v1/companies", {
      name: "ООО «Вектор»",
      taxIds,
      addresses: [{ city: "Омск" }],
    });
    const y = await created("/api/v1/companies", {
      name: "Vector Trade",
      taxIds,
      emails: [{ value: "y@vector.example" }],
    });
    const z = await created("/api/v1/companies", { name: "Вектор", addresses: [{ city: "омск" }] });
    expect(await members("companies", "taxId", "INN:7707083893")).toBe(2);
    // "ООО «Вектор»" and "Вектор" in one city: the legal form is not part of the name.
    expect(await members("companies", "name", "вектор", "омск")).toBe(2);

    const merge = await call("POST", "/api/v1/merge", {
      entity: "companies",
      survivorId: x,
      mergedIds: [y, z],
      fieldChoices: { emails: y },
    });
    expect(merge.statusCode, merge.body).toBe(200);
    expect(await keysOf(y)).toEqual([]);
    expect(await keysOf(z)).toEqual([]);
    expect((await keysOf(x)).map((k) => k.kind)).toContain("email");
    expect(await members("companies", "taxId", "INN:7707083893")).toBe(1);
    expect(await members("companies", "name", "вектор", "омск")).toBe(1);
    expect((await groups("companies")).filter((g) => [x, y, z].some((id) => g.ids.includes(id)))).toEqual([]);
    await consistent();

    const undo = await call("POST", `/api/v1/merge/${merge.json().id}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(await members("companies", "taxId", "INN:7707083893")).toBe(2);
    expect(await members("companies", "name", "вектор", "омск")).toBe(2);
    await consistent();
  });

  it("an import adds its rows' keys in one statement per batch; its revert removes them", async () => {
    const csv =
      "Name;Email;City\nImport One;shared@import.example;Тверь\nImport Two;shared@import.example;Тверь\nOne Import;solo@import.example;тверь\n";
    const up = await upload(t.app, admin, "contacts", csv);
    expect(up.statusCode, up.body).toBe(201);
    const id = up.json().id as string;
    const put = await call("PUT", `/api/v1/imports/${id}/mapping`, {
      mapping: { "0": "name", "1": "email", "2": "city" },
      options: { duplicatePolicy: "create" },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect((await dryRun(t, admin, id)).json().status).toBe("validated");
    expect((await call("POST", `/api/v1/imports/${id}/run`)).statusCode).toBe(202);
    await runImport(t.db, id);
    expect(await members("contacts", "email", "shared@import.example")).toBe(2);
    expect(await members("contacts", "name", "import one", "тверь")).toBe(2);
    await consistent();
    const revert = await call("POST", `/api/v1/imports/${id}/revert`);
    expect(revert.statusCode, revert.body).toBe(200);
    expect(await members("contacts", "email", "shared@import.example")).toBe(0);
    expect(await members("contacts", "name", "import one", "тверь")).toBe(0);
    await consistent();
  });

  it("plain SQL writes too: multi-row insert and update, hard delete", async () => {
    await sql`insert into companies (name, owner_id, phone_e164)
      select 'Bulk ' || g, ${adminId}, array['+7495000000' || (g % 2)] from generate_series(1, 6) g`.execute(
      t.db,
    );
    expect(await members("companies", "phone", "+74950000000")).toBe(3);
    expect(await members("companies", "phone", "+74950000001")).toBe(3);
    await sql`update companies set phone_e164 = array['+74950000009'] where name like 'Bulk %'`.execute(t.db);
    expect(await members("companies", "phone", "+74950000000")).toBe(0);
    expect(await members("companies", "phone", "+74950000009")).toBe(6);
    await sql`delete from companies where name in ('Bulk 1', 'Bulk 2')`.execute(t.db);
    expect(await members("companies", "phone", "+74950000009")).toBe(4);
    await consistent();
  });

  it("an update recomputes keys only for rows whose key sources changed; an owner change moves them", async () => {
    await sql`insert into contacts (name, city, owner_id, email_values)
      select 'Skip Тест ' || g, 'Алматы', ${adminId}, array['skip' || g || '@keys.example']
      from generate_series(1, 4) g`.execute(t.db);
    /** Calls of the name-key function by one statement (counted in its own transaction). */
    const keyCalls = (statement: ReturnType<typeof sql>) =>
      t.db.transaction().execute(async (trx) => {
        await sql`set local track_functions = 'all'`.execute(trx);
        await statement.execute(trx);
        const r = await sql<{ calls: number }>`select coalesce(sum(calls), 0)::int as calls
          from pg_stat_xact_user_functions where funcname = 'tandem_duplicate_text_key'`.execute(trx);
        return r.rows[0]?.calls ?? -1;
      });
    expect(
      await keyCalls(sql`update contacts set notes = 'n', updated_at = now() where name like 'Skip %'`),
    ).toBe(0);
    expect(await keyCalls(sql`update contacts set name = 'Skip Тест 1' where name = 'Skip Тест 1'`)).toBe(0);
    expect(
      await keyCalls(sql`update contacts set name = 'Skip Другой' where name = 'Skip Тест 2'`),
    ).toBeGreaterThan(0);
    const key = await sql<{
      name: string;
      city: string;
    }>`select tandem_duplicate_text_key('Skip Другой') as name,
      tandem_duplicate_text_key('Алматы') as city`.execute(t.db);
    expect(await members("contacts", "name", key.rows[0]?.name ?? "", key.rows[0]?.city)).toBe(1);
    await sql`update contacts set owner_id = ${otherId}, notes = 'moved' where name like 'Skip %'`.execute(
      t.db,
    );
    const owners = await sql<{ owner_id: string }>`select distinct k.owner_id from record_duplicate_keys k
      join contacts c on c.id = k.record_id where c.name like 'Skip %'`.execute(t.db);
    expect(owners.rows).toEqual([{ owner_id: otherId }]);
    await sql`update contacts set owner_id = ${adminId}, email_values = array['skip-new@keys.example']
      where name = 'Skip Тест 3'`.execute(t.db);
    expect(await members("contacts", "email", "skip3@keys.example")).toBe(0);
    expect(await members("contacts", "email", "skip-new@keys.example")).toBe(1);
    // The name and the owner change, the e-mails not: the e-mail key still moves to the new owner.
    await sql`update contacts set owner_id = ${adminId}, name = 'Skip Renamed' where name = 'Skip Тест 4'`.execute(
      t.db,
    );
    const moved = await sql<{ owner_id: string }>`select k.owner_id from record_duplicate_keys k
      where k.kind = 'email' and k.key = 'skip4@keys.example'`.execute(t.db);
    expect(moved.rows).toEqual([{ owner_id: adminId }]);
    await consistent();
  });

  it("a row written pending search has its exact keys at once and its name key when search catches up", async () => {
    await sql`insert into contacts (name, city, owner_id, email_values, search_pending)
      values ('Pending Тест', 'Алматы', ${adminId}, '{pending@keys.example}', true),
        ('Тест Pending', 'Алматы', ${adminId}, '{}', false)`.execute(t.db);
    const key = await sql<{
      name: string;
      city: string;
    }>`select tandem_duplicate_text_key('Pending Тест') as name,
      tandem_duplicate_text_key('Алматы') as city`.execute(t.db);
    const [name, city] = [key.rows[0]?.name ?? "", key.rows[0]?.city ?? ""];
    expect(await members("contacts", "email", "pending@keys.example")).toBe(1);
    expect(await members("contacts", "name", name, city)).toBe(1);
    await consistent();
    while (((await catchUpBatch(t.db, "contacts")) ?? 1) > 0);
    expect(await members("contacts", "email", "pending@keys.example")).toBe(1);
    expect(await members("contacts", "name", name, city)).toBe(2);
    expect(await members("contacts", "name", name, "*")).toBe(2);
    await consistent();
  });

  it("two transactions adding the same new key at once both count", async () => {
    const insert = (trx: typeof t.db, name: string) =>
      sql`insert into contacts (name, owner_id, email_values) values (${name}, ${adminId}, '{race@keys.example}')`.execute(
        trx,
      );
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let firstInserted: () => void = () => {};
    const inserted = new Promise<void>((r) => {
      firstInserted = r;
    });
    const first = t.db.transaction().execute(async (trx) => {
      await insert(trx, "Race One");
      firstInserted();
      await held;
    });
    await inserted;
    // The second waits on the first's uncommitted count row, then adds to it.
    const second = t.db.transaction().execute((trx) => insert(trx, "Race Two"));
    await new Promise((r) => setTimeout(r, 200));
    release();
    await Promise.all([first, second]);
    expect(await members("contacts", "email", "race@keys.example")).toBe(2);
  });
});

import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("merge and duplicates", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let adminId: string;

  beforeAll(async () => {
    const a = await createUser(t.db, { roleKey: "admin" });
    adminId = a.id;
    admin = await tokenHeaders(t.db, a.id);
  });

  const post = (url: string, payload: object, headers = admin) =>
    t.app.inject({ method: "POST", url, headers, payload });

  async function contact(body: object): Promise<string> {
    const res = await post("/api/v1/contacts", body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }

  it("moves links to the survivor, soft-deletes the others and undoes it all", async () => {
    const company = (await post("/api/v1/companies", { name: "Merge Co" })).json().id as string;
    const other = (await post("/api/v1/companies", { name: "Other Co" })).json().id as string;
    const survivor = await contact({
      firstName: "Ivan",
      lastName: "Petrov",
      position: "Engineer",
      emails: [{ kind: "work", value: "ivan@merge.example" }],
      companies: [{ companyId: company }],
    });
    const merged = await contact({
      firstName: "Ivan",
      lastName: "Petrov",
      position: "CTO",
      emails: [{ kind: "work", value: "ivan@merge.example" }],
      companies: [{ companyId: company }, { companyId: other }],
    });
    const task = await t.db
      .insertInto("tasks")
      .values({ title: "Call Ivan", type: "call", owner_id: adminId } as never)
      .returning("id")
      .executeTakeFirstOrThrow();
    await sql`insert into task_links (task_id, entity, record_id) values (${task.id}, 'contacts', ${merged})`.execute(
      t.db,
    );

    const dups = await t.app.inject({
      method: "GET",
      url: "/api/v1/duplicates?entity=contacts",
      headers: admin,
    });
    expect(dups.statusCode, dups.body).toBe(200);
    const emailGroup = dups.json().items.find((g: { reason: string }) => g.reason === "email");
    expect(emailGroup).toMatchObject({ value: "ivan@merge.example" });
    expect(new Set(emailGroup.ids)).toEqual(new Set([survivor, merged]));

    const res = await post("/api/v1/merge", {
      entity: "contacts",
      survivorId: survivor,
      mergedIds: [merged],
      fieldChoices: { position: merged },
    });
    expect(res.statusCode, res.body).toBe(200);
    const mergeId = res.json().id;
    const s = await t.db
      .selectFrom("contacts")
      .selectAll()
      .where("id", "=", survivor)
      .executeTakeFirstOrThrow();
    expect(s.position).toBe("CTO");
    const m = await sql<{ deleted_at: Date | null; merged_into: string | null }>`
      select deleted_at, merged_into from contacts where id = ${merged}`.execute(t.db);
    expect(m.rows[0]?.merged_into).toBe(survivor);
    expect(m.rows[0]?.deleted_at).not.toBeNull();
    const memberships = await t.db.selectFrom("contact_companies").selectAll().execute();
    expect(
      memberships
        .map((x) => `${x.contact_id === survivor ? "S" : "M"}:${x.company_id === company ? "c" : "o"}`)
        .sort(),
    ).toEqual(["S:c", "S:o"]);
    const links = await sql<{
      record_id: string;
    }>`select record_id from task_links where task_id = ${task.id}`.execute(t.db);
    expect(links.rows.map((r) => r.record_id)).toEqual([survivor]);
    const events = await t.db
      .selectFrom("change_events")
      .select(["entity_id", "action"])
      .where("action", "=", "merge")
      .execute();
    expect(events).toHaveLength(2);

    const undo = await post(`/api/v1/merge/${mergeId}/undo`, {});
    expect(undo.statusCode, undo.body).toBe(200);
    const s2 = await t.db
      .selectFrom("contacts")
      .selectAll()
      .where("id", "=", survivor)
      .executeTakeFirstOrThrow();
    expect(s2.position).toBe("Engineer");
    const restored = await t.db
      .selectFrom("contacts")
      .selectAll()
      .where("id", "=", merged)
      .executeTakeFirstOrThrow();
    expect(restored.deleted_at).toBeNull();
    const after = await t.db
      .selectFrom("contact_companies")
      .selectAll()
      .where("contact_id", "=", merged)
      .execute();
    expect(after.map((x) => x.company_id).sort()).toEqual([company, other].sort());
    const links2 = await sql<{
      record_id: string;
    }>`select record_id from task_links where task_id = ${task.id}`.execute(t.db);
    expect(links2.rows.map((r) => r.record_id)).toEqual([merged]);
    expect((await post(`/api/v1/merge/${mergeId}/undo`, {})).json().code).toBe("merge_already_undone");
  });

  it("answers 404 for records outside the actor's scope and 409 after 30 days", async () => {
    const a = await contact({ firstName: "Anna", lastName: "One" });
    const b = await contact({ firstName: "Anna", lastName: "Two" });
    // A head of sales without a team may merge (and delete) only their own contacts.
    const sm = await createUser(t.db, { roleKey: "head_of_sales" });
    const smHeaders = await tokenHeaders(t.db, sm.id);
    const own = (await post("/api/v1/contacts", { firstName: "Mine" }, smHeaders)).json().id;
    const denied = await post(
      "/api/v1/merge",
      { entity: "contacts", survivorId: own, mergedIds: [a] },
      smHeaders,
    );
    expect(denied.statusCode).toBe(404);
    expect(
      (await t.db.selectFrom("contacts").select("deleted_at").where("id", "=", a).executeTakeFirstOrThrow())
        .deleted_at,
    ).toBeNull();

    const res = await post("/api/v1/merge", { entity: "contacts", survivorId: a, mergedIds: [b] });
    expect(res.statusCode).toBe(200);
    await t.db
      .updateTable("merges")
      .set({ created_at: sql`now() - interval '31 days'` } as never)
      .where("id", "=", res.json().id)
      .execute();
    const late = await post(`/api/v1/merge/${res.json().id}/undo`, {});
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe("merge_undo_expired");
  });
});

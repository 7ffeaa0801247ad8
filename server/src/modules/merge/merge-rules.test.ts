import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { auditChangesConsumer } from "../audit/consumer.js";
import { runConsumer } from "../tasks/test-support.js";

/** Merge needs delete rights on the merged records, moves deals and activities, and undo restores all. */
describe("merge: permissions, deals, activities, three records, audit", () => {
  const t = useTestContext();
  let admin: Record<string, string>;

  const post = (url: string, payload: object, headers = admin) =>
    t.app.inject({ method: "POST", url, headers, payload });
  const created = async (url: string, payload: object, headers = admin) => {
    const res = await post(url, payload, headers);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const deletedAt = async (table: "companies" | "deals", id: string) =>
    (await t.db.selectFrom(table).select("deleted_at").where("id", "=", id).executeTakeFirstOrThrow())
      .deleted_at;

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
  });

  it("refuses a role that may update but not delete (403), and changes nothing", async () => {
    const sm = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
    const companyId = await created("/api/v1/companies", { name: "Merge rules customer" }, sm);
    const a = await created("/api/v1/deals", { title: "Deal A", companyId }, sm);
    const b = await created("/api/v1/deals", { title: "Deal B", companyId }, sm);
    const res = await post("/api/v1/merge", { entity: "deals", survivorId: a, mergedIds: [b] }, sm);
    expect(res.statusCode).toBe(403);
    expect(await deletedAt("deals", b)).toBeNull();
    expect(await t.db.selectFrom("merges").selectAll().execute()).toHaveLength(0);
  });

  it("checks the delete scope on each merged record (404 for one outside it), not on the survivor", async () => {
    const role = await post("/api/v1/roles", {
      name: "Company editor",
      permissions: { companies: { read: "all", update: "all", delete: "own", create: "own" } },
    });
    expect(role.statusCode, role.body).toBe(201);
    const editor = await createUser(t.db, { roleKey: "read_only" });
    await t.db.updateTable("users").set({ role_id: role.json().id }).where("id", "=", editor.id).execute();
    const eh = await tokenHeaders(t.db, editor.id);
    const othersA = await created("/api/v1/companies", { name: "Admin's A" });
    const othersB = await created("/api/v1/companies", { name: "Admin's B" });
    const mine = await created("/api/v1/companies", { name: "Editor's" }, eh);

    const refused = await post(
      "/api/v1/merge",
      { entity: "companies", survivorId: othersA, mergedIds: [othersB] },
      eh,
    );
    expect(refused.statusCode).toBe(404);
    expect(await deletedAt("companies", othersB)).toBeNull();

    const ok = await post(
      "/api/v1/merge",
      { entity: "companies", survivorId: othersA, mergedIds: [mine] },
      eh,
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await deletedAt("companies", mine)).not.toBeNull();
  });

  it("merges three companies: deals and activities move, the audit log has it, undo restores everything", async () => {
    const [survivor, m1, m2] = [
      await created("/api/v1/companies", { name: "Acme" }),
      await created("/api/v1/companies", { name: "ACME Ltd" }),
      await created("/api/v1/companies", { name: "Acme Inc" }),
    ];
    const contact = await created("/api/v1/contacts", { firstName: "Ivan", companies: [{ companyId: m1 }] });
    const deal1 = await created("/api/v1/deals", { title: "Deal of m1", companyId: m1, contactId: contact });
    const deal2 = await created("/api/v1/deals", { title: "Deal of m2", companyId: m2 });
    const note = await created("/api/v1/activities", {
      kind: "note",
      body: "About m2",
      links: [{ entity: "companies", id: m2 }],
    });

    const res = await post("/api/v1/merge", {
      entity: "companies",
      survivorId: survivor,
      mergedIds: [m1, m2],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().movedLinks).toBeGreaterThanOrEqual(4);
    const mergeId = res.json().id;
    const companyOf = async (deal: string) =>
      (await t.db.selectFrom("deals").select("company_id").where("id", "=", deal).executeTakeFirstOrThrow())
        .company_id;
    expect(await companyOf(deal1)).toBe(survivor);
    expect(await companyOf(deal2)).toBe(survivor);
    const noteLinks = await t.db
      .selectFrom("activity_links")
      .select(["entity", "record_id"])
      .where("activity_id", "=", note)
      .execute();
    expect(noteLinks).toEqual([{ entity: "companies", record_id: survivor }]);
    const membership = await t.db
      .selectFrom("contact_companies")
      .select("company_id")
      .where("contact_id", "=", contact)
      .execute();
    expect(membership.map((m) => m.company_id)).toEqual([survivor]);
    expect(await deletedAt("companies", m1)).not.toBeNull();
    expect(await deletedAt("companies", m2)).not.toBeNull();

    await runConsumer(t, auditChangesConsumer());
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "entity_id"])
      .where("action", "like", "record.merge%")
      .where("entity_id", "in", [survivor, m1, m2])
      .execute();
    expect(audit.map((a) => a.entity_id).sort()).toEqual([survivor, m1, m2].sort());

    const undo = await post(`/api/v1/merge/${mergeId}/undo`, {});
    expect(undo.statusCode, undo.body).toBe(200);
    expect(await companyOf(deal1)).toBe(m1);
    expect(await companyOf(deal2)).toBe(m2);
    const restoredLinks = await t.db
      .selectFrom("activity_links")
      .select("record_id")
      .where("activity_id", "=", note)
      .execute();
    expect(restoredLinks.map((l) => l.record_id)).toEqual([m2]);
    const restoredMembership = await t.db
      .selectFrom("contact_companies")
      .select("company_id")
      .where("contact_id", "=", contact)
      .execute();
    expect(restoredMembership.map((m) => m.company_id)).toEqual([m1]);
    expect(await deletedAt("companies", m1)).toBeNull();
    expect(await deletedAt("companies", m2)).toBeNull();
  });

  it("moves a merged contact's deals and activities to the survivor", async () => {
    const keep = await created("/api/v1/contacts", { firstName: "Anna", lastName: "Keep" });
    const drop = await created("/api/v1/contacts", { firstName: "Anna", lastName: "Drop" });
    const deal = await created("/api/v1/deals", { title: "Anna's deal", contactId: drop });
    const call = await created("/api/v1/activities", {
      kind: "call",
      subject: "Called Anna",
      links: [{ entity: "contacts", id: drop }],
    });
    const res = await post("/api/v1/merge", { entity: "contacts", survivorId: keep, mergedIds: [drop] });
    expect(res.statusCode, res.body).toBe(200);
    const d = await t.db
      .selectFrom("deals")
      .select("contact_id")
      .where("id", "=", deal)
      .executeTakeFirstOrThrow();
    expect(d.contact_id).toBe(keep);
    const links = await t.db
      .selectFrom("activity_links")
      .select("record_id")
      .where("activity_id", "=", call)
      .execute();
    expect(links.map((l) => l.record_id)).toEqual([keep]);
  });
});

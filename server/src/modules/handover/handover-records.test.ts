import { describe, expect, it } from "vitest";
import { createTeam, createUser, signIn, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { assignmentConsumer } from "../notifications/assignments.js";
import { runConsumer } from "../tasks/test-support.js";

/** Deactivation with a hand-over plan on real CRM records, tasks and activities. */
describe("hand-over of real records", () => {
  const t = useTestContext();

  it("moves every record (closed and past ones too), evenly across kinds, notifies and revokes", async () => {
    const admin = await createUser(t.db, { roleKey: "admin" });
    const headers = await tokenHeaders(t.db, admin.id);
    const team = await createTeam(t.db, "Inheritors");
    const leaver = await createUser(t.db, { teamId: team.id });
    const members = await Promise.all([1, 2, 3].map(() => createUser(t.db, { teamId: team.id })));
    const heir = await createUser(t.db);
    const post = async (url: string, payload: object) => {
      const res = await t.app.inject({ method: "POST", url, headers, payload });
      expect(res.statusCode, `${url} ${res.body}`).toBeLessThan(300);
      return res.json().id as string;
    };
    const ownerId = leaver.id;
    const companies = [await post("/api/v1/companies", { name: "Left Co", ownerId })];
    const contacts = [
      await post("/api/v1/contacts", { firstName: "Ann", ownerId }),
      await post("/api/v1/contacts", { firstName: "Bob", ownerId }),
    ];
    const deals = [
      await post("/api/v1/deals", { title: "Deal 1", ownerId, companyId: companies[0] }),
      await post("/api/v1/deals", { title: "Deal 2", ownerId, contactId: contacts[0] }),
    ];
    const openTask = await post("/api/v1/tasks", { title: "Open", type: "call", ownerId });
    const closedTask = await post("/api/v1/tasks", { title: "Closed", type: "call", ownerId });
    await post(`/api/v1/tasks/${closedTask}/complete`, { result: "Done" });
    const hour = 3_600_000;
    const future = await post("/api/v1/activities", {
      kind: "meeting",
      subject: "Future",
      startsAt: new Date(Date.now() + 48 * hour).toISOString(),
      ownerId,
    });
    const past = await post("/api/v1/activities", {
      kind: "meeting",
      subject: "Past",
      startsAt: new Date(Date.now() - 48 * hour).toISOString(),
      ownerId,
    });
    // Earlier notifications (the leaver got these records) are not what this test is about.
    await runConsumer(t, assignmentConsumer(t.deps) as never);
    await t.db.deleteFrom("notifications").execute();

    const session = await signIn(t.app, leaver.email);
    const token = await tokenHeaders(t.db, leaver.id);
    const res = await t.app.inject({
      method: "POST",
      url: `/api/v1/users/${leaver.id}/deactivate`,
      headers,
      payload: {
        plan: {
          companies: { toUserId: heir.id },
          activities: { toUserId: heir.id },
          contacts: { toTeamId: team.id, strategy: "even" },
          deals: { toTeamId: team.id, strategy: "even" },
          tasks: { toTeamId: team.id, strategy: "even" },
        },
        reason: "Left the company",
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      transferred: { companies: 1, contacts: 2, deals: 2, tasks: 2, activities: 2 },
      sessionsRevoked: 1,
      tokensRevoked: 1,
    });

    const ownerOf = async (table: "companies" | "contacts" | "deals" | "tasks" | "activities", id: string) =>
      (await t.db.selectFrom(table).select("owner_id").where("id", "=", id).executeTakeFirstOrThrow())
        .owner_id;
    for (const id of companies) expect(await ownerOf("companies", id)).toBe(heir.id);
    for (const id of [future, past]) expect(await ownerOf("activities", id)).toBe(heir.id);
    // 6 records of three kinds over three members: two each, not the first two members twice per kind.
    const spreadOwners = [
      ...(await Promise.all(contacts.map((id) => ownerOf("contacts", id)))),
      ...(await Promise.all(deals.map((id) => ownerOf("deals", id)))),
      ...(await Promise.all([openTask, closedTask].map((id) => ownerOf("tasks", id)))),
    ];
    const perMember = members.map((m) => spreadOwners.filter((o) => o === m.id).length);
    expect(perMember).toEqual([2, 2, 2]);
    for (const table of ["companies", "contacts", "deals", "tasks", "activities"] as const) {
      const left = await t.db.selectFrom(table).select("id").where("owner_id", "=", leaver.id).execute();
      expect(left, table).toEqual([]);
    }
    // Authorship stays with the leaver's colleague who created them (the admin here), history in the audit log.
    const closed = await t.db
      .selectFrom("tasks")
      .select(["status", "created_by"])
      .where("id", "=", closedTask)
      .executeTakeFirstOrThrow();
    expect(closed).toEqual({ status: "done", created_by: admin.id });

    await runConsumer(t, assignmentConsumer(t.deps) as never);
    const notes = await t.db.selectFrom("notifications").select(["user_id", "entity_id"]).execute();
    const moved: [string, string][] = [
      ...companies.map((id): [string, string] => [id, heir.id]),
      [future, heir.id],
      [past, heir.id],
    ];
    for (const [id, owner] of moved) {
      expect(notes, id).toContainEqual({ user_id: owner, entity_id: id });
    }
    for (const id of [...contacts, ...deals, openTask, closedTask]) {
      expect(
        notes.some((n) => n.entity_id === id && members.some((m) => m.id === n.user_id)),
        id,
      ).toBe(true);
    }

    for (const h of [session.headers, token]) {
      expect((await t.app.inject({ method: "GET", url: "/api/v1/me", headers: h })).statusCode).toBe(401);
    }
    const orphans = await t.app.inject({ method: "GET", url: "/api/v1/settings/orphaned-records", headers });
    expect(orphans.json()).toEqual({ items: [] });
    // The database refuses an inactive owner for tasks and activities as well.
    await expect(
      t.db.updateTable("tasks").set({ owner_id: leaver.id }).where("id", "=", openTask).execute(),
    ).rejects.toThrow(/active user/);
    await expect(
      t.db.updateTable("activities").set({ owner_id: leaver.id }).where("id", "=", past).execute(),
    ).rejects.toThrow(/active user/);
  });
});

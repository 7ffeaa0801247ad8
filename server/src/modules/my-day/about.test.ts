import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../platform/access/actor.js";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import {
  ensureCrmEntities,
  insertCompany,
  insertContact,
  insertDeal,
  insertPipeline,
} from "../activities/test-records.js";
import { myDay } from "./service.js";

const phones = (raw: string, e164: string) => JSON.stringify([{ kind: "mobile", raw, e164 }]);

describe("my day: whom a task is about and whom to call", () => {
  const t = useTestContext();
  let userId: string;
  let headers: { authorization: string };
  let actor: Actor;
  const now = new Date("2030-06-15T06:00:00Z");

  beforeAll(async () => {
    ensureCrmEntities();
    const team = await createTeam(t.db, "About team");
    const u = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id });
    userId = u.id;
    headers = await tokenHeaders(t.db, u.id);
    const role = await t.db
      .selectFrom("roles")
      .selectAll()
      .where("key", "=", "sales_manager")
      .executeTakeFirstOrThrow();
    actor = {
      userId,
      teamId: team.id,
      roleId: role.id,
      permissions: role.permissions,
      fieldRules: role.field_rules,
      adminPermissions: new Set(),
      readOnly: false,
      sessionId: null,
      apiTokenId: null,
    };
  });

  const task = async (payload: object) => {
    const res = await t.app.inject({ method: "POST", url: "/api/v1/tasks", headers, payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const dayTask = async (id: string, who: Actor = actor) => {
    const day = await myDay(t.db, who, now);
    const item = [...day.overdue.items, ...day.today.items].find((i) => i.id === id);
    if (!item) throw new Error("task not on my day");
    return item;
  };

  it("names the linked contact, company and deal and gives the contact's first phone", async () => {
    const company = await insertCompany(t.db, userId, {
      name: "Romashka LLC",
      phones: phones("+7 495 000-00-00", "+74950000000"),
    });
    const contact = await insertContact(t.db, userId, {
      name: "Ivan Petrov",
      phones: JSON.stringify([
        { kind: "mobile", raw: "8 916 123 45 67", e164: "+79161234567" },
        { kind: "work", raw: "+7 495 111-11-11", e164: "+74951111111" },
      ]),
    });
    const pipeline = await insertPipeline(t.db);
    const deal = await insertDeal(t.db, userId, pipeline, { title: "Pilot" });
    const id = await task({
      title: "Call about the pilot",
      type: "call",
      dueAt: "2030-06-14T10:00:00Z",
      links: [
        { entity: "deals", id: deal },
        { entity: "companies", id: company },
        { entity: "contacts", id: contact },
      ],
    });
    const item = await dayTask(id);
    expect(item.about).toEqual([
      { entity: "contacts", id: contact, title: "Ivan Petrov" },
      { entity: "companies", id: company, title: "Romashka LLC" },
      { entity: "deals", id: deal, title: "Pilot" },
    ]);
    expect(item.phone).toEqual({
      raw: "8 916 123 45 67",
      e164: "+79161234567",
      entity: "contacts",
      id: contact,
    });

    // A role hiding contacts' phones calls the company instead; hiding companies' phones too leaves none.
    const noContactPhones = { ...actor, fieldRules: { contacts: { phones: "hidden" as const } } };
    expect((await dayTask(id, noContactPhones)).phone).toMatchObject({ entity: "companies", id: company });
    const noPhones = {
      ...actor,
      fieldRules: { contacts: { phones: "hidden" as const }, companies: { phones: "hidden" as const } },
    };
    const hidden = await dayTask(id, noPhones);
    expect(hidden.phone).toBeNull();
    expect(hidden.about).toHaveLength(3);
  });

  it("gives no title and no phone of a record outside the user's read scope", async () => {
    const contact = await insertContact(t.db, userId, {
      name: "Secret person",
      phones: phones("+7 916 000-00-01", "+79160000001"),
    });
    const company = await insertCompany(t.db, userId, { name: "Visible Co" });
    const id = await task({
      title: "Follow up",
      dueAt: "2030-06-14T11:00:00Z",
      links: [
        { entity: "contacts", id: contact },
        { entity: "companies", id: company },
      ],
    });
    // The contact moves to someone outside the user's team after the task was planned.
    const stranger = await createUser(t.db, { roleKey: "sales_manager" });
    await t.db.updateTable("contacts").set({ owner_id: stranger.id }).where("id", "=", contact).execute();
    const item = await dayTask(id);
    expect(item.about).toEqual([{ entity: "companies", id: company, title: "Visible Co" }]);
    expect(item.phone).toBeNull();
    expect(JSON.stringify(item)).not.toContain("Secret person");
    expect(JSON.stringify(item)).not.toContain("79160000001");
  });

  it("calls a deal's contact when only the deal is linked, unless the role hides the deal's contact", async () => {
    const contact = await insertContact(t.db, userId, {
      name: "Deal buyer",
      phones: phones("+7 701 555 12 34", "+77015551234"),
    });
    const pipeline = await insertPipeline(t.db);
    const deal = await insertDeal(t.db, userId, pipeline, { title: "Big one", contact_id: contact });
    const id = await task({
      title: "Send offer",
      dueAt: "2030-06-14T12:00:00Z",
      links: [{ entity: "deals", id: deal }],
    });
    const item = await dayTask(id);
    expect(item.about).toEqual([{ entity: "deals", id: deal, title: "Big one" }]);
    expect(item.phone).toMatchObject({ e164: "+77015551234", entity: "contacts", id: contact });
    const noDealContact = { ...actor, fieldRules: { deals: { contactId: "hidden" as const } } };
    expect((await dayTask(id, noDealContact)).phone).toBeNull();
  });

  it("names a meeting's records and answers them through the route", async () => {
    const contact = await insertContact(t.db, userId, {
      name: "Meeting guest",
      phones: phones("+381 11 123 4567", "+381111234567"),
    });
    const meeting = await task({
      title: "Demo",
      type: "meeting",
      dueAt: "2030-06-15T09:00:00Z",
      durationMinutes: 30,
      links: [{ entity: "contacts", id: contact }],
    });
    const day = await myDay(t.db, actor, now);
    expect(day.meetings.items.find((m) => m.id === meeting)).toMatchObject({
      about: [{ entity: "contacts", id: contact, title: "Meeting guest" }],
      phone: { e164: "+381111234567", entity: "contacts" },
    });
    // The route (real clock): a task an hour overdue carries the same fields through the response schema.
    const due = new Date(Date.now() - 3_600_000).toISOString();
    const late = await task({ title: "Late call", dueAt: due, links: [{ entity: "contacts", id: contact }] });
    const res = await t.app.inject({ method: "GET", url: "/api/v1/my-day", headers });
    expect(res.statusCode, res.body).toBe(200);
    const item = res.json().overdue.items.find((i: { id: string }) => i.id === late);
    expect(item).toMatchObject({
      about: [{ entity: "contacts", id: contact, title: "Meeting guest" }],
      phone: { raw: "+381 11 123 4567", e164: "+381111234567", entity: "contacts", id: contact },
    });
  });
});

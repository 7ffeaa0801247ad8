import { beforeAll, describe, expect, it } from "vitest";
import { recordChange } from "../../platform/events/outbox.js";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runConsumer } from "../tasks/test-support.js";
import { systemEventsConsumer } from "./system-events.js";
import {
  ensureCrmEntities,
  insertCompany,
  insertContact,
  insertDeal,
  insertPipeline,
  linkContactToCompany,
} from "./test-records.js";

describe("activities and timeline", () => {
  const t = useTestContext();
  let adminId: string;
  let admin: { authorization: string };
  let manager: { authorization: string };
  let managerId: string;

  beforeAll(async () => {
    ensureCrmEntities();
    const a = await createUser(t.db, { roleKey: "admin" });
    adminId = a.id;
    admin = await tokenHeaders(t.db, a.id);
    const team = await createTeam(t.db, "Activity team");
    const m = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id });
    managerId = m.id;
    manager = await tokenHeaders(t.db, m.id);
  });

  const log = (h: Record<string, string>, payload: object) =>
    t.app.inject({ method: "POST", url: "/api/v1/activities", headers: h, payload });
  const timeline = (h: Record<string, string>, entity: string, id: string, qs = "") =>
    t.app.inject({ method: "GET", url: `/api/v1/timeline/${entity}/${id}${qs}`, headers: h });

  it("sanitizes note HTML: formatting and safe links stay, scripts, styles, handlers and javascript: go", async () => {
    const company = await insertCompany(t.db, managerId);
    const res = await log(manager, {
      kind: "note",
      body:
        '<p onclick="steal()">Hi <b>there</b><script>alert(1)</script><style>p{color:red}</style>' +
        '<a href="javascript:alert(1)">bad</a> <a href="https://example.com" onmouseover="x()">ok</a>' +
        '<img src=x onerror="alert(1)"><iframe src="https://evil"></iframe></p>',
      links: [{ entity: "companies", id: company }],
    });
    expect(res.statusCode).toBe(201);
    const body = res.json().body as string;
    expect(body).toBe(
      '<p>Hi <b>there</b><a rel="noopener noreferrer">bad</a> <a href="https://example.com" rel="noopener noreferrer">ok</a></p>',
    );
    for (const bad of [
      "script",
      "style",
      "onclick",
      "onerror",
      "onmouseover",
      "javascript:",
      "iframe",
      "img",
    ]) {
      expect(body).not.toContain(bad);
    }
  });

  it("validates kinds: http(s) recordings only, fields of the kind only, notes need text", async () => {
    const js = await log(manager, { kind: "call", direction: "out", recordingUrl: "javascript:alert(1)" });
    expect(js.statusCode).toBe(422);
    expect(js.json().errors[0].field).toBe("body.recordingUrl");
    expect((await log(manager, { kind: "call", recordingUrl: "ftp://host/rec.mp3" })).statusCode).toBe(422);
    const call = await log(manager, {
      kind: "call",
      direction: "in",
      phone: "+7 912 345-67-89",
      durationSeconds: 95,
      outcome: "reached",
      recordingUrl: "https://pbx.example.com/rec/1.mp3",
    });
    expect(call.statusCode).toBe(201);
    expect(call.json()).toMatchObject({ kind: "call", direction: "in", durationSeconds: 95 });
    const wrong = await log(manager, { kind: "note", body: "x", phone: "123" });
    expect(wrong.json().errors[0]).toMatchObject({ field: "body.phone", code: "unknown_field" });
    const empty = await log(manager, { kind: "note", body: "<script>x</script>" });
    expect(empty.statusCode).toBe(422);
    expect((await log(manager, { kind: "meeting", subject: "no time" })).statusCode).toBe(422);
  });

  it("refuses links and participants the actor cannot read", async () => {
    const outsider = await createUser(t.db, { roleKey: "sales_manager" });
    const foreign = await insertCompany(t.db, outsider.id);
    const res = await log(manager, {
      kind: "note",
      body: "x",
      links: [{ entity: "companies", id: foreign }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe("link_not_found");
    const contact = await insertContact(t.db, outsider.id);
    const meeting = await log(manager, {
      kind: "meeting",
      startsAt: "2030-01-01T10:00:00Z",
      participants: { users: [], contacts: [contact] },
    });
    expect(meeting.statusCode).toBe(422);
  });

  it("aggregates a company's timeline with its contacts' and deals' items, newest first, deduplicated", async () => {
    const pipeline = await insertPipeline(t.db);
    const company = await insertCompany(t.db, adminId, { name: "Acme" });
    const contact = await insertContact(t.db, adminId, { name: "Ivan" });
    const stranger = await insertContact(t.db, adminId, { name: "Other" });
    await linkContactToCompany(t.db, contact, company);
    const deal = await insertDeal(t.db, adminId, pipeline, { company_id: company, contact_id: contact });
    const at = (min: number) => new Date(Date.UTC(2030, 0, 1, 10, min)).toISOString();
    const mk = async (body: string, min: number, links: { entity: string; id: string }[]) =>
      (await log(admin, { kind: "note", body, occurredAt: at(min), links })).json().id as string;
    const onCompany = await mk("company note", 1, [{ entity: "companies", id: company }]);
    const onContact = await mk("contact note", 2, [{ entity: "contacts", id: contact }]);
    const onDeal = await mk("deal note", 3, [{ entity: "deals", id: deal }]);
    const onBoth = await mk("both", 4, [
      { entity: "companies", id: company },
      { entity: "contacts", id: contact },
    ]);
    await mk("elsewhere", 5, [{ entity: "contacts", id: stranger }]);

    const res = await timeline(admin, "companies", company);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: { id: string }) => i.id)).toEqual([onBoth, onDeal, onContact, onCompany]);

    const contactTimeline = await timeline(admin, "contacts", contact);
    expect(contactTimeline.json().items.map((i: { id: string }) => i.id)).toEqual([
      onBoth,
      onDeal,
      onContact,
    ]);

    // Keyset pages of 1 walk the same list without gaps or repeats.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const qs: string = `?limit=1${cursor ? `&cursor=${cursor}` : ""}`;
      const page = (await timeline(admin, "companies", company, qs)).json() as {
        items: { id: string }[];
        nextCursor: string | null;
      };
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([onBoth, onDeal, onContact, onCompany]);

    // Completed tasks and deal stage moves arrive as system items through the change-event consumer.
    const task = await t.app.inject({
      method: "POST",
      url: "/api/v1/tasks",
      headers: admin,
      payload: { title: "Call Ivan", type: "call", links: [{ entity: "contacts", id: contact }] },
    });
    await t.app.inject({
      method: "POST",
      url: `/api/v1/tasks/${task.json().id}/complete`,
      headers: admin,
      payload: { result: "Wants a discount" },
    });
    await t.db.transaction().execute((trx) =>
      recordChange(
        trx,
        { actorId: adminId },
        {
          entity: "deals",
          entityId: deal,
          action: "update",
          changes: { stageId: { before: pipeline.stages[0], after: pipeline.stages[1] } },
        },
      ),
    );
    await runConsumer(t, systemEventsConsumer(t.deps) as never);
    await runConsumer(t, systemEventsConsumer(t.deps) as never);
    const withSystem = (await timeline(admin, "companies", company, "?kinds=system,status_change")).json();
    expect(withSystem.items).toHaveLength(2);
    const byKind = Object.fromEntries(withSystem.items.map((i: { kind: string }) => [i.kind, i]));
    expect(byKind.system).toMatchObject({
      taskId: task.json().id,
      event: { event: "task_completed", result: "Wants a discount" },
      links: [{ entity: "contacts", id: contact }],
    });
    expect(byKind.status_change.event).toMatchObject({ before: "New", after: "Proposal" });
    const sys = byKind.system.id as string;
    const patch = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/activities/${sys}`,
      headers: admin,
      payload: { subject: "x" },
    });
    expect(patch.statusCode).toBe(422);
  });

  it("shows only the activities the actor may read, and 404 for a record outside scope", async () => {
    const company = await insertCompany(t.db, managerId);
    const mine = (
      await log(manager, { kind: "note", body: "mine", links: [{ entity: "companies", id: company }] })
    ).json();
    await log(admin, { kind: "note", body: "admin's", links: [{ entity: "companies", id: company }] });
    const res = await timeline(manager, "companies", company);
    expect(res.json().items.map((i: { id: string }) => i.id)).toEqual([mine.id]);
    const outsider = await createUser(t.db, { roleKey: "sales_manager" });
    const foreign = await insertCompany(t.db, outsider.id);
    expect((await timeline(manager, "companies", foreign)).statusCode).toBe(404);
    expect((await timeline(manager, "planets", company)).statusCode).toBe(404);
    expect((await timeline(manager, "companies", company, "?cursor=zzz")).statusCode).toBe(400);
  });

  it("updates links and occurrence together and soft-deletes", async () => {
    const company = await insertCompany(t.db, managerId);
    const a = (
      await log(manager, {
        kind: "email",
        direction: "out",
        from: "me@x.io",
        to: "you@y.io",
        subject: "Offer",
        body: "<p>Hello</p>",
      })
    ).json();
    const moved = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/activities/${a.id}`,
      headers: manager,
      payload: { links: [{ entity: "companies", id: company }], occurredAt: "2029-06-01T00:00:00Z" },
    });
    expect(moved.statusCode).toBe(200);
    const row = await t.db
      .selectFrom("activity_links")
      .selectAll()
      .where("activity_id", "=", a.id)
      .executeTakeFirstOrThrow();
    expect(row.occurred_at.toISOString()).toBe("2029-06-01T00:00:00.000Z");
    const del = await t.app.inject({ method: "DELETE", url: `/api/v1/activities/${a.id}`, headers: manager });
    expect(del.statusCode).toBe(204);
    expect((await timeline(manager, "companies", company)).json().items).toHaveLength(0);
    const actions = await t.db
      .selectFrom("change_events")
      .select("action")
      .where("entity_id", "=", a.id)
      .orderBy("id")
      .execute();
    expect(actions.map((x) => x.action)).toEqual(["create", "update", "delete"]);
  });
});

import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { buildIndex } from "../custom-fields/index-job.js";

/** Custom fields on tasks: defined like any entity's, validated on write, listed, filtered, hidden by rules. */
describe("custom fields on tasks", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let manager: Record<string, string>;

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    manager = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
  });

  const define = (payload: object) =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/custom-fields",
      headers: admin,
      payload: { entity: "tasks", ...payload },
    });
  const create = (payload: object, headers = manager) =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/tasks",
      headers,
      payload: { title: "Call back", ...payload },
    });
  const patch = (id: string, payload: object, headers = manager) =>
    t.app.inject({ method: "PATCH", url: `/api/v1/tasks/${id}`, headers, payload });
  const list = (filter: object, headers = manager, sort = "") =>
    t.app.inject({
      method: "GET",
      url: `/api/v1/tasks?filter=${encodeURIComponent(JSON.stringify(filter))}${sort}`,
      headers,
    });

  it("defines task fields (with their index) and validates values on create, applying defaults", async () => {
    const hours = await define({ key: "hours", label: "Hours", type: "number", filterable: true });
    expect(hours.statusCode, hours.body).toBe(201);
    const channel = await define({
      key: "channel",
      label: "Channel",
      type: "select",
      options: [
        { value: "phone", label: "Phone" },
        { value: "visit", label: "Visit" },
      ],
      defaultValue: "phone",
      filterable: true,
    });
    expect(channel.statusCode, channel.body).toBe(201);
    const ticket = await define({ key: "ticket", label: "Ticket", type: "text", unique: true });
    expect(ticket.statusCode, ticket.body).toBe(201);
    // The filterable field's index comes from its background job (run here); the unique one with the definition.
    expect(await buildIndex(t.db, { entity: "tasks", key: "hours" })).toBe(true);
    const idx = await sql<{
      indexname: string;
    }>`select indexname from pg_indexes where tablename = 'tasks'`.execute(t.db);
    const names = idx.rows.map((r) => r.indexname);
    expect(names.some((n) => n.startsWith("cf_tasks_hours_"))).toBe(true);
    expect(names.some((n) => n.startsWith("cfu_tasks_ticket_"))).toBe(true);

    const bad = await create({ custom: { hours: "two", channel: "fax", nope: 1 } });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)
        .sort(),
    ).toEqual(["custom.channel:invalid_value", "custom.hours:invalid_value", "custom.nope:unknown_field"]);
    const ok = await create({ custom: { hours: 2.5, ticket: "T-1" } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().custom).toEqual({ hours: 2.5, channel: "phone", ticket: "T-1" });
    const dup = await create({ custom: { ticket: "T-1" } });
    expect(dup.statusCode).toBe(422);
    expect(dup.json().errors[0]).toMatchObject({ field: "custom.ticket", code: "not_unique" });
    const row = await t.db
      .selectFrom("tasks")
      .select("custom")
      .where("id", "=", ok.json().id)
      .executeTakeFirstOrThrow();
    expect(row.custom).toEqual({ hours: 2.5, channel: "phone", ticket: "T-1" });
  });

  it("updates, clears and keeps values; required fields hold on update", async () => {
    const created = (await create({ title: "Visit", custom: { hours: 1 } })).json();
    const changed = await patch(created.id, { custom: { hours: 3, channel: "visit" } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().custom).toEqual({ hours: 3, channel: "visit" });
    const other = await patch(created.id, { title: "Visit twice" });
    expect(other.json().custom).toEqual({ hours: 3, channel: "visit" });
    const cleared = await patch(created.id, { custom: { hours: null } });
    expect(cleared.json().custom).toEqual({ channel: "visit" });
    const wrong = await patch(created.id, { custom: { hours: "x" } });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0]).toMatchObject({ field: "custom.hours", code: "invalid_value" });
    const audit = await t.db
      .selectFrom("change_events")
      .select("changes")
      .where("entity", "=", "tasks")
      .where("entity_id", "=", created.id)
      .where("action", "=", "update")
      .execute();
    expect(audit.some((e) => JSON.stringify(e.changes).includes('"custom"'))).toBe(true);
  });

  it("lists, filters and sorts tasks by custom fields through the list route", async () => {
    const res = await list({ field: "custom.hours", op: "gte", value: 2.5 }, manager, "&sort=-custom.hours");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((i: { custom: { hours: number } }) => i.custom.hours)).toEqual([2.5]);
    const byChannel = await list({ field: "custom.channel", op: "eq", value: "visit" });
    expect(byChannel.json().items.map((i: { title: string }) => i.title)).toEqual(["Visit twice"]);
    const meta = await t.app.inject({
      method: "GET",
      url: "/api/v1/custom-fields/meta/tasks",
      headers: manager,
    });
    expect(meta.json().items.map((f: { key: string }) => f.key)).toEqual(
      expect.arrayContaining(["custom.hours", "custom.channel", "custom.ticket"]),
    );
    const bad = await list({ field: "custom.hours", op: "gte", value: "many" });
    expect(bad.statusCode).toBe(422);
  });

  it("hides a custom field the role hides: not presented, not filterable, not writable", async () => {
    const role = await t.app.inject({
      method: "POST",
      url: "/api/v1/roles",
      headers: admin,
      payload: {
        name: "No task hours",
        permissions: { "*": { read: "all", create: "own", update: "own" } },
        fieldRules: { tasks: { "custom.hours": "hidden" } },
      },
    });
    expect(role.statusCode, role.body).toBe(201);
    const u = await createUser(t.db, { roleKey: "read_only" });
    await t.db.updateTable("users").set({ role_id: role.json().id }).where("id", "=", u.id).execute();
    const h = await tokenHeaders(t.db, u.id);
    const seen = await list({ field: "custom.channel", op: "eq", value: "phone" }, h);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().items.length).toBeGreaterThan(0);
    for (const item of seen.json().items) expect(item.custom).not.toHaveProperty("hours");
    const filtered = await list({ field: "custom.hours", op: "gt", value: 0 }, h);
    expect(filtered.statusCode).toBe(422);
    expect(filtered.json().errors[0]).toMatchObject({
      field: "filter.custom.hours",
      code: "field_not_allowed",
    });
    const write = await create({ custom: { hours: 1 } }, h);
    expect(write.statusCode).toBe(422);
    expect(write.json().errors[0]).toMatchObject({ field: "custom.hours", code: "field_read_only" });
  });
});

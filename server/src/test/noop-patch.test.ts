import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "./auth.js";
import { useTestContext } from "./harness.js";

/**
 * A PATCH that changes nothing — an empty body, or values the record already has (a task's `status` it is
 * already in) — answers 200 with the record as it was and records no change event. It used to send
 * `update … set` without a column, which PostgreSQL refuses (500); `platform/db/patch-row.ts` skips the write.
 */
describe("no-op PATCH", () => {
  const t = useTestContext();
  let admin: Record<string, string>;

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
  });

  const call = (method: "GET" | "POST" | "PATCH", url: string, payload?: object) =>
    t.app.inject({ method, url, headers: admin, ...(payload ? { payload } : {}) });

  const create = async (url: string, payload: object): Promise<string> => {
    const res = await call("POST", url, payload);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(201);
    return res.json().id as string;
  };

  const eventsOf = async (id: string) =>
    (await t.db.selectFrom("change_events").select("action").where("entity_id", "=", id).execute()).map(
      (e) => e.action,
    );

  /** PATCHes each body at `url` and expects 200 with what GET `read` answered before, and no new event. */
  async function expectNoop(url: string, bodies: object[], read = url, id?: string) {
    const before = await call("GET", read);
    expect(before.statusCode, `${read}: ${before.body}`).toBe(200);
    const events = id ? await eventsOf(id) : [];
    for (const body of bodies) {
      const res = await call("PATCH", url, body);
      expect(res.statusCode, `PATCH ${url} ${JSON.stringify(body)}: ${res.body}`).toBe(200);
      expect((await call("GET", read)).json(), `${url} ${JSON.stringify(body)}`).toEqual(before.json());
    }
    if (id) expect(await eventsOf(id), url).toEqual(events);
  }

  it("tasks: an empty body or the status it already has answers 200 and changes nothing", async () => {
    const id = await create("/api/v1/tasks", { title: "Call back", type: "call", priority: "high" });
    await expectNoop(`/api/v1/tasks/${id}`, [{}, { status: "open" }], undefined, id);
    expect(await eventsOf(id)).toEqual(["create"]);
    // Values equal to the stored ones are written as they are, still without an event.
    const same = await call("PATCH", `/api/v1/tasks/${id}`, { title: "Call back", priority: "high" });
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json()).toMatchObject({ title: "Call back", priority: "high", status: "open" });
    expect(await eventsOf(id)).toEqual(["create"]);
    // A real change still writes and records it.
    const done = await call("PATCH", `/api/v1/tasks/${id}`, { status: "cancelled" });
    expect(done.json().status).toBe("cancelled");
    expect(await eventsOf(id)).toEqual(["create", "update"]);
  });

  it("activities", async () => {
    const id = await create("/api/v1/activities", { kind: "note", body: "<p>Met at the fair</p>" });
    await expectNoop(`/api/v1/activities/${id}`, [{}], undefined, id);
  });

  it("roles", async () => {
    const id = await create("/api/v1/roles", {
      name: `Noop ${crypto.randomUUID()}`,
      permissions: { "*": { read: "own", create: "own", update: "own", delete: "own" } },
    });
    await expectNoop(`/api/v1/roles/${id}`, [{}], undefined, id);
  });

  it("teams", async () => {
    const id = await create("/api/v1/teams", { name: `Noop ${crypto.randomUUID()}` });
    await expectNoop(`/api/v1/teams/${id}`, [{}], undefined, id);
  });

  it("users", async () => {
    const user = await createUser(t.db, { roleKey: "sales_manager" });
    await expectNoop(`/api/v1/users/${user.id}`, [{}], undefined, user.id);
  });

  it("views", async () => {
    const id = await create("/api/v1/views", { entity: "contacts", name: "Noop", visibility: "private" });
    await expectNoop(`/api/v1/views/${id}`, [{}]);
  });

  it("task types", async () => {
    const key = `noop_${crypto.randomUUID().slice(0, 8)}`;
    const type = await call("POST", "/api/v1/task-types", { key, name: "Noop" });
    expect(type.statusCode, type.body).toBe(201);
    await expectNoop(`/api/v1/task-types/${key}`, [{}], "/api/v1/task-types");
  });

  it("tags", async () => {
    const id = await create("/api/v1/tags", { name: `noop-${crypto.randomUUID().slice(0, 8)}` });
    await expectNoop(`/api/v1/tags/${id}`, [{}]);
  });

  it("custom fields", async () => {
    const id = await create("/api/v1/custom-fields", {
      entity: "companies",
      key: `noop${crypto.randomUUID().slice(0, 8)}`,
      label: "Noop",
      type: "text",
    });
    await expectNoop(`/api/v1/custom-fields/${id}`, [{}], undefined, id);
  });

  it("pipelines", async () => {
    const id = await create("/api/v1/pipelines", { name: `Noop ${crypto.randomUUID()}` });
    await expectNoop(`/api/v1/pipelines/${id}`, [{}], undefined, id);
  });

  it("pipeline stages", async () => {
    const pipeline = await create("/api/v1/pipelines", { name: `Noop ${crypto.randomUUID()}` });
    const stage = (await call("GET", `/api/v1/pipelines/${pipeline}`)).json().stages[0].id as string;
    await expectNoop(`/api/v1/pipelines/${pipeline}/stages/${stage}`, [{}], `/api/v1/pipelines/${pipeline}`);
  });

  it("templates", async () => {
    const id = await create("/api/v1/templates", {
      kind: "email",
      name: "Noop",
      defaultLanguage: "en",
      variants: { en: { subject: "Hello", body: "<p>Hi</p>" } },
    });
    await expectNoop(`/api/v1/templates/${id}`, [{}]);
  });

  it("reports", async () => {
    const id = await create("/api/v1/reports", {
      name: "Noop",
      definition: { entity: "deals", groupBy: [{ field: "ownerId" }], measures: [{ fn: "count" }] },
    });
    await expectNoop(`/api/v1/reports/${id}`, [{}]);
  });

  it("dashboards", async () => {
    const id = await create("/api/v1/dashboards", { name: "Noop", widgets: [] });
    await expectNoop(`/api/v1/dashboards/${id}`, [{}]);
  });

  it("webhooks", async () => {
    const id = await create("/api/v1/webhooks", {
      url: "https://93.184.216.34/hooks/noop",
      eventTypes: ["companies.create"],
    });
    await expectNoop(`/api/v1/webhooks/${id}`, [{}], undefined, id);
  });
});

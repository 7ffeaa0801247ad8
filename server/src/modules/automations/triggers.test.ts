import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestContext } from "../../test/harness.js";
import { signPayload } from "../webhooks/module.js";
import { AUTOMATION_CONSUMER } from "./consumer.js";
import { pruneRuns } from "./retention.js";
import { tick } from "./scheduler.js";
import { createRule, type Fixture, fixture, runsOf, settle } from "./test-support.js";

const HOUR = 3_600_000;

describe("automation triggers: time, schedule, inbound hooks, webhook calls, retention", () => {
  const t = useTestContext({ env: { OUTBOUND_ALLOW_HOSTS: "127.0.0.1" } });
  let f: Fixture;
  const received: { body: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      received.push({ body, headers: req.headers });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  let receiverUrl = "";

  beforeAll(async () => {
    f = await fixture(t);
    await t.relay.drain(AUTOMATION_CONSUMER);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const rule = async (entity: string, definition: object) => {
    const res = await createRule(t, f.admin, {
      entity,
      name: `R ${Math.random()}`,
      enabled: true,
      definition,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { rule: { id: string; hook: { url: string } | null }; secret: string };
  };
  const task = { id: "t", type: "createTask", title: "For {{record.id}}", assignee: { kind: "ruleOwner" } };

  it("fires on a contact's birthday once a year, at the hour in the owner's zone", async () => {
    const { rule: r } = await rule("contacts", {
      trigger: { kind: "anniversary", field: "birthday", hour: 9 },
      steps: [task],
    });
    const now = new Date();
    const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
    const birthday = `1990-${String(tomorrow.getUTCMonth() + 1).padStart(2, "0")}-${String(tomorrow.getUTCDate()).padStart(2, "0")}`;
    const c = await t.app.inject({
      method: "POST",
      url: "/api/v1/contacts",
      headers: f.admin,
      payload: { firstName: "Ann", lastName: "Lee", birthday },
    });
    expect(c.statusCode, c.body).toBe(201);
    const other = await t.app.inject({
      method: "POST",
      url: "/api/v1/contacts",
      headers: f.admin,
      payload: { firstName: "Bob", birthday: "1990-01-01" === birthday ? "1990-06-15" : "1990-01-01" },
    });
    expect(other.statusCode).toBe(201);
    const at9 = new Date(tomorrow.getTime() + 9 * HOUR + 60_000);
    if (tomorrow.getUTCFullYear() !== now.getUTCFullYear()) return; // New Year's Eve: the year-based key differs
    expect(await tick(t.deps, new Date(tomorrow.getTime() + 8 * HOUR))).toBe(0);
    expect(await tick(t.deps, at9)).toBe(1);
    expect(await tick(t.deps, new Date(at9.getTime() + HOUR))).toBe(0);
    await settle(t);
    const runs = await runsOf(t, r.id);
    expect(runs.map((x) => [x.record_id, x.status])).toEqual([[c.json().id, "succeeded"]]);
  });

  it("fires N days before a date field, and when a task becomes overdue", async () => {
    const close = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const { rule: r } = await rule("deals", {
      trigger: {
        kind: "dateRelative",
        field: "expectedCloseDate",
        offset: { amount: 1, unit: "days", direction: "before" },
      },
      steps: [task],
    });
    const d = await t.app.inject({
      method: "POST",
      url: "/api/v1/deals",
      headers: f.admin,
      payload: { title: "Closing", companyId: f.companyId, expectedCloseDate: close },
    });
    const moment = new Date(`${close}T09:00:00Z`).getTime() - 86_400_000;
    expect(await tick(t.deps, new Date(moment - 60_000))).toBe(0);
    expect(await tick(t.deps, new Date(moment + 60_000))).toBe(1);
    await settle(t);
    expect((await runsOf(t, r.id)).map((x) => x.record_id)).toEqual([d.json().id]);

    const { rule: o } = await rule("tasks", {
      trigger: { kind: "taskOverdue" },
      steps: [
        { id: "n", type: "notify", recipients: [{ kind: "recordOwner" }], message: "Late: {{record.title}}" },
      ],
    });
    const due = new Date(Date.now() + 30 * 60_000);
    const tk = await t.app.inject({
      method: "POST",
      url: "/api/v1/tasks",
      headers: f.admin,
      payload: { title: "Call back", dueAt: due.toISOString() },
    });
    expect(tk.statusCode, tk.body).toBe(201);
    expect(await tick(t.deps, new Date(due.getTime() + 60_000))).toBeGreaterThanOrEqual(1);
    await settle(t);
    const [run] = await runsOf(t, o.id);
    expect(run).toMatchObject({ record_id: tk.json().id, status: "succeeded" });
  });

  it("runs a schedule once per occurrence, for each record matching the conditions", async () => {
    const { rule: r } = await rule("deals", {
      trigger: { kind: "schedule", cron: "0 * * * *", timeZone: "Asia/Almaty" },
      conditions: { filter: { field: "title", op: "eq", value: "Weekly review" } },
      steps: [task],
    });
    const d = await t.app.inject({
      method: "POST",
      url: "/api/v1/deals",
      headers: f.admin,
      payload: { title: "Weekly review", companyId: f.companyId },
    });
    const later = new Date(Date.now() + 2 * HOUR + 60_000);
    expect(await tick(t.deps, later)).toBe(2);
    expect(await tick(t.deps, later)).toBe(0);
    await settle(t);
    const runs = await runsOf(t, r.id);
    expect(runs.map((x) => x.record_id)).toEqual([d.json().id, d.json().id]);
    expect(runs.every((x) => x.status === "succeeded")).toBe(true);
  });

  it("accepts an inbound hook only with a valid signature; payload fields become variables; a resend runs once", async () => {
    const { rule: r, secret } = await rule("deals", {
      trigger: { kind: "inboundWebhook", verify: "hmac", variables: { email: "customer.email" } },
      steps: [{ ...task, title: "Lead from the site: {{hook.email}}" }],
    });
    const url = r.hook?.url as string;
    const body = JSON.stringify({ customer: { email: "ann@example.com" } });
    const signed = signPayload(secret, "msg_site_1", new Date(), body);
    const bad = await t.app.inject({
      method: "POST",
      url,
      headers: {
        ...signed,
        "webhook-signature": signPayload(secret, "msg_site_1", new Date(), "{}")["webhook-signature"],
        "content-type": "application/json",
      },
      payload: body,
    });
    expect(bad.statusCode).toBe(401);
    const unsigned = await t.app.inject({
      method: "POST",
      url,
      headers: { "content-type": "application/json" },
      payload: body,
    });
    expect(unsigned.statusCode).toBe(401);
    expect(await runsOf(t, r.id)).toHaveLength(0);
    const ok = await t.app.inject({
      method: "POST",
      url,
      headers: { ...signed, "content-type": "application/json" },
      payload: body,
    });
    expect(ok.statusCode, ok.body).toBe(202);
    const again = await t.app.inject({
      method: "POST",
      url,
      headers: { ...signed, "content-type": "application/json" },
      payload: body,
    });
    expect(again.json()).toMatchObject({ duplicate: true });
    await settle(t);
    const title = await t.db
      .selectFrom("tasks")
      .select("title")
      .where("title", "like", "Lead from the site%")
      .execute();
    expect(title).toEqual([{ title: "Lead from the site: ann@example.com" }]);
    const unknown = await t.app.inject({
      method: "POST",
      url: "/api/v1/hooks/AAAAAAAAAAAAAAAAAAAA",
      headers: { ...signed, "content-type": "application/json" },
      payload: body,
    });
    expect(unknown.statusCode).toBe(404);
  });

  it("calls a webhook signed per Standard Webhooks; the receiver verifies it", async () => {
    const { rule: r, secret } = await rule("deals", {
      trigger: { kind: "recordCreated" },
      steps: [
        {
          id: "call",
          type: "callWebhook",
          url: receiverUrl,
          body: '{"title": "{{record.title}}", "rule": "{{rule.name}}"}',
        },
      ],
    });
    received.length = 0;
    await t.app.inject({
      method: "POST",
      url: "/api/v1/deals",
      headers: f.admin,
      payload: { title: 'Quote "A"', companyId: f.companyId },
    });
    await settle(t);
    expect(received).toHaveLength(1);
    const got = received[0] as (typeof received)[number];
    const payload = new Webhook(secret).verify(got.body, got.headers as Record<string, string>) as {
      title: string;
    };
    expect(payload.title).toBe('Quote "A"');
    const [run] = await runsOf(t, r.id);
    expect(run?.status).toBe("succeeded");
    await t.app.inject({
      method: "PATCH",
      url: `/api/v1/automations/${r.id}`,
      headers: f.admin,
      payload: { enabled: false },
    });
  });

  it("prunes finished runs in batches by retention and shows the log's size", async () => {
    const { rule: r } = await rule("deals", { trigger: { kind: "recordCreated" }, steps: [task] });
    await t.app.inject({
      method: "POST",
      url: "/api/v1/deals",
      headers: f.admin,
      payload: { title: "Old", companyId: f.companyId },
    });
    await settle(t);
    const settings = await t.app.inject({
      method: "GET",
      url: "/api/v1/automations/settings",
      headers: f.admin,
    });
    expect(settings.json().retention).toEqual({ days: 30, successDays: 7 });
    expect(settings.json().storage.bytes).toBeGreaterThan(0);
    const put = await t.app.inject({
      method: "PUT",
      url: "/api/v1/automations/settings",
      headers: f.admin,
      payload: { days: 10, successDays: 2 },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(await pruneRuns(t.db, new Date(Date.now() + 86_400_000))).toBe(0);
    const n = await pruneRuns(t.db, new Date(Date.now() + 3 * 86_400_000));
    expect(n).toBeGreaterThanOrEqual(1);
    expect(await runsOf(t, r.id)).toHaveLength(0);
    const steps = await t.db.selectFrom("automation_run_steps").select("id").execute();
    expect(steps).toHaveLength(0);
  });
});

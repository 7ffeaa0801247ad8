import { sql } from "kysely";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, deliverQueuedMail, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { MAX_ATTEMPTS } from "./deliver.js";
import { pruneWebhookDeliveries } from "./prune.js";
import { deliverDue, makeRetriesDue, startReceiver, webhookManager } from "./test-support.js";

/** Deliveries to a local receiver: signatures, retries, redelivery, disabling, authorization, retention. */
describe("webhook deliveries", () => {
  const t = useTestContext({ env: { OUTBOUND_ALLOW_HOSTS: "127.0.0.1" } });
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let owner: { user: { id: string }; headers: Record<string, string> };
  let admin: Record<string, string>;

  beforeAll(async () => {
    receiver = await startReceiver();
    owner = await webhookManager(t, "Integration owner", {
      permissions: { companies: { read: "own", create: "own", update: "own" } },
      fieldRules: { companies: { website: "hidden" } },
    });
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
  });
  afterAll(async () => receiver?.close());

  const subscribe = async (payload: object) => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/webhooks",
      headers: owner.headers,
      payload: { url: receiver.url, ...payload },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; secret: string };
  };
  const company = async (payload: object, headers = owner.headers) => {
    const res = await t.app.inject({ method: "POST", url: "/api/v1/companies", headers, payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  };
  const patchCompany = async (id: string, payload: object, headers = owner.headers) => {
    const res = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/companies/${id}`,
      headers,
      payload,
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const deliveries = async (hookId: string) =>
    (
      await t.app.inject({
        method: "GET",
        url: `/api/v1/webhooks/${hookId}/deliveries`,
        headers: owner.headers,
      })
    ).json().items as Array<{
      id: string;
      status: string;
      attempts: number;
      eventType: string;
      lastAttempt: {
        responseStatus: number | null;
        responseBody: string | null;
        error: string | null;
        manual: boolean;
        requestBody: string;
        requestHeaders: Record<string, string>;
      };
    }>;
  const disable = (id: string) =>
    t.db.updateTable("webhooks").set({ enabled: false }).where("id", "=", id).execute();

  it("signs each delivery per Standard Webhooks; the receiver verifies it with the standardwebhooks library", async () => {
    const hook = await subscribe({ eventTypes: ["companies.create"] });
    receiver.received.length = 0;
    const c = await company({ name: "Signed Ltd", industry: "IT" });
    await deliverDue(t);
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0] as (typeof receiver.received)[number];
    const payload = new Webhook(hook.secret).verify(got.body, got.headers) as Record<string, unknown>;
    expect(payload).toMatchObject({
      entity: "companies",
      action: "create",
      entityId: c.id,
      actorId: owner.user.id,
      changes: { name: { before: null, after: "Signed Ltd" } },
    });
    expect(payload.ip).toBeUndefined();
    expect(got.headers["webhook-id"]).toMatch(/^msg_/);
    expect(() =>
      new Webhook(`whsec_${Buffer.from("another key 123456").toString("base64")}`).verify(
        got.body,
        got.headers,
      ),
    ).toThrow();
    expect(() =>
      new Webhook(hook.secret).verify(got.body.replace("Signed", "Forged"), got.headers),
    ).toThrow();

    const log = await deliveries(hook.id);
    expect(log[0]).toMatchObject({ status: "succeeded", attempts: 1, eventType: "companies.create" });
    expect(log[0]?.lastAttempt).toMatchObject({ responseStatus: 200, responseBody: "thanks", error: null });
    expect(log[0]?.lastAttempt.requestHeaders["webhook-signature"]).toMatch(/^v1,/);
    expect(log[0]?.lastAttempt.requestBody).toBe(got.body);
    await disable(hook.id);
  });

  it("retries a 500 with back-off, keeps the webhook-id, and succeeds once the receiver recovers", async () => {
    const hook = await subscribe({ eventTypes: ["companies.create"] });
    receiver.received.length = 0;
    receiver.state.status = 500;
    await company({ name: "Flaky receiver Ltd" });
    await deliverDue(t);
    expect(receiver.received).toHaveLength(1);
    let [d] = await deliveries(hook.id);
    expect(d).toMatchObject({ status: "pending", attempts: 1 });
    expect(d?.lastAttempt).toMatchObject({
      responseStatus: 500,
      error: "HTTP 500",
      responseBody: "receiver broke",
    });
    expect(await deliverDue(t)).toBe(0); // the retry waits for its time
    expect(await makeRetriesDue(t)).toEqual([5]);
    await deliverDue(t);
    expect(await makeRetriesDue(t)).toEqual([300]); // exponential: 5 s, then 5 min, …
    receiver.state.status = 200;
    await deliverDue(t);
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    [d] = await deliveries(hook.id);
    expect(d).toMatchObject({ status: "succeeded", attempts: 3 });
    const detail = await t.app.inject({
      method: "GET",
      url: `/api/v1/webhooks/${hook.id}/deliveries/${d?.id}`,
      headers: owner.headers,
    });
    expect((detail.json().attemptLog as { responseStatus: number }[]).map((a) => a.responseStatus)).toEqual([
      500, 500, 200,
    ]);
    await disable(hook.id);
  });

  it("redelivers on request with the same webhook-id, and refuses another user's delivery", async () => {
    const hook = await subscribe({ eventTypes: ["companies.create"] });
    receiver.received.length = 0;
    await company({ name: "Redelivered Ltd" });
    await deliverDue(t);
    const [d] = await deliveries(hook.id);
    const res = await t.app.inject({
      method: "POST",
      url: `/api/v1/webhooks/${hook.id}/deliveries/${d?.id}/redeliver`,
      headers: owner.headers,
    });
    expect(res.statusCode, res.body).toBe(202);
    await deliverDue(t);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.headers["webhook-id"]).toBe(receiver.received[0]?.headers["webhook-id"]);
    new Webhook(hook.secret).verify(receiver.received[1]?.body ?? "", receiver.received[1]?.headers ?? {});
    const [after] = await deliveries(hook.id);
    expect(after).toMatchObject({ status: "succeeded", attempts: 2 });
    expect(after?.lastAttempt.manual).toBe(true);
    const stranger = await webhookManager(t, "Stranger", { permissions: { companies: { read: "all" } } });
    const denied = await t.app.inject({
      method: "POST",
      url: `/api/v1/webhooks/${hook.id}/deliveries/${d?.id}/redeliver`,
      headers: stranger.headers,
    });
    expect(denied.statusCode).toBe(404);
    await disable(hook.id);
  });

  it("never delivers records or fields the owner's role may not read", async () => {
    const hook = await subscribe({ eventTypes: ["companies.*"] });
    receiver.received.length = 0;
    // Written by an administrator: the owner's own role may neither see nor write `website`.
    const mine = await company(
      { name: "Mine Ltd", website: "https://mine.example", industry: "IT", ownerId: owner.user.id },
      admin,
    );
    await company({ name: "Someone else's Ltd", website: "https://secret.example" }, admin);
    await patchCompany(mine.id, { website: "https://changed.example" }, admin); // only a hidden field changes
    await deliverDue(t);
    expect(receiver.received).toHaveLength(1);
    const body = receiver.received[0]?.body ?? "";
    expect(JSON.parse(body)).toMatchObject({ entityId: mine.id, action: "create" });
    expect(body).not.toContain("mine.example");
    expect(body).not.toContain("website");
    expect(JSON.stringify(await deliveries(hook.id))).not.toContain("secret.example");
    const statuses = (await deliveries(hook.id)).map((d) => d.status).sort();
    expect(statuses).toEqual(["skipped", "skipped", "succeeded"]);
    await disable(hook.id);
  });

  it("applies the payload filter", async () => {
    const hook = await subscribe({
      eventTypes: ["companies.update"],
      filter: { conditions: [{ field: "industry", op: "eq", value: "Retail" }] },
    });
    receiver.received.length = 0;
    const c = await company({ name: "Filter Ltd" });
    await patchCompany(c.id, { industry: "IT" });
    await patchCompany(c.id, { industry: "Retail" });
    await deliverDue(t);
    expect(receiver.received.map((r) => JSON.parse(r.body).changes.industry.after)).toEqual(["Retail"]);
    await disable(hook.id);
  });

  it("disables a subscription whose deliveries keep failing for over a day and mails its owner", async () => {
    const hook = await subscribe({ eventTypes: ["companies.create"] });
    receiver.state.status = 503;
    for (let i = 0; i < 5; i++) await company({ name: `Doomed ${i}` });
    await deliverDue(t);
    // Fast-forward: every delivery is at its last attempt and the webhook has been failing for two days.
    await t.db
      .updateTable("webhook_deliveries")
      .set({ attempts: MAX_ATTEMPTS - 1 })
      .where("webhook_id", "=", hook.id)
      .execute();
    await sql`update webhooks set failing_since = now() - interval '2 days' where id = ${hook.id}`.execute(
      t.db,
    );
    await sql`delete from pgboss.job where name = 'webhooks.deliver'`.execute(t.db);
    const ids = (await deliveries(hook.id)).map((d) => ({ id: d.id, attempts: MAX_ATTEMPTS - 1 }));
    await t.jobs.send("webhooks.deliver", { items: ids });
    await deliverDue(t);
    receiver.state.status = 200;
    const row = await t.db
      .selectFrom("webhooks")
      .selectAll()
      .where("id", "=", hook.id)
      .executeTakeFirstOrThrow();
    expect(row.enabled).toBe(false);
    expect(row.disabled_reason).toMatch(/failed/);
    expect((await deliveries(hook.id)).every((d) => d.status === "failed")).toBe(true);
    const mail = await deliverQueuedMail(t);
    const owned = await t.db
      .selectFrom("users")
      .select("email")
      .where("id", "=", owner.user.id)
      .executeTakeFirstOrThrow();
    expect(mail.find((m) => m.to === owned.email)?.text).toContain(receiver.url);
    // A disabled webhook gets no new deliveries.
    await company({ name: "After disable" });
    await deliverDue(t);
    expect(await deliveries(hook.id)).toHaveLength(5);
  });

  it("prunes finished deliveries past the retention in batches", async () => {
    const hook = await subscribe({ eventTypes: ["companies.create"] });
    for (let i = 0; i < 3; i++) await company({ name: `Old ${i}` });
    await deliverDue(t);
    await sql`update webhook_deliveries set created_at = now() - interval '40 days' where webhook_id = ${hook.id}`.execute(
      t.db,
    );
    expect(await pruneWebhookDeliveries(t.db, { batch: 2 })).toBeGreaterThanOrEqual(3);
    expect(await deliveries(hook.id)).toHaveLength(0);
  });
});

import { beforeAll, describe, expect, it, vi } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { webhookManager } from "./test-support.js";

// A name that resolves to a private address, without touching real DNS.
vi.mock("node:dns/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:dns/promises")>();
  const lookup = async (host: string, opts?: unknown) =>
    host === "intranet.example.test"
      ? [{ address: "10.1.2.3", family: 4 }]
      : (real.lookup as (h: string, o?: unknown) => Promise<unknown>)(host, opts);
  return { ...real, lookup, default: { ...real, lookup } };
});

const PUBLIC = "https://93.184.216.34/hooks/crm";

/** Subscriptions: who may manage them, what they may name, and which URLs the server refuses to call. */
describe("webhook subscriptions", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let manager: { user: { id: string }; headers: Record<string, string> };
  let other: { user: { id: string }; headers: Record<string, string> };

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    manager = await webhookManager(t, "Integrator", {
      permissions: { companies: { read: "own" } },
      fieldRules: { companies: { website: "hidden" } },
    });
    other = await webhookManager(t, "Integrator 2", { permissions: { companies: { read: "all" } } });
  });

  const create = (payload: object, headers = manager.headers) =>
    t.app.inject({ method: "POST", url: "/api/v1/webhooks", headers, payload });

  it("creates a subscription, shows the whsec_ secret once and keeps it sealed", async () => {
    const res = await create({
      url: PUBLIC,
      eventTypes: ["companies.create", "companies.*"],
      description: "ERP",
    });
    expect(res.statusCode, res.body).toBe(201);
    const hook = res.json();
    expect(hook).toMatchObject({
      url: PUBLIC,
      eventTypes: ["companies.create", "companies.*"],
      enabled: true,
      ownerId: manager.user.id,
      filter: null,
    });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const row = await t.db
      .selectFrom("webhooks")
      .selectAll()
      .where("id", "=", hook.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_sealed).not.toContain(hook.secret.slice(6));
    expect(t.deps.secrets.open(row.secret_sealed)).toBe(hook.secret);
    const got = await t.app.inject({
      method: "GET",
      url: `/api/v1/webhooks/${hook.id}`,
      headers: manager.headers,
    });
    expect(got.statusCode).toBe(200);
    expect(got.json().secret).toBeUndefined();
    expect(got.body).not.toContain(hook.secret);

    const rotated = await t.app.inject({
      method: "POST",
      url: `/api/v1/webhooks/${hook.id}/rotate-secret`,
      headers: manager.headers,
    });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().secret).toMatch(/^whsec_/);
    expect(rotated.json().secret).not.toBe(hook.secret);

    // Audited (create, rotation), never with the secret.
    await t.relay.drain("audit.changes");
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "changes"])
      .where("entity", "=", "webhooks")
      .where("entity_id", "=", hook.id)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["record.created", "record.rotate_secret"]);
    expect(audit[0]?.changes).toMatchObject({ url: { before: null, after: PUBLIC } });
    expect(JSON.stringify(audit)).not.toContain(hook.secret.slice(6));
    expect(JSON.stringify(audit)).not.toContain(rotated.json().secret.slice(6));
  });

  it("lists the event types of the entities the caller may read, from the catalogue", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: "/api/v1/webhooks/event-types",
      headers: manager.headers,
    });
    expect(res.statusCode).toBe(200);
    const types = (res.json().items as { type: string }[]).map((i) => i.type);
    expect(types).toEqual(
      expect.arrayContaining(["companies.create", "companies.update", "companies.delete"]),
    );
    expect(types.some((x) => x.startsWith("deals."))).toBe(false);
    const all = await t.app.inject({ method: "GET", url: "/api/v1/webhooks/event-types", headers: admin });
    expect((all.json().items as { type: string }[]).map((i) => i.type)).toContain("deals.update");
  });

  it("refuses unknown or unreadable event types, wrong types and bad filters, changing nothing", async () => {
    const before = await t.db.selectFrom("webhooks").select("id").execute();
    const cases: [object, number, string][] = [
      [{ url: PUBLIC, eventTypes: ["deals.update"] }, 422, "unknown_event_type"], // role cannot read deals
      [{ url: PUBLIC, eventTypes: ["companies.explode"] }, 422, "unknown_event_type"],
      [{ url: PUBLIC, eventTypes: ["nothing"] }, 422, "validation_failed"],
      [{ url: PUBLIC, eventTypes: [] }, 422, "validation_failed"],
      [{ url: PUBLIC, eventTypes: "companies.create" }, 422, "validation_failed"],
      [{ url: 42, eventTypes: ["companies.create"] }, 422, "validation_failed"],
      [{ url: PUBLIC, eventTypes: ["companies.create"], enabled: "yes" }, 422, "validation_failed"],
      [{ url: PUBLIC, eventTypes: ["companies.create"], secret: "whsec_mine" }, 422, "validation_failed"],
      [{ url: PUBLIC, eventTypes: ["companies.create"], description: "a\u0000b" }, 422, "validation_failed"],
      [
        {
          url: PUBLIC,
          eventTypes: ["companies.update"],
          filter: { conditions: [{ field: "nope", op: "changed" }] },
        },
        422,
        "validation_failed",
      ],
      [
        {
          url: PUBLIC,
          eventTypes: ["companies.update"],
          filter: { conditions: [{ field: "website", op: "changed" }] },
        },
        422,
        "validation_failed",
      ],
      [
        {
          url: PUBLIC,
          eventTypes: ["companies.update"],
          filter: { conditions: [{ field: "name", op: "gt", value: 1 }] },
        },
        422,
        "validation_failed",
      ],
    ];
    for (const [payload, status, code] of cases) {
      const res = await create(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      const codes = [res.json().code, ...(res.json().errors ?? []).map((e: { code: string }) => e.code)];
      expect(codes, JSON.stringify(payload)).toContain(code);
    }
    const hidden = await create({
      url: PUBLIC,
      eventTypes: ["companies.update"],
      filter: { conditions: [{ field: "website", op: "changed" }] },
    });
    expect(hidden.json().errors[0]).toMatchObject({
      field: "filter.conditions.0.field",
      code: "field_hidden",
    });
    expect(await t.db.selectFrom("webhooks").select("id").execute()).toHaveLength(before.length);
  });

  it("refuses URLs the server must not call: not http(s), loopback, metadata, private names", async () => {
    const cases: [string, string][] = [
      ["ftp://93.184.216.34/in", "invalid_webhook_url"],
      ["file:///etc/passwd", "invalid_webhook_url"],
      ["not a url", "invalid_webhook_url"],
      ["https://user:pw@93.184.216.34/", "invalid_webhook_url"],
      ["http://127.0.0.1:8080/hook", "unsafe_destination"],
      ["http://localhost/hook", "unsafe_destination"],
      ["http://169.254.169.254/latest/meta-data", "unsafe_destination"],
      ["http://[::1]/hook", "unsafe_destination"],
      ["http://10.0.0.8/hook", "unsafe_destination"],
      ["https://intranet.example.test/hook", "unsafe_destination"],
    ];
    for (const [url, code] of cases) {
      const res = await create({ url, eventTypes: ["companies.create"] });
      expect(res.statusCode, url).toBe(422);
      expect(res.json().code, url).toBe(code);
    }
    const hook = (await create({ url: PUBLIC, eventTypes: ["companies.create"] })).json();
    const moved = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/webhooks/${hook.id}`,
      headers: manager.headers,
      payload: { url: "http://169.254.169.254/" },
    });
    expect(moved.statusCode).toBe(422);
    const row = await t.db
      .selectFrom("webhooks")
      .select("url")
      .where("id", "=", hook.id)
      .executeTakeFirstOrThrow();
    expect(row.url).toBe(PUBLIC);
  });

  it("allows an internal host the admin allow-list names", async () => {
    const allow = t.deps.config.outboundAllowHosts;
    t.deps.config.outboundAllowHosts = ["10.0.0.0/8"];
    try {
      const res = await create({
        url: "https://intranet.example.test/hook",
        eventTypes: ["companies.create"],
      });
      expect(res.statusCode, res.body).toBe(201);
      const loop = await create({ url: "http://127.0.0.1/hook", eventTypes: ["companies.create"] });
      expect(loop.statusCode).toBe(422);
    } finally {
      t.deps.config.outboundAllowHosts = allow;
    }
  });

  it("hides other users' subscriptions (404) but shows all to an administrator", async () => {
    const mine = (await create({ url: PUBLIC, eventTypes: ["companies.create"] })).json();
    for (const [method, suffix, payload] of [
      ["GET", "", undefined],
      ["PATCH", "", { enabled: false }],
      ["DELETE", "", undefined],
      ["POST", "/rotate-secret", undefined],
      ["GET", "/deliveries", undefined],
    ] as const) {
      const res = await t.app.inject({
        method,
        url: `/api/v1/webhooks/${mine.id}${suffix}`,
        headers: other.headers,
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, `${method} ${suffix}`).toBe(404);
    }
    const theirs = await t.app.inject({ method: "GET", url: "/api/v1/webhooks", headers: other.headers });
    expect((theirs.json().items as { id: string }[]).some((w) => w.id === mine.id)).toBe(false);
    const all = await t.app.inject({ method: "GET", url: "/api/v1/webhooks", headers: admin });
    expect((all.json().items as { id: string }[]).some((w) => w.id === mine.id)).toBe(true);
    const sales = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
    const denied = await t.app.inject({ method: "GET", url: "/api/v1/webhooks", headers: sales });
    expect(denied.statusCode).toBe(403);
    const gone = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/webhooks/${mine.id}`,
      headers: manager.headers,
    });
    expect(gone.statusCode).toBe(204);
  });

  it("updates events, filter and enabled; enabling again clears an automatic disable", async () => {
    const hook = (await create({ url: PUBLIC, eventTypes: ["companies.create"] })).json();
    await t.db
      .updateTable("webhooks")
      .set({ enabled: false, disabled_reason: "failing", disabled_at: new Date(), consecutive_failures: 5 })
      .where("id", "=", hook.id)
      .execute();
    const res = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/webhooks/${hook.id}`,
      headers: manager.headers,
      payload: {
        enabled: true,
        eventTypes: ["companies.update"],
        filter: { match: "any", conditions: [{ field: "industry", op: "in", value: ["IT", "Retail"] }] },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      enabled: true,
      disabledReason: null,
      eventTypes: ["companies.update"],
      filter: { match: "any", conditions: [{ field: "industry", op: "in", value: ["IT", "Retail"] }] },
    });
    const row = await t.db
      .selectFrom("webhooks")
      .selectAll()
      .where("id", "=", hook.id)
      .executeTakeFirstOrThrow();
    expect(row.consecutive_failures).toBe(0);
  });
});

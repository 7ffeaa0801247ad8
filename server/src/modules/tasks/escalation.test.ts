import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { scanOverdue } from "./overdue.js";

const DAY = 86_400_000;
const URL = "/api/v1/settings/escalation";

describe("escalation settings", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let adminId: string;
  let head: Record<string, string>;
  let owner: Record<string, string>;
  let headId: string;

  beforeAll(async () => {
    const a = await createUser(t.db, { roleKey: "admin" });
    adminId = a.id;
    admin = await tokenHeaders(t.db, a.id);
    const team = await createTeam(t.db, "Escalations");
    const h = await createUser(t.db, { roleKey: "head_of_sales", teamId: team.id });
    headId = h.id;
    head = await tokenHeaders(t.db, h.id);
    await t.db.updateTable("teams").set({ head_id: h.id }).where("id", "=", team.id).execute();
    const o = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id });
    owner = await tokenHeaders(t.db, o.id);
  });

  const get = (headers = admin) => t.app.inject({ method: "GET", url: URL, headers });
  const put = (payload: unknown, headers = admin) =>
    t.app.inject({ method: "PUT", url: URL, headers, payload: payload as object });

  it("answers the default of 2 days until it is set", async () => {
    const res = await get();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ overdueDays: 2 });
  });

  it("refuses values outside 1..60, non-integers and unknown fields with per-field 422s", async () => {
    for (const bad of [0, 61, 2.5, -1, "3", null]) {
      const res = await put({ overdueDays: bad });
      expect(res.statusCode, `${bad}`).toBe(422);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(["body.overdueDays"]);
    }
    const missing = await put({});
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors[0].field).toBe("body.overdueDays");
    const extra = await put({ overdueDays: 3, hours: 4 });
    expect(extra.statusCode).toBe(422);
    expect(extra.json().errors).toEqual([
      expect.objectContaining({ field: "body.hours", code: "unknown_field" }),
    ]);
    expect((await get()).json()).toEqual({ overdueDays: 2 });
    const stored = await t.db
      .selectFrom("app_settings")
      .select("key")
      .where("key", "=", "escalation")
      .execute();
    expect(stored).toHaveLength(0);
  });

  it("is for admins only (403 for others, also for reading)", async () => {
    expect((await get(head)).statusCode).toBe(403);
    expect((await put({ overdueDays: 9 }, head)).statusCode).toBe(403);
    expect((await put({ overdueDays: 9 }, owner)).statusCode).toBe(403);
    expect((await get()).json()).toEqual({ overdueDays: 2 });
  });

  it("saves, audits before/after in the same transaction, and takes the edge values", async () => {
    const res = await put({ overdueDays: 60 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ overdueDays: 60 });
    expect((await get()).json()).toEqual({ overdueDays: 60 });
    expect((await put({ overdueDays: 1 })).json()).toEqual({ overdueDays: 1 });
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["actor_id", "entity", "changes"])
      .where("action", "=", "settings.escalation.updated")
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      {
        actor_id: adminId,
        entity: "app_settings",
        changes: { before: { overdueDays: 2 }, after: { overdueDays: 60 } },
      },
      {
        actor_id: adminId,
        entity: "app_settings",
        changes: { before: { overdueDays: 60 }, after: { overdueDays: 1 } },
      },
    ]);
  });

  it("drives tasks.overdue-scan: escalates only past the configured number of days", async () => {
    expect((await put({ overdueDays: 4 })).statusCode).toBe(200);
    const task = async (title: string, overdueFor: number) => {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/tasks",
        headers: owner,
        payload: { title, dueAt: new Date(Date.now() + DAY).toISOString() },
      });
      expect(res.statusCode, res.body).toBe(201);
      const due = new Date(Date.now() - overdueFor);
      await t.db
        .updateTable("tasks")
        .set({ due_at: due, overdue_at: due })
        .where("id", "=", res.json().id)
        .execute();
      return res.json().id as string;
    };
    const within = await task("Three days late", 3 * DAY + 3_600_000);
    const beyond = await task("Five days late", 4 * DAY + 3_600_000);
    await scanOverdue(t.deps);
    const escalated = await t.db
      .selectFrom("notifications")
      .select(["entity_id", "user_id"])
      .where("kind", "=", "task.escalated")
      .where("entity_id", "in", [within, beyond])
      .execute();
    expect(escalated).toEqual([{ entity_id: beyond, user_id: headId }]);
    // Lowering the threshold takes effect on the next run.
    expect((await put({ overdueDays: 3 })).statusCode).toBe(200);
    await scanOverdue(t.deps);
    const after = await t.db
      .selectFrom("notifications")
      .select("entity_id")
      .where("kind", "=", "task.escalated")
      .where("entity_id", "in", [within, beyond])
      .execute();
    expect(after.map((n) => n.entity_id).sort()).toEqual([within, beyond].sort());
  });

  it("falls back to the default when the stored row no longer validates", async () => {
    await t.db
      .updateTable("app_settings")
      .set({ value: JSON.stringify({ overdueDays: 0 }) })
      .where("key", "=", "escalation")
      .execute();
    expect((await get()).json()).toEqual({ overdueDays: 2 });
  });
});

import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, type SignedIn, signIn } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { MAINTENANCE_JOB, runMaintenance } from "./maintenance.js";

const t = useTestContext();
let s: SignedIn;

beforeAll(async () => {
  const admin = await createUser(t.db, { email: "maint-admin@example.com", roleKey: "admin" });
  s = await signIn(t.app, admin.email);
});

/** A company created with an Idempotency-Key: one stored response and one change event per call. */
async function createCompany(name: string, key: string): Promise<string> {
  const res = await t.app.inject({
    method: "POST",
    url: "/api/v1/companies",
    headers: { ...s.headers, "idempotency-key": key },
    payload: { name },
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

/** Moves a row's timestamps into the past: the retention windows are measured from the database clock. */
async function ageKey(key: string, hours: number) {
  await t.db
    .updateTable("idempotency_keys")
    .set({ created_at: sql<Date>`now() - make_interval(hours => ${hours})` })
    .where("key", "=", key)
    .execute();
}

async function ageEvents(entityId: string, days: number, dispatched: boolean) {
  await t.db
    .updateTable("change_events")
    .set({
      occurred_at: sql<Date>`now() - make_interval(days => ${days})`,
      dispatched_at: dispatched ? sql<Date>`now() - make_interval(days => ${days})` : null,
    })
    .where("entity_id", "=", entityId)
    .execute();
}

describe("nightly maintenance", () => {
  it("prunes idempotency keys older than 24 h and dispatched outbox rows older than 30 days, keeps the rest", async () => {
    const oldCompany = await createCompany("Old dispatched", "maint-old");
    const freshCompany = await createCompany("Fresh dispatched", "maint-fresh");
    await t.relay.drain();
    // Sequenced but not yet taken by the consumers: kept, however old.
    const laggingCompany = await createCompany("Old, consumers behind", "maint-lagging");
    await t.relay.dispatchOnce();
    const pendingCompany = await createCompany("Old but never dispatched", "maint-pending");
    await ageKey("maint-old", 25);
    await ageKey("maint-pending", 23);
    await ageEvents(oldCompany, 31, true);
    await ageEvents(freshCompany, 29, true);
    await ageEvents(laggingCompany, 60, true);
    // An event the relay has not delivered yet is kept however old it is: consumers have not seen it.
    await ageEvents(pendingCompany, 90, false);

    const details = await runMaintenance(t.db);

    expect(details).toEqual({ idempotencyKeysDeleted: 1, changeEventsDeleted: 1 });
    const keys = await t.db.selectFrom("idempotency_keys").select("key").orderBy("key").execute();
    expect(keys.map((k) => k.key)).toEqual(["maint-fresh", "maint-lagging", "maint-pending"]);
    const events = await t.db.selectFrom("change_events").select("entity_id").execute();
    const left = new Set(events.map((e) => e.entity_id));
    expect(left.has(oldCompany)).toBe(false);
    expect(left.has(freshCompany)).toBe(true);
    expect(left.has(pendingCompany)).toBe(true);
    expect(left.has(laggingCompany)).toBe(true);
    // The pruned records themselves are untouched: only their bookkeeping went.
    const companies = await t.db.selectFrom("companies").select("id").where("id", "=", oldCompany).execute();
    expect(companies).toHaveLength(1);

    const runs = await t.db.selectFrom("maintenance_runs").selectAll().execute();
    expect(runs).toHaveLength(1);
    expect(runs[0]?.job).toBe(MAINTENANCE_JOB);
    expect(runs[0]?.details).toEqual(details);
  });

  it("a second run finds nothing more to prune and records its own run", async () => {
    const details = await runMaintenance(t.db);
    expect(details).toEqual({ idempotencyKeysDeleted: 0, changeEventsDeleted: 0 });
    const runs = await t.db.selectFrom("maintenance_runs").select("details").orderBy("id").execute();
    expect(runs.map((r) => r.details)).toEqual([
      { idempotencyKeysDeleted: 1, changeEventsDeleted: 1 },
      { idempotencyKeysDeleted: 0, changeEventsDeleted: 0 },
    ]);
  });

  it("is registered as a pg-boss queue with a nightly cron schedule", async () => {
    const queue = await t.jobs.boss.getQueue(MAINTENANCE_JOB);
    expect(queue?.name).toBe(MAINTENANCE_JOB);
    const schedules = await t.jobs.boss.getSchedules();
    const mine = schedules.filter((sch) => sch.name === MAINTENANCE_JOB);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.cron).toBe("30 3 * * *");
    expect((mine[0] as { timezone?: string } | undefined)?.timezone).toBe("UTC");
  });
});

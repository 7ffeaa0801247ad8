import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import type { Actor } from "../access/actor.js";
import type { FieldMeta } from "../access/fields.js";
import { type ListParams, planList } from "./list.js";

/**
 * Operators at their boundaries, and relative dates on both sides of the period edges, in the user's time zone
 * (rows one second before and after each edge, so an off-by-one or a wrong zone fails).
 */
const fields: FieldMeta[] = [
  { key: "name", column: "name", type: "text", filterable: true, sortable: true, nullable: false },
  {
    key: "rating",
    column: "rating",
    type: "select",
    filterable: true,
    sortable: true,
    options: ["A", "B", "C"],
  },
  {
    key: "createdAt",
    column: "created_at",
    type: "dateTime",
    filterable: true,
    sortable: true,
    nullable: false,
  },
  { key: "custom.score", column: "score", type: "number", filterable: true, sortable: true, custom: true },
  { key: "custom.since", column: "since", type: "date", filterable: true, sortable: true, custom: true },
];
const SECOND = 1000;
const DAY = 86_400_000;

describe("list engine: operator boundaries and time zones", () => {
  const t = useTestContext({ modules: [] });
  const actors: Record<"utc" | "almaty" | "far", Actor> = {} as never;

  const names = async (filter: object, who: keyof typeof actors = "utc") => {
    const plan = planList({
      actor: actors[who],
      entity: "companies",
      alias: "c",
      fields,
      defaultSort: "name",
      params: { limit: 100, filter: JSON.stringify(filter) } satisfies ListParams,
    });
    const rows = await t.db
      .selectFrom("companies as c")
      .where(plan.where)
      .select(["c.name"])
      .select(plan.cursorColumn)
      .orderBy(plan.orderBy)
      .limit(plan.fetch)
      .execute();
    return plan.page(rows).items.map((r) => r.name);
  };
  /** Only the rows of one scenario (their names start with `prefix`). */
  const within = (prefix: string, condition: object) => ({
    and: [{ field: "name", op: "startsWith", value: prefix }, condition],
  });
  const insert = async (
    ownerId: string,
    rows: Array<{ name: string; rating?: string; at?: Date; custom?: object }>,
  ) => {
    for (const r of rows) {
      await t.db
        .insertInto("companies")
        .values({
          name: r.name,
          owner_id: ownerId,
          rating: r.rating ?? null,
          custom: JSON.stringify(r.custom ?? {}),
          ...(r.at ? { created_at: r.at } : {}),
        } as never)
        .execute();
    }
  };
  const actorFor = (u: { id: string; role_id: string }): Actor => ({
    userId: u.id,
    teamId: null,
    roleId: u.role_id,
    permissions: { "*": { "*": "all" } },
    fieldRules: {},
    adminPermissions: new Set(),
    readOnly: false,
    sessionId: null,
    apiTokenId: null,
  });
  let owner: string;

  beforeAll(async () => {
    const utc = await createUser(t.db, { roleKey: "admin" });
    const almaty = await createUser(t.db, { roleKey: "admin" });
    await t.db.updateTable("users").set({ time_zone: "UTC" }).where("id", "=", utc.id).execute();
    await t.db.updateTable("users").set({ time_zone: "Asia/Almaty" }).where("id", "=", almaty.id).execute();
    actors.utc = actorFor(utc);
    actors.almaty = actorFor(almaty);
    owner = utc.id;
    const old = new Date(Date.now() - 400 * DAY);
    await insert(owner, [
      { name: "op-a", rating: "A", at: old, custom: { score: 10 } },
      { name: "op-b", rating: "B", at: old, custom: { score: 10.01 } },
      { name: "op-c", rating: "C", at: old, custom: { score: 9.99 } },
      { name: "op-null", at: old, custom: {} },
    ]);
  });

  it("ne keeps empty values, lte includes the bound, in takes a single value", async () => {
    expect(await names(within("op-", { field: "rating", op: "ne", value: "A" }))).toEqual([
      "op-b",
      "op-c",
      "op-null",
    ]);
    expect(await names(within("op-", { field: "custom.score", op: "lte", value: 10 }))).toEqual([
      "op-a",
      "op-c",
    ]);
    expect(await names(within("op-", { field: "custom.score", op: "lt", value: 10 }))).toEqual(["op-c"]);
    expect(await names(within("op-", { field: "rating", op: "in", value: ["B"] }))).toEqual(["op-b"]);
    expect(await names(within("op-", { field: "rating", op: "notIn", value: ["B"] }))).toEqual([
      "op-a",
      "op-c",
      "op-null",
    ]);
  });

  it("thisWeek runs from Monday 00:00 (inclusive) to the next Monday (exclusive)", async () => {
    const now = new Date();
    const monday = Date.UTC(
      now.getUTCFullYear(),
      now.getUTCMonth(),
      now.getUTCDate() - ((now.getUTCDay() + 6) % 7),
    );
    await insert(owner, [
      { name: "wk-before", at: new Date(monday - SECOND) },
      { name: "wk-start", at: new Date(monday) },
      { name: "wk-end", at: new Date(monday + 7 * DAY - SECOND) },
      { name: "wk-next", at: new Date(monday + 7 * DAY) },
    ]);
    expect(await names(within("wk-", { field: "createdAt", op: "relative", value: "thisWeek" }))).toEqual([
      "wk-end",
      "wk-start",
    ]);
    expect(await names(within("wk-", { field: "createdAt", op: "relative", value: "lastWeek" }))).toEqual([
      "wk-before",
    ]);
  });

  it("overdue: dates before the user's today, date-times before now", async () => {
    const local = await sql<{
      d: string;
    }>`select to_char((now() at time zone 'Asia/Almaty')::date, 'YYYY-MM-DD') as d`.execute(t.db);
    const today = local.rows[0]!.d;
    const shift = (n: number) =>
      new Date(Date.parse(`${today}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
    await insert(owner, [
      { name: "due-yesterday", custom: { since: shift(-1) } },
      { name: "due-today", custom: { since: today } },
      { name: "due-tomorrow", custom: { since: shift(1) } },
      { name: "due-minute-ago", at: new Date(Date.now() - 60 * SECOND) },
      { name: "due-in-an-hour", at: new Date(Date.now() + 3600 * SECOND) },
    ]);
    expect(
      await names(within("due-", { field: "custom.since", op: "relative", value: "overdue" }), "almaty"),
    ).toEqual(["due-yesterday"]);
    expect(
      await names(within("due-", { field: "createdAt", op: "relative", value: "overdue" })),
    ).not.toContain("due-in-an-hour");
    expect(
      await names(within("due-minute", { field: "createdAt", op: "relative", value: "overdue" })),
    ).toEqual(["due-minute-ago"]);
  });

  it("takes the user's date, not UTC's, when they differ (a zone that is already or still on another day)", async () => {
    // At any moment one of these two zones has a different calendar date from UTC.
    const zone = new Date().getUTCHours() >= 10 ? "Pacific/Kiritimati" : "Etc/GMT+12";
    const far = await createUser(t.db, { roleKey: "admin" });
    await t.db.updateTable("users").set({ time_zone: zone }).where("id", "=", far.id).execute();
    actors.far = actorFor(far);
    const r = await sql<{ start: Date; differs: boolean }>`
      select (date_trunc('day', now() at time zone ${zone}) at time zone ${zone}) as start,
        (now() at time zone ${zone})::date <> (now() at time zone 'UTC')::date as differs`.execute(t.db);
    expect(r.rows[0]!.differs).toBe(true);
    const midnight = r.rows[0]!.start.getTime();
    await insert(owner, [
      { name: "far-before", at: new Date(midnight - SECOND) },
      { name: "far-after", at: new Date(midnight + SECOND) },
    ]);
    expect(
      await names(within("far-", { field: "createdAt", op: "relative", value: "today" }), "far"),
    ).toEqual(["far-after"]);
    expect(
      await names(within("far-", { field: "createdAt", op: "relative", value: "yesterday" }), "far"),
    ).toEqual(["far-before"]);
  });

  it("evaluates 'today' in the user's time zone: Asia/Almaty and UTC disagree around midnight", async () => {
    const r = await sql<{ start: Date }>`
      select (date_trunc('day', now() at time zone 'Asia/Almaty') at time zone 'Asia/Almaty') as start`.execute(
      t.db,
    );
    const almatyMidnight = r.rows[0]!.start.getTime();
    const now = new Date();
    const utcMidnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    expect(almatyMidnight).not.toBe(utcMidnight);
    await insert(owner, [
      { name: "tz-almaty-before", at: new Date(almatyMidnight - SECOND) },
      { name: "tz-almaty-after", at: new Date(almatyMidnight + SECOND) },
      { name: "tz-utc-before", at: new Date(utcMidnight - SECOND) },
      { name: "tz-utc-after", at: new Date(utcMidnight + SECOND) },
    ]);
    const today = (who: "utc" | "almaty") =>
      names(within("tz-", { field: "createdAt", op: "relative", value: "today" }), who);
    const almaty = await today("almaty");
    expect(almaty).toContain("tz-almaty-after");
    expect(almaty).not.toContain("tz-almaty-before");
    const utc = await today("utc");
    expect(utc).toContain("tz-utc-after");
    expect(utc).not.toContain("tz-utc-before");
    // Almaty's midnight is 19:00 UTC: both rows around it fall on one UTC day, so UTC sees them together.
    expect(utc.includes("tz-almaty-before")).toBe(utc.includes("tz-almaty-after"));
    expect(almaty).not.toEqual(utc);
    // And yesterday is the complement around the same edge.
    const yesterday = await names(
      within("tz-almaty", { field: "createdAt", op: "relative", value: "yesterday" }),
      "almaty",
    );
    expect(yesterday).toEqual(["tz-almaty-before"]);
  });
});

import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import type { Actor } from "../access/actor.js";
import type { FieldMeta } from "../access/fields.js";
import { type AppError, ValidationError } from "../errors.js";
import { countCapped, type ListParams, planList } from "./list.js";

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
  { key: "industry", column: "industry", type: "text", filterable: true, sortable: true },
  { key: "ownerId", column: "owner_id", type: "user", filterable: true, sortable: false },
  { key: "tags", column: "tags", type: "tags", filterable: true, sortable: false },
  {
    key: "createdAt",
    column: "created_at",
    type: "dateTime",
    filterable: true,
    sortable: true,
    nullable: false,
  },
  { key: "secret", column: "legal_name", type: "text", filterable: true, sortable: true },
  { key: "custom.score", column: "score", type: "number", filterable: true, sortable: true, custom: true },
  { key: "custom.since", column: "since", type: "date", filterable: true, sortable: true, custom: true },
  {
    key: "custom.colors",
    column: "colors",
    type: "multiSelect",
    filterable: true,
    sortable: false,
    custom: true,
  },
];

describe("list engine", () => {
  const t = useTestContext({ modules: [] });
  let actor: Actor;

  const list = async (params: Partial<ListParams>, a: Actor = actor) => {
    const plan = planList({
      actor: a,
      entity: "companies",
      alias: "c",
      fields,
      defaultSort: "name",
      params: { limit: 50, ...params },
    });
    const base = t.db.selectFrom("companies as c").where(plan.where);
    const rows = await base
      .select(["c.id", "c.name", "c.rating", "c.custom"])
      .select(plan.cursorColumn)
      .where(plan.after)
      .orderBy(plan.orderBy)
      .limit(plan.fetch)
      .execute();
    return { ...plan.page(rows), total: await countCapped(t.db, base, plan.countCap) };
  };

  const names = (r: { items: { name: string }[] }) => r.items.map((i) => i.name);

  const insert = async (ownerId: string, rows: Array<Record<string, unknown>>) => {
    for (const r of rows) {
      await t.db
        .insertInto("companies")
        .values({
          name: String(r.name),
          rating: (r.rating as string | undefined) ?? null,
          industry: (r.industry as string | undefined) ?? null,
          tags: (r.tags as string[] | undefined) ?? [],
          custom: JSON.stringify(r.custom ?? {}),
          owner_id: ownerId,
          types: [],
          tax_ids: "[]",
          tax_id_values: [],
          addresses: "[]",
          phones: "[]",
          phone_e164: [],
          emails: "[]",
          email_values: [],
          ...(r.createdAt ? { created_at: r.createdAt as Date } : {}),
        } as never)
        .execute();
    }
  };

  it("sets up", async () => {
    const u = await createUser(t.db, { roleKey: "admin" });
    actor = {
      userId: u.id,
      teamId: null,
      roleId: u.role_id,
      permissions: { "*": { "*": "all" } },
      fieldRules: { companies: { secret: "hidden" } },
      adminPermissions: new Set(),
      readOnly: false,
      sessionId: null,
      apiTokenId: null,
    };
    await insert(u.id, [
      {
        name: "Alpha",
        rating: "A",
        industry: "IT",
        tags: ["vip", "b2b"],
        custom: { score: 10, since: "2020-01-05", colors: ["red"] },
      },
      { name: "Beta", rating: null, industry: null, tags: ["b2b"], custom: { score: 2.5 } },
      { name: "Gamma", rating: "B", industry: "Retail", custom: { score: 100, colors: ["red", "blue"] } },
      { name: "Delta", rating: null, industry: "it services", custom: {} },
      { name: "Epsilon", rating: "A", industry: "IT", tags: ["vip"], custom: { since: "2024-06-01" } },
      { name: "'; drop table companies; --", rating: "C", createdAt: new Date(Date.now() - 40 * 86400_000) },
    ]);
  });

  it("filters by typed operators on standard and custom fields", async () => {
    expect(names(await list({ filter: JSON.stringify({ field: "rating", op: "eq", value: "A" }) }))).toEqual([
      "Alpha",
      "Epsilon",
    ]);
    expect(
      names(await list({ filter: JSON.stringify({ field: "custom.score", op: "gt", value: 5 }) })),
    ).toEqual(["Alpha", "Gamma"]);
    expect(
      names(
        await list({ filter: JSON.stringify({ field: "custom.score", op: "between", value: ["2", 10] }) }),
      ),
    ).toEqual(["Alpha", "Beta"]);
    expect(
      names(await list({ filter: JSON.stringify({ field: "industry", op: "contains", value: "it" }) })),
    ).toEqual(["Alpha", "Delta", "Epsilon"]);
    expect(names(await list({ filter: JSON.stringify({ field: "industry", op: "isEmpty" }) }))).toEqual([
      "'; drop table companies; --",
      "Beta",
    ]);
    expect(
      names(await list({ filter: JSON.stringify({ field: "tags", op: "contains", value: ["vip", "b2b"] }) })),
    ).toEqual(["Alpha"]);
    expect(
      names(await list({ filter: JSON.stringify({ field: "tags", op: "in", value: ["b2b", "x"] }) })),
    ).toEqual(["Alpha", "Beta"]);
    expect(
      names(
        await list({ filter: JSON.stringify({ field: "custom.colors", op: "contains", value: "blue" }) }),
      ),
    ).toEqual(["Gamma"]);
    expect(
      names(await list({ filter: JSON.stringify({ field: "custom.since", op: "lt", value: "2021-01-01" }) })),
    ).toEqual(["Alpha"]);
    expect(
      names(await list({ filter: JSON.stringify({ field: "rating", op: "notIn", value: ["A"] }) })),
    ).toEqual(["'; drop table companies; --", "Beta", "Delta", "Gamma"]);
    expect(
      names(await list({ filter: JSON.stringify({ field: "ownerId", op: "eq", value: "me" }) })),
    ).toHaveLength(6);
  });

  it("combines and/or groups and treats LIKE wildcards and SQL-looking strings as data", async () => {
    const f = {
      or: [
        { field: "rating", op: "eq", value: "B" },
        {
          and: [
            { field: "rating", op: "eq", value: "A" },
            { field: "tags", op: "contains", value: "b2b" },
          ],
        },
      ],
    };
    expect(names(await list({ filter: JSON.stringify(f) }))).toEqual(["Alpha", "Gamma"]);
    expect(
      names(await list({ filter: JSON.stringify({ field: "name", op: "contains", value: "%" }) })),
    ).toEqual([]);
    expect(
      names(await list({ filter: JSON.stringify({ field: "name", op: "startsWith", value: "'; drop" }) })),
    ).toHaveLength(1);
    expect(await t.db.selectFrom("companies").select("id").execute()).toHaveLength(6);
  });

  // Relative dates and operator boundaries (rows on both sides of each edge, user time zones): operators.test.ts.

  it("reports every invalid condition per field", async () => {
    const bad = {
      and: [
        { field: "nope", op: "eq", value: 1 },
        { field: "custom.score", op: "eq", value: "ten" },
        { field: "rating", op: "eq", value: "Z" },
        { field: "createdAt", op: "relative", value: "someday" },
        { field: "tags", op: "lt", value: "x" },
        { field: "secret", op: "eq", value: "x" },
      ],
    };
    const err = await list({ filter: JSON.stringify(bad) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const byField = Object.fromEntries((err as ValidationError).errors!.map((e) => [e.field, e.code]));
    expect(byField).toEqual({
      "filter.nope": "unknown_field",
      "filter.custom.score": "invalid_filter_value",
      "filter.rating": "invalid_filter_value",
      "filter.createdAt": "invalid_filter_value",
      "filter.tags": "invalid_operator",
      "filter.secret": "field_not_allowed",
    });
  });

  it("limits nesting depth and condition count and rejects malformed JSON", async () => {
    let deep: object = { field: "name", op: "eq", value: "x" };
    for (let i = 0; i < 6; i++) deep = { and: [deep] };
    const e1 = await list({ filter: JSON.stringify(deep) }).catch((e: unknown) => e);
    expect((e1 as ValidationError).errors?.[0]?.code).toBe("filter_too_deep");
    const many = { or: Array.from({ length: 51 }, () => ({ field: "name", op: "eq", value: "x" })) };
    const e2 = await list({ filter: JSON.stringify(many) }).catch((e: unknown) => e);
    expect((e2 as ValidationError).errors?.[0]?.code).toBe("filter_too_large");
    const e3 = await list({ filter: "{not json" }).catch((e: unknown) => e);
    expect((e3 as ValidationError).errors?.[0]?.code).toBe("invalid_filter");
    const e4 = await list({ filter: JSON.stringify([1, 2]) }).catch((e: unknown) => e);
    expect((e4 as ValidationError).errors?.[0]?.code).toBe("invalid_filter");
  });

  it("sorts, pages with keyset cursors through NULLs, and counts", async () => {
    for (const sort of [
      "rating,name",
      "-rating,name",
      "-custom.score",
      "custom.score,-name",
      "-name",
      "industry",
      "-industry",
      "-custom.since",
      "custom.since,-rating",
    ]) {
      const all = names(await list({ sort, limit: 50 }));
      const paged: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 10; i++) {
        const page = await list({ sort, limit: 2, ...(cursor ? { cursor } : {}) });
        paged.push(...names(page));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(paged, sort).toEqual(all);
      expect(new Set(paged).size).toBe(6);
    }
    const r = await list({ sort: "rating,name" });
    expect(names(r)).toEqual(["Alpha", "Epsilon", "Gamma", "'; drop table companies; --", "Beta", "Delta"]);
    expect(r.total).toEqual({ count: 6, capped: false });
    // Empty values come last in both directions.
    expect(names(await list({ sort: "-rating,name" }))).toEqual([
      "'; drop table companies; --",
      "Gamma",
      "Alpha",
      "Epsilon",
      "Beta",
      "Delta",
    ]);
    expect(names(await list({ sort: "-custom.since" })).slice(0, 2)).toEqual(["Epsilon", "Alpha"]);
    expect(names(await list({ sort: "-industry,name" })).slice(-2)).toEqual([
      "'; drop table companies; --",
      "Beta",
    ]);
  });

  it("refuses unknown or hidden sort fields and foreign cursors", async () => {
    const e1 = await list({ sort: "secret" }).catch((e: unknown) => e);
    expect((e1 as ValidationError).errors?.[0]).toMatchObject({
      field: "sort.secret",
      code: "field_not_allowed",
    });
    const e2 = await list({ sort: "tags" }).catch((e: unknown) => e);
    expect((e2 as ValidationError).errors?.[0]?.code).toBe("field_not_sortable");
    const page = await list({ sort: "name", limit: 1 });
    const e3 = await list({ sort: "-name", cursor: page.nextCursor! }).catch((e: unknown) => e);
    expect((e3 as AppError).code).toBe("invalid_cursor");
    const e4 = await list({ cursor: "garbage" }).catch((e: unknown) => e);
    expect((e4 as AppError).code).toBe("invalid_cursor");
  });

  it("caps the total", async () => {
    await sql`insert into companies (name, owner_id) select 'bulk ' || g, ${actor.userId}::uuid from generate_series(1, 10050) g`.execute(
      t.db,
    );
    const r = await list({ limit: 1 });
    expect(r.total).toEqual({ count: 10_000, capped: true });
    // A role that reads only its own or its team's records counts to 1,000 (issue 10 item 20).
    for (const scope of ["own", "team"] as const) {
      const scoped = { ...actor, permissions: { companies: { read: scope } } };
      expect((await list({ limit: 1 }, scoped)).total, scope).toEqual({ count: 1000, capped: true });
    }
    const few = { ...actor, permissions: { companies: { read: "own" as const } } };
    expect(
      (await list({ limit: 1, filter: JSON.stringify({ field: "name", op: "eq", value: "bulk 7" }) }, few))
        .total,
    ).toEqual({
      count: 1,
      capped: false,
    });
  });
});

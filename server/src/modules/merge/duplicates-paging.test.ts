import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { SCAN_BUDGET } from "./duplicates.js";

interface Group {
  reason: string;
  value: string;
  ids: string[];
}

/** A uuid whose order among the others is `n` (the walk goes by id). */
const uid = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, "0")}`;

/**
 * `GET /duplicates` pages through the records in id order with bounded work per request; every walk, whatever the
 * page size, must answer exactly the groups the whole-table comparison finds, within the caller's read scope.
 */
describe("duplicates paging", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let ownOnly: Record<string, string>;
  let adminId: string;
  let repId: string;

  const get = (query: string, headers = admin) =>
    t.app.inject({ method: "GET", url: `/api/v1/duplicates?${query}`, headers });
  const page = async (query: string, headers = admin) => {
    const res = await get(query, headers);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Group[]; nextCursor: string | null };
  };
  const walk = async (entity: string, limit: number, headers = admin) => {
    const all: Group[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p = await page(
        `entity=${entity}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        headers,
      );
      all.push(...p.items);
      cursor = p.nextCursor;
      pages++;
      expect(pages).toBeLessThan(200);
    } while (cursor);
    return { all, pages };
  };
  const key = (g: Group) => `${g.reason}|${g.value}|${g.ids.join(",")}`;

  /** The whole-table comparison (the former implementation), for the admin. */
  const wholeTable = async (entity: "contacts" | "companies") => {
    const table = sql.table(entity);
    const byKey = (column: string, reason: string) => sql<Group>`
      select ${reason}::text as reason, k.key as value, array_agg(r.id order by r.created_at, r.id) as ids
      from ${table} r cross join lateral unnest(${sql.ref(`r.${column}`)}) as k(key)
      where r.deleted_at is null group by k.key having count(*) > 1`;
    const res = await sql<Group>`
      ${byKey("email_values", "email")} union all ${byKey("phone_e164", "phone")}
      ${entity === "companies" ? sql`union all ${byKey("tax_id_values", "taxId")}` : sql``}
      union all
      select 'name', min(a.name), array[a.id] || array_agg(b.id order by b.created_at, b.id)
      from ${table} a join ${table} b
        on b.id > a.id and similarity(tandem_search_norm(a.name), tandem_search_norm(b.name)) > 0.6
          and coalesce(a.city, '') = coalesce(b.city, '')
      where a.deleted_at is null and b.deleted_at is null
      group by a.id`.execute(t.db);
    return res.rows.map(key).sort();
  };

  const contact = (
    n: number,
    owner: string,
    v: { name: string; city?: string; email?: string; phone?: string },
  ) =>
    t.db
      .insertInto("contacts")
      .values({
        id: uid(n),
        name: v.name,
        city: v.city ?? null,
        email_values: v.email ? [v.email] : [],
        phone_e164: v.phone ? [v.phone] : [],
        owner_id: owner,
        created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, 100 - n)),
      } as never)
      .execute();

  beforeAll(async () => {
    adminId = (await createUser(t.db, { roleKey: "admin" })).id;
    admin = await tokenHeaders(t.db, adminId);
    const role = await t.app.inject({
      method: "POST",
      url: "/api/v1/roles",
      headers: admin,
      payload: { name: "Own contacts", permissions: { contacts: { read: "own" } } },
    });
    expect(role.statusCode, role.body).toBe(201);
    repId = (await createUser(t.db, { roleKey: "read_only" })).id;
    await t.db.updateTable("users").set({ role_id: role.json().id }).where("id", "=", repId).execute();
    ownOnly = await tokenHeaders(t.db, repId);

    // Groups anchored at different records, several per record, one spanning the owners, one deleted member.
    await contact(1, adminId, { name: "Marta Kowalska", city: "Gdansk", email: "marta@dup.example" });
    await contact(2, repId, { name: "Ivo Andric", email: "ivo@dup.example", phone: "+381111111111" });
    await contact(3, adminId, { name: "Marta Kowalska", city: "Gdansk", phone: "+381222222222" });
    await contact(4, repId, { name: "Ivo Andric", phone: "+381111111111" });
    await contact(5, adminId, { name: "Unrelated Person", email: "marta@dup.example" });
    await contact(6, repId, { name: "Ivo Andrić", email: "ivo@dup.example", phone: "+381222222222" });
    await contact(7, adminId, { name: "Zofia Nowak", city: "Krakow" });
    await contact(8, adminId, { name: "Zofia Nowak", city: "Warsaw" });
    await contact(9, repId, { name: "Ivo Andric", email: "shared@dup.example" });
    await contact(10, adminId, { name: "Somebody Else", email: "shared@dup.example" });
    await contact(11, adminId, { name: "Marta Kowalska", city: "Gdansk", email: "gone@dup.example" });
    await contact(12, adminId, { name: "Deleted Twin", email: "gone@dup.example" });
    await t.db.updateTable("contacts").set({ deleted_at: new Date() }).where("id", "=", uid(12)).execute();
  });

  it("every page size walks to exactly the whole-table groups, each group once, in record order", async () => {
    const expected = await wholeTable("contacts");
    expect(expected.length).toBeGreaterThan(8);
    const one = (await walk("contacts", 200)).all;
    expect(one.map(key).sort()).toEqual(expected);
    // The first record's groups come first: its email and its similar names.
    expect(one.slice(0, 2)).toEqual([
      { reason: "email", value: "marta@dup.example", ids: [uid(5), uid(1)] },
      { reason: "name", value: "Marta Kowalska", ids: [uid(1), uid(11), uid(3)] },
    ]);
    for (const limit of [1, 2, 3]) {
      const { all, pages } = await walk("contacts", limit);
      expect(all.map(key).sort(), `limit ${limit}`).toEqual(expected);
      expect(pages).toBeGreaterThan(expected.length / (limit + 3));
    }
    // A page ends after whole records: the first record's two groups are never split, even with limit=1.
    const first = await page("entity=contacts&limit=1");
    expect(first.items).toHaveLength(2);
    const second = await page(`entity=contacts&limit=1&cursor=${first.nextCursor}`);
    expect(second.items.map((g) => g.reason)).toEqual(["email", "phone", "name"]);
    expect(second.items.every((g) => g.ids.includes(uid(2)))).toBe(true);
  });

  it("an own-scope role groups only its own records and never learns of the others", async () => {
    const { all } = await walk("contacts", 2, ownOnly);
    const mine = new Set([uid(2), uid(4), uid(6), uid(9)]);
    for (const g of all) for (const id of g.ids) expect(mine.has(id), id).toBe(true);
    expect(all.map(key).sort()).toEqual(
      [
        `email|ivo@dup.example|${uid(6)},${uid(2)}`,
        `phone|+381111111111|${uid(4)},${uid(2)}`,
        `name|Ivo Andric|${uid(2)},${uid(9)},${uid(6)},${uid(4)}`,
        `name|Ivo Andric|${uid(4)},${uid(9)},${uid(6)}`,
        `name|Ivo Andrić|${uid(6)},${uid(9)}`,
      ].sort(),
    );
    // The phone shared with an admin record, and the email shared with one, are not groups for this role.
    const body = JSON.stringify(all);
    expect(body).not.toContain("+381222222222");
    expect(body).not.toContain("shared@dup.example");
  });

  it("a page with no duplicates among its share of records hands back a cursor to go on from", async () => {
    const owner = (await createUser(t.db, { roleKey: "admin" })).id;
    const headers = await tokenHeaders(t.db, owner);
    await sql`
      insert into companies (id, name, owner_id)
      select ('10000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, substr(md5(g::text), 1, 8), ${owner}
      from generate_series(1, ${SCAN_BUDGET + 10}) g`.execute(t.db);
    await sql`
      insert into companies (id, name, owner_id, tax_id_values) values
        ('20000000-0000-4000-8000-000000000001', 'Alpha Late', ${owner}, '{INN:7707083893}'),
        ('20000000-0000-4000-8000-000000000002', 'Omega Late', ${owner}, '{INN:7707083893}')`.execute(t.db);
    await sql`analyze companies`.execute(t.db);
    const first = await page("entity=companies&limit=5", headers);
    expect(first.items).toEqual([]);
    expect(first.nextCursor).not.toBeNull();
    // The rest of the walk (a slow machine may need more than one more page) finds the late pair.
    const rest: Group[] = [];
    let cursor = first.nextCursor;
    while (cursor) {
      const next = await page(`entity=companies&limit=5&cursor=${cursor}`, headers);
      rest.push(...next.items);
      cursor = next.nextCursor;
    }
    expect(rest).toEqual([
      {
        reason: "taxId",
        value: "INN:7707083893",
        ids: ["20000000-0000-4000-8000-000000000001", "20000000-0000-4000-8000-000000000002"],
      },
    ]);
  });

  it("refuses bad paging input", async () => {
    for (const q of ["entity=contacts&limit=0", "entity=contacts&limit=201", "entity=contacts&limit=x"]) {
      const res = await get(q);
      expect(res.statusCode, q).toBe(422);
      expect(res.json().errors[0].field, q).toBe("querystring.limit");
    }
    for (const cursor of ["nope", Buffer.from('["not-a-uuid"]').toString("base64url")]) {
      const res = await get(`entity=contacts&cursor=${cursor}`);
      expect(res.statusCode, cursor).toBe(400);
      expect(res.json().code).toBe("invalid_cursor");
    }
    expect((await get("entity=leads")).statusCode).toBe(422);
    const deals = await page("entity=deals");
    expect(deals).toEqual({ items: [], nextCursor: null });
  });
});

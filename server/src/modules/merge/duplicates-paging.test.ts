import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { MAX_IDS } from "./duplicates.js";

interface Group {
  reason: string;
  value: string;
  ids: string[];
  size: number;
}
interface Page {
  items: Group[];
  nextCursor: string | null;
}

/** A uuid whose order among the others is `n`. */
const uid = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, "0")}`;

/**
 * `GET /duplicates` answers the groups of shared keys page by page: a page with a cursor is full, the last
 * page has no cursor (and "nothing found" is an empty page without one), and walking with any page size gives
 * exactly the groups computed from the tables, within the caller's read scope.
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
    return res.json() as Page;
  };
  const walk = async (entity: string, limit: number, headers = admin) => {
    const all: Group[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p: Page = await page(
        `entity=${entity}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        headers,
      );
      // Never an empty (or partial) page with a cursor.
      if (p.nextCursor) expect(p.items).toHaveLength(limit);
      all.push(...p.items);
      cursor = p.nextCursor;
      pages++;
      expect(pages).toBeLessThan(200);
    } while (cursor);
    return { all, pages };
  };
  const key = (g: Group) => `${g.reason}|${[...g.ids].sort().join(",")}`;

  /** The groups computed from the contacts table itself (all live records). */
  const fromTable = async () => {
    const res = await sql<{ reason: string; ids: string[] }>`
      select 'email' as reason, array_agg(r.id) as ids
        from contacts r cross join lateral unnest(r.email_values) k(key)
        where r.deleted_at is null group by k.key having count(*) > 1
      union all
      select 'phone', array_agg(r.id) from contacts r cross join lateral unnest(r.phone_e164) k(key)
        where r.deleted_at is null group by k.key having count(*) > 1
      union all
      select 'name', array_agg(r.id) from contacts r where r.deleted_at is null
        group by tandem_duplicate_text_key(r.name), coalesce(tandem_duplicate_text_key(r.city), '')
        having count(*) > 1`.execute(t.db);
    return res.rows.map((g) => key({ ...g, value: "", size: 0 })).sort();
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

    // Groups of every reason, spanning the owners, with a deleted member.
    await contact(1, adminId, { name: "Marta Kowalska", city: "Gdansk", email: "marta@dup.example" });
    await contact(2, repId, { name: "Ivo Andric", email: "ivo@dup.example", phone: "+381111111111" });
    await contact(3, adminId, { name: "Kowalska Marta", city: "gdansk", phone: "+381222222222" });
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

  it("every page size walks to exactly the groups of the table, each once, strong reasons first", async () => {
    const expected = await fromTable();
    expect(expected.length).toBe(7);
    const { all: one, pages } = await walk("contacts", 200);
    expect(pages).toBe(1);
    expect(one.map(key).sort()).toEqual(expected);
    expect(one.map((g) => g.reason)).toEqual(["email", "email", "email", "phone", "phone", "name", "name"]);
    expect(one[0]).toEqual({ reason: "email", value: "ivo@dup.example", ids: [uid(6), uid(2)], size: 2 });
    // A name group: the oldest record's name as its value, records oldest first, the deleted one left out.
    expect(one.find((g) => g.ids.includes(uid(1)) && g.reason === "name")).toEqual({
      reason: "name",
      value: "Marta Kowalska",
      ids: [uid(11), uid(3), uid(1)],
      size: 3,
    });
    for (const limit of [1, 2, 3]) {
      const walked = await walk("contacts", limit);
      expect(walked.all.map(key).sort(), `limit ${limit}`).toEqual(expected);
      expect(walked.pages, `limit ${limit}`).toBe(Math.ceil(expected.length / limit));
    }
  });

  it("an own-scope role groups only its own records and never learns of the others", async () => {
    const { all } = await walk("contacts", 2, ownOnly);
    const mine = new Set([uid(2), uid(4), uid(6), uid(9)]);
    for (const g of all) for (const id of g.ids) expect(mine.has(id), id).toBe(true);
    expect(all.map(key).sort()).toEqual(
      [
        `email|${[uid(2), uid(6)].sort().join(",")}`,
        `phone|${[uid(2), uid(4)].sort().join(",")}`,
        `name|${[uid(2), uid(4), uid(6), uid(9)].sort().join(",")}`,
      ].sort(),
    );
    // The phone and the email shared with an admin's record are not groups for this role.
    const body = JSON.stringify(all);
    expect(body).not.toContain("+381222222222");
    expect(body).not.toContain("shared@dup.example");
  });

  it("nothing found is an empty page without a cursor, at once; a cursor past the end likewise", async () => {
    const owner = (await createUser(t.db, { roleKey: "admin" })).id;
    const headers = await tokenHeaders(t.db, owner);
    await sql`
      insert into companies (name, owner_id, email_values)
      select 'Company ' || g, ${owner}, array['c' || g || '@nodup.example']
      from generate_series(1, 3000) g`.execute(t.db);
    expect(await page("entity=companies&limit=5", headers)).toEqual({ items: [], nextCursor: null });

    await sql`
      insert into companies (id, name, owner_id, tax_id_values) values
        ('20000000-0000-4000-8000-000000000001', 'Alpha Late', ${owner}, '{INN:7707083893}'),
        ('20000000-0000-4000-8000-000000000002', 'Omega Late', ${owner}, '{INN:7707083893}')`.execute(t.db);
    expect(await page("entity=companies&limit=5", headers)).toEqual({
      items: [
        {
          reason: "taxId",
          value: "INN:7707083893",
          ids: ["20000000-0000-4000-8000-000000000001", "20000000-0000-4000-8000-000000000002"],
          size: 2,
        },
      ],
      nextCursor: null,
    });
    const first = await page("entity=contacts&limit=6");
    expect(first.nextCursor).not.toBeNull();
    const second = await page(`entity=contacts&limit=6&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    // After the last group ("kowalska marta" in "gdansk"; "andric ivo" sorts first).
    const end = Buffer.from(JSON.stringify(["name", "kowalska marta", "gdansk"])).toString("base64url");
    expect(await page(`entity=contacts&cursor=${end}`)).toEqual({ items: [], nextCursor: null });
  });

  it(`a big group lists its first ${MAX_IDS} records and says how many it has`, async () => {
    await sql`
      insert into contacts (name, owner_id, phone_e164, created_at)
      select 'Hotline ' || g, ${adminId}, '{+74950001122}', now() - g * interval '1 minute'
      from generate_series(1, ${MAX_IDS + 5}) g`.execute(t.db);
    const big = (await walk("contacts", 50)).all.find((g) => g.value === "+74950001122");
    expect(big?.size).toBe(MAX_IDS + 5);
    expect(big?.ids).toHaveLength(MAX_IDS);
  });

  it("refuses bad paging input", async () => {
    for (const q of ["entity=contacts&limit=0", "entity=contacts&limit=201", "entity=contacts&limit=x"]) {
      const res = await get(q);
      expect(res.statusCode, q).toBe(422);
      expect(res.json().errors[0].field, q).toBe("querystring.limit");
    }
    const bad = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    for (const cursor of ["nope", bad(["not-a-reason", "x", ""]), bad(["email", 1, ""]), bad(["email"])]) {
      const res = await get(`entity=contacts&cursor=${cursor}`);
      expect(res.statusCode, cursor).toBe(400);
      expect(res.json().code).toBe("invalid_cursor");
    }
    expect((await get("entity=leads")).statusCode).toBe(422);
    // Deals can be merged but declare no duplicate keys.
    expect(await page("entity=deals")).toEqual({ items: [], nextCursor: null });
  });
});

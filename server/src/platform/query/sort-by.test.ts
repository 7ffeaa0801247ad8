import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

/**
 * Fields that sort by another value than they filter on (`FieldMeta.sortBy`): `ownerId` by the owner's name on
 * companies, contacts, deals and tasks, `phone` by the first number on companies and contacts. Keyset pages of
 * two rows walk the same order as one page: ties broken by id, records without a phone last both ways.
 */

type Entity = "companies" | "contacts" | "deals" | "tasks";
const PRIMARY: Record<Entity, string> = {
  companies: "name",
  contacts: "lastName",
  deals: "title",
  tasks: "title",
};
const NAMED: Record<Entity, string> = { companies: "name", contacts: "name", deals: "title", tasks: "title" };

describe("sorting by the owner's name and the first phone", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  const owners: { id: string; name: string }[] = [];
  const created: Record<Entity, { id: string; owner: string; phone: string | null }[]> = {
    companies: [],
    contacts: [],
    deals: [],
    tasks: [],
  };

  const post = async (url: string, payload: object) => {
    const res = await t.app.inject({ method: "POST", url, headers: admin, payload });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(201);
    return res.json() as { id: string };
  };

  /** Every id of the probe records in the given sort, walked in pages of `limit`. */
  const walk = async (entity: Entity, sort: string, limit: number, headers = admin) => {
    const filter = encodeURIComponent(
      JSON.stringify({ field: NAMED[entity], op: "startsWith", value: "Sortprobe" }),
    );
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const after: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const res = await t.app.inject({
        method: "GET",
        url: `/api/v1/${entity}?filter=${filter}&sort=${sort}&limit=${limit}${after}`,
        headers,
      });
      expect(res.statusCode, `${entity} ${sort}: ${res.body}`).toBe(200);
      const body = res.json() as { items: { id: string }[]; nextCursor: string | null };
      ids.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
      if (!cursor) return ids;
    }
    throw new Error("too many pages");
  };

  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  beforeAll(async () => {
    const adminUser = await createUser(t.db, { roleKey: "admin", name: "Zed Admin" });
    admin = await tokenHeaders(t.db, adminUser.id);
    // Names sort opposite to the users' creation order (and so, most likely, to their ids).
    for (const name of ["Yvonne Sortowner", "Boris Sortowner", "Anna Sortowner"]) {
      const u = await createUser(t.db, { roleKey: "sales_manager", name });
      owners.push({ id: u.id, name });
    }
    const company = await post("/api/v1/companies", { name: "Anchor of the probe" });
    const phones = [
      "+7 916 000-00-00",
      null,
      "+381 11 123 4567",
      "+7 495 123-45-67",
      null,
      "+7 916 000-00-00",
    ];
    for (const [i, phone] of phones.entries()) {
      const owner = owners[i % owners.length] as { id: string };
      const phoneList = phone ? [{ raw: phone }, { raw: "+1 212 555 0100" }] : [];
      const bodies: Record<Entity, object> = {
        companies: { name: `Sortprobe ${i}`, phones: phoneList },
        contacts: { firstName: "Sortprobe", lastName: `P${i}`, phones: phoneList },
        deals: { title: `Sortprobe ${i}`, companyId: company.id },
        tasks: { title: `Sortprobe ${i}`, type: "call" },
      };
      for (const entity of Object.keys(bodies) as Entity[]) {
        const { id } = await post(`/api/v1/${entity}`, { ...bodies[entity], ownerId: owner.id });
        created[entity].push({ id, owner: owner.id, phone: phone?.replace(/\D/g, "") ?? null });
      }
    }
  });

  it("ownerId sorts by the owner's name both ways, ties by id, across keyset pages", async () => {
    const nameOf = (id: string) => owners.find((o) => o.id === id)?.name ?? "";
    for (const entity of Object.keys(created) as Entity[]) {
      const asc = [...created[entity]].sort(
        (a, b) => nameOf(a.owner).localeCompare(nameOf(b.owner)) || byId(a, b),
      );
      const desc = [...created[entity]].sort(
        (a, b) => nameOf(b.owner).localeCompare(nameOf(a.owner)) || byId(b, a),
      );
      expect(await walk(entity, "ownerId", 100), entity).toEqual(asc.map((r) => r.id));
      expect(await walk(entity, "ownerId", 2), entity).toEqual(asc.map((r) => r.id));
      expect(await walk(entity, "-ownerId", 2), entity).toEqual(desc.map((r) => r.id));
      expect(await walk(entity, `ownerId,-${PRIMARY[entity]}`, 1), entity).toHaveLength(6);
    }
  });

  it("phone sorts by the first number's digits, records without a phone last both ways, across pages", async () => {
    for (const entity of ["companies", "contacts"] as const) {
      const rows = created[entity];
      const withPhone = rows.filter((r) => r.phone !== null);
      const without = rows.filter((r) => r.phone === null);
      const cmp = (a: { phone: string | null }, b: { phone: string | null }) =>
        (a.phone as string) < (b.phone as string) ? -1 : (a.phone as string) > (b.phone as string) ? 1 : 0;
      const asc = [...[...withPhone].sort((a, b) => cmp(a, b) || byId(a, b)), ...[...without].sort(byId)];
      const desc = [
        ...[...withPhone].sort((a, b) => cmp(b, a) || byId(b, a)),
        ...[...without].sort((a, b) => byId(b, a)),
      ];
      expect(asc[0]?.phone, "the +381 number sorts first by its digits").toBe("381111234567");
      expect(await walk(entity, "phone", 100), entity).toEqual(asc.map((r) => r.id));
      expect(await walk(entity, "phone", 2), entity).toEqual(asc.map((r) => r.id));
      expect(await walk(entity, "-phone", 2), entity).toEqual(desc.map((r) => r.id));
      expect(await walk(entity, "-phone", 4), entity).toEqual(desc.map((r) => r.id));
    }
  });

  it("the field metadata offers both as sortable columns", async () => {
    for (const entity of ["companies", "contacts"] as const) {
      const res = await t.app.inject({
        method: "GET",
        url: `/api/v1/custom-fields/meta/${entity}`,
        headers: admin,
      });
      const items = res.json().items as { key: string; sortable: boolean }[];
      expect(items.find((f) => f.key === "phone")?.sortable, entity).toBe(true);
      expect(items.find((f) => f.key === "ownerId")?.sortable, entity).toBe(true);
    }
  });

  it("a role that hides phones or owners may not sort by them (422 field_not_allowed, nothing listed)", async () => {
    const role = await post("/api/v1/roles", {
      name: "Phone- and owner-blind",
      permissions: { "*": { read: "all" } },
      fieldRules: {
        contacts: { phones: "hidden" },
        companies: { phones: "hidden" },
        deals: { ownerId: "hidden" },
      },
    });
    const user = await createUser(t.db, { roleKey: "read_only" });
    await t.db.updateTable("users").set({ role_id: role.id }).where("id", "=", user.id).execute();
    const blind = await tokenHeaders(t.db, user.id);
    for (const [entity, key] of [
      ["contacts", "phone"],
      ["companies", "phone"],
      ["deals", "ownerId"],
    ] as const) {
      for (const sort of [key, `-${key}`, `${NAMED[entity]},${key}`]) {
        const res = await t.app.inject({
          method: "GET",
          url: `/api/v1/${entity}?sort=${sort}`,
          headers: blind,
        });
        expect(res.statusCode, `${entity} ${sort}`).toBe(422);
        expect(res.json().errors).toContainEqual(
          expect.objectContaining({ field: `sort.${key}`, code: "field_not_allowed" }),
        );
      }
    }
    // What the role may see still sorts.
    expect(await walk("contacts", "ownerId", 3, blind)).toHaveLength(6);
  });

  it("a cursor of the owner sort is refused for another sort (400 invalid_cursor)", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: "/api/v1/companies?sort=ownerId&limit=1",
      headers: admin,
    });
    const cursor = encodeURIComponent(res.json().nextCursor as string);
    const other = await t.app.inject({
      method: "GET",
      url: `/api/v1/companies?sort=phone&limit=1&cursor=${cursor}`,
      headers: admin,
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().code).toBe("invalid_cursor");
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

/**
 * Duplicate detection never compares (nor reports) a value the caller's role hides: the duplicate groups of
 * `GET /duplicates` and the create-time `possible_duplicate` hints.
 */
describe("duplicates and hidden fields", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let probe: Record<string, string>;

  const post = (url: string, payload: object, headers = admin) =>
    t.app.inject({ method: "POST", url, headers, payload });
  const created = async (url: string, payload: object, headers = admin) => {
    const res = await post(url, payload, headers);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; warnings: { matches: { id: string; reason: string }[] }[] };
  };
  const groups = async (entity: string, headers: Record<string, string>) => {
    const res = await t.app.inject({ method: "GET", url: `/api/v1/duplicates?entity=${entity}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return { body: res.body, items: res.json().items as { reason: string; value: string; ids: string[] }[] };
  };

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    const role = await post("/api/v1/roles", {
      name: "Duplicate prober",
      permissions: {
        contacts: { read: "all", create: "all" },
        companies: { read: "all", create: "all" },
      },
      fieldRules: {
        contacts: { emails: "hidden", phone: "hidden" },
        companies: { taxIds: "hidden", emails: "hidden", phones: "hidden", city: "hidden" },
      },
    });
    expect(role.statusCode, role.body).toBe(201);
    const user = await createUser(t.db, { roleKey: "read_only" });
    await t.db.updateTable("users").set({ role_id: role.json().id }).where("id", "=", user.id).execute();
    probe = await tokenHeaders(t.db, user.id);
  });

  it("GET /duplicates groups on hidden emails, phones and tax ids only for roles that see them", async () => {
    const email = "hidden-dup@secret.example";
    const phone = "+7 912 555-01-23";
    const c1 = await created("/api/v1/contacts", {
      firstName: "Aurelia",
      lastName: "Quist",
      emails: [{ value: email }],
      phones: [{ raw: phone }],
    });
    const c2 = await created("/api/v1/contacts", {
      firstName: "Bogdan",
      lastName: "Zhukov",
      emails: [{ value: email }],
      phones: [{ raw: phone }],
    });
    const taxId = { kind: "INN", value: "7707083893" };
    const co1 = await created("/api/v1/companies", { name: "Northwind Ltd", taxIds: [taxId] });
    const co2 = await created("/api/v1/companies", { name: "Zephyr Traders", taxIds: [taxId] });

    const asAdmin = await groups("contacts", admin);
    expect(asAdmin.items.find((g) => g.reason === "email")).toMatchObject({ value: email });
    expect(asAdmin.items.find((g) => g.reason === "phone")?.ids.sort()).toEqual([c1.id, c2.id].sort());
    const adminCompanies = await groups("companies", admin);
    expect(adminCompanies.items.find((g) => g.reason === "taxId")?.ids.sort()).toEqual(
      [co1.id, co2.id].sort(),
    );

    const contacts = await groups("contacts", probe);
    expect(contacts.items.filter((g) => g.reason === "email" || g.reason === "phone")).toEqual([]);
    for (const secret of [email, "79125550123"]) expect(contacts.body).not.toContain(secret);
    const companies = await groups("companies", probe);
    expect(companies.items.filter((g) => g.reason === "taxId")).toEqual([]);
    expect(companies.body).not.toContain("7707083893");
  });

  it("a hidden city is not compared: similar names group wherever the records are", async () => {
    const a = await created("/api/v1/companies", {
      name: "Quillfeather Consulting",
      addresses: [{ city: "Secretville" }],
    });
    const b = await created("/api/v1/companies", {
      name: "Quillfeather Consulting",
      addresses: [{ city: "Othertown" }],
    });
    const byName = (items: { reason: string; ids: string[] }[]) =>
      items.filter((g) => g.reason === "name" && g.ids.includes(a.id) && g.ids.includes(b.id));
    expect(byName((await groups("companies", admin)).items)).toEqual([]);
    const probeGroups = await groups("companies", probe);
    expect(byName(probeGroups.items)).toHaveLength(1);
    expect(probeGroups.body).not.toContain("Secretville");
  });

  it("create-time hints do not match on a hidden phone, and answer the same whatever the hidden city", async () => {
    const holder = await created("/api/v1/contacts", {
      firstName: "Secret",
      lastName: "Holder",
      phones: [{ raw: "+7 903 111-22-33" }],
    });
    // The role hides the contact phone (digits): its `phones` may be written, but no hint reveals a match.
    const mine = await created(
      "/api/v1/contacts",
      { firstName: "Completely", lastName: "Unrelated", phones: [{ raw: "+7 903 111-22-33" }] },
      probe,
    );
    expect(mine.warnings).toEqual([]);
    const asAdmin = await created("/api/v1/contacts", {
      firstName: "Another",
      lastName: "Person",
      phones: [{ raw: "+7 903 111-22-33" }],
    });
    expect(asAdmin.warnings[0]?.matches.map((m) => [m.id, m.reason])).toContainEqual([holder.id, "phone"]);

    await created("/api/v1/companies", { name: "Brightwater Mills", addresses: [{ city: "Hiddenburg" }] });
    for (const city of ["Hiddenburg", "Elsewhere"]) {
      const res = await post(
        "/api/v1/companies",
        { name: "Brightwater Mills", addresses: [{ city }] },
        probe,
      );
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().warnings[0]?.matches?.[0]?.reason, city).toBe("name");
    }
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import {
  ensureCrmEntities,
  insertCompany,
  insertContact,
  linkContactToCompany,
} from "../activities/test-records.js";

/**
 * The record GET's statement is compiled once per scope kind and re-bound per request (platform/db/compiled.ts,
 * issue 10 item 21). These pin what that must never change: each request gets its own record, its own actor's
 * scope (another team of the same kind, another kind of scope after any other read) and its own role's field
 * rules, and a role's change applies to the next request.
 */
describe("contact GET through the compiled statement", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let adminId: string;
  const users: Record<string, { id: string; headers: Record<string, string> }> = {};
  const contacts: Record<string, string> = {};
  let hiddenRoleId: string;

  const get = (id: string, headers: Record<string, string>) =>
    t.app.inject({ method: "GET", url: `/api/v1/contacts/${id}`, headers });

  beforeAll(async () => {
    ensureCrmEntities();
    const a = await createUser(t.db, { roleKey: "admin" });
    adminId = a.id;
    admin = await tokenHeaders(t.db, a.id);
    const teamA = await createTeam(t.db, "Compiled A");
    const teamB = await createTeam(t.db, "Compiled B");
    for (const [name, teamId] of [
      ["a1", teamA.id],
      ["a2", teamA.id],
      ["b1", teamB.id],
      ["alone", null],
    ] as const) {
      const u = await createUser(t.db, { roleKey: "sales_manager", teamId });
      users[name] = { id: u.id, headers: await tokenHeaders(t.db, u.id) };
    }
    const company = await insertCompany(t.db, adminId, { name: "Compiled Holdings" });
    for (const owner of ["a1", "a2", "b1", "alone"]) {
      contacts[owner] = await insertContact(t.db, users[owner]?.id as string, {
        name: `Compiled ${owner}`,
        notes: `notes of ${owner}`,
      });
    }
    await linkContactToCompany(t.db, contacts.a1 as string, company);
    const role = await t.app.inject({
      method: "POST",
      url: "/api/v1/roles",
      headers: admin,
      payload: {
        name: "Compiled notes-blind",
        permissions: { contacts: { read: "all" }, companies: { read: "all" } },
        fieldRules: { contacts: { notes: "hidden" } },
        adminPermissions: [],
      },
    });
    expect(role.statusCode, role.body).toBe(201);
    hiddenRoleId = role.json().id;
    const blind = await createUser(t.db, { roleKey: "read_only" });
    await t.db.updateTable("users").set({ role_id: hiddenRoleId }).where("id", "=", blind.id).execute();
    users.blind = { id: blind.id, headers: await tokenHeaders(t.db, blind.id) };
  });

  it("answers each request's own record, memberships and presented columns only", async () => {
    for (let round = 0; round < 2; round++) {
      for (const owner of ["a1", "a2", "b1", "alone"]) {
        const res = await get(contacts[owner] as string, admin);
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json();
        expect(body.id).toBe(contacts[owner]);
        expect(body.name).toBe(`Compiled ${owner}`);
        expect(body.notes).toBe(`notes of ${owner}`);
        expect(body.ownerId).toBe(users[owner]?.id);
        expect(body.companies.map((c: { name: string }) => c.name)).toEqual(
          owner === "a1" ? ["Compiled Holdings"] : [],
        );
        expect(body.permissions).toMatchObject({ update: true, delete: true });
        for (const searchOnly of [
          "emailValues",
          "phoneE164",
          "phoneDigits",
          "city",
          "mergedInto",
          "searchPending",
        ])
          expect(body).not.toHaveProperty(searchOnly);
      }
    }
  });

  it("binds each actor's own team (same scope kind, other owners) after any other actor's read", async () => {
    const expectations: Array<[string, string, number]> = [
      ["a1", "a2", 200],
      ["b1", "a2", 404],
      ["a1", "b1", 404],
      ["b1", "b1", 200],
      ["a2", "a1", 200],
      ["alone", "a1", 404],
      ["alone", "alone", 200],
      ["a1", "alone", 404],
      ["b1", "a1", 404],
    ];
    for (let round = 0; round < 2; round++) {
      for (const [reader, owner, status] of expectations) {
        // An all-scope read in between: a shape compiled or bound for it must not leak into the next.
        expect((await get(contacts[owner] as string, admin)).statusCode).toBe(200);
        const res = await get(contacts[owner] as string, users[reader]?.headers as Record<string, string>);
        expect(res.statusCode, `${reader} reads ${owner}'s contact`).toBe(status);
        if (status === 200) expect(res.json().id).toBe(contacts[owner]);
      }
    }
  });

  it("applies each role's field rules to the same statement's row, and a role's change to the next request", async () => {
    const blind = users.blind?.headers as Record<string, string>;
    const seen = await get(contacts.b1 as string, admin);
    expect(seen.json().notes).toBe("notes of b1");
    const hidden = await get(contacts.b1 as string, blind);
    expect(hidden.statusCode).toBe(200);
    expect(hidden.json()).not.toHaveProperty("notes");
    expect(hidden.json().name).toBe("Compiled b1");
    expect((await get(contacts.b1 as string, admin)).json().notes).toBe("notes of b1");

    const narrowed = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/roles/${hiddenRoleId}`,
      headers: admin,
      payload: { permissions: { contacts: { read: "own" }, companies: { read: "all" } } },
    });
    expect(narrowed.statusCode, narrowed.body).toBe(200);
    expect((await get(contacts.b1 as string, blind)).statusCode).toBe(404);
    expect((await get(contacts.b1 as string, admin)).statusCode).toBe(200);
  });
});

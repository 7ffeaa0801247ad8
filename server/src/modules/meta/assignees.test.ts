import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser, type RoleKey, tokenHeaders } from "../../test/auth.js";
import { type EntityFactory, entityFactory, loadEntityFactories } from "../../test/entity-factories.js";
import { useTestContext } from "../../test/harness.js";

// Whom a user may give records to comes from the server: the list the pickers offer is exactly what
// `POST /reassign` accepts, so the web never offers someone the server would refuse.
describe("GET /api/v1/meta/entities/{entity}/assignees", () => {
  const t = useTestContext();
  let me: Record<RoleKey, { id: string; headers: Record<string, string> }>;
  let teammate: string;
  let outsider: string;
  let inactive: string;

  beforeAll(async () => {
    await loadEntityFactories();
    const north = await createTeam(t.db, "Assignees North");
    const south = await createTeam(t.db, "Assignees South");
    teammate = (await createUser(t.db, { roleKey: "sales_manager", teamId: north.id, name: "Ольга Тимова" }))
      .id;
    outsider = (await createUser(t.db, { roleKey: "sales_manager", teamId: south.id })).id;
    inactive = (await createUser(t.db, { roleKey: "sales_manager", teamId: north.id })).id;
    await t.db.updateTable("users").set({ is_active: false }).where("id", "=", inactive).execute();
    const roles: RoleKey[] = ["admin", "head_of_sales", "sales_manager", "read_only"];
    me = {} as typeof me;
    for (const roleKey of roles) {
      const u = await createUser(t.db, { roleKey, teamId: north.id });
      me[roleKey] = { id: u.id, headers: await tokenHeaders(t.db, u.id) };
    }
  });

  const assignees = async (role: RoleKey, entity: string, query = "") => {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/v1/meta/entities/${entity}/assignees${query}`,
      headers: me[role].headers,
    });
    expect(res.statusCode).toBe(200);
    return (res.json().items as { id: string }[]).map((u) => u.id);
  };

  it("follows the assign scope: all → anyone active, team → the team, own → oneself, none → nobody", async () => {
    const admin = await assignees("admin", "companies");
    expect(admin[0]).toBe(me.admin.id);
    expect(admin).toEqual(expect.arrayContaining([teammate, outsider, me.sales_manager.id]));
    expect(admin).not.toContain(inactive);
    const head = await assignees("head_of_sales", "companies");
    expect(head).toEqual(expect.arrayContaining([me.head_of_sales.id, teammate, me.sales_manager.id]));
    expect(head).not.toContain(outsider);
    expect(head).not.toContain(inactive);
    expect(await assignees("sales_manager", "companies")).toEqual([me.sales_manager.id]);
    expect(await assignees("read_only", "companies")).toEqual([]);
  });

  it("narrows by a part of the name or e-mail, in any script and case", async () => {
    expect(await assignees("head_of_sales", "contacts", `?q=${encodeURIComponent("тимов")}`)).toEqual([
      teammate,
    ]);
    expect(await assignees("head_of_sales", "contacts", "?q=%25")).toEqual([]);
  });

  it("offers exactly whom POST /reassign accepts", async () => {
    const factory = entityFactory("companies") as EntityFactory;
    for (const role of ["admin", "head_of_sales", "sales_manager"] as const) {
      const offered = new Set(await assignees(role, "companies"));
      for (const target of [me[role].id, teammate, outsider, inactive]) {
        const id = await factory.create(t.db, me[role].id);
        const res = await t.app.inject({
          method: "POST",
          url: "/api/v1/reassign",
          headers: me[role].headers,
          payload: { entity: "companies", ids: [id], toUserId: target, reason: "assignees test" },
        });
        expect([role, target, res.statusCode === 200]).toEqual([role, target, offered.has(target)]);
      }
    }
  });

  it("answers 404 for unknown and unowned entities and 422 for a bad limit, changing nothing", async () => {
    for (const entity of ["nothing", "pipelines"]) {
      const res = await t.app.inject({
        method: "GET",
        url: `/api/v1/meta/entities/${entity}/assignees`,
        headers: me.admin.headers,
      });
      expect(res.statusCode).toBe(404);
      expect(res.headers["content-type"]).toContain("application/problem+json");
    }
    const bad = await t.app.inject({
      method: "GET",
      url: "/api/v1/meta/entities/companies/assignees?limit=0",
      headers: me.admin.headers,
    });
    expect(bad.statusCode).toBe(422);
  });
});

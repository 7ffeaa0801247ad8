import { describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("teams administration", () => {
  const t = useTestContext();

  async function adminHeaders() {
    const admin = await createUser(t.db, { roleKey: "admin" });
    return tokenHeaders(t.db, admin.id);
  }

  it("creates a team whose head joins it, lists members, renames it, audited", async () => {
    const headers = await adminHeaders();
    const head = await createUser(t.db, { roleKey: "head_of_sales" });
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/teams",
      headers,
      payload: { name: "North", headId: head.id },
    });
    expect(res.statusCode).toBe(201);
    const team = res.json();
    expect(team).toMatchObject({ name: "North", headId: head.id, memberCount: 1 });
    const members = await t.app.inject({
      method: "GET",
      url: `/api/v1/teams/${team.id}/members`,
      headers: await tokenHeaders(t.db, head.id),
    });
    expect(members.json().items.map((m: { id: string }) => m.id)).toEqual([head.id]);

    const renamed = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/teams/${team.id}`,
      headers,
      payload: { name: "North-West" },
    });
    expect(renamed.json().name).toBe("North-West");
    const actions = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_id", "=", team.id)
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual(["team.created", "team.updated"]);

    const dup = await t.app.inject({
      method: "POST",
      url: "/api/v1/teams",
      headers,
      payload: { name: "north-west" },
    });
    expect(dup.statusCode).toBe(409);
  });

  it("refuses an inactive head and non-admin writes", async () => {
    const headers = await adminHeaders();
    const gone = await createUser(t.db);
    await t.db.updateTable("users").set({ is_active: false }).where("id", "=", gone.id).execute();
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/teams",
      headers,
      payload: { name: "Ghosts", headId: gone.id },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].code).toBe("inactive_user");
    expect(await t.db.selectFrom("teams").select("id").where("name", "=", "Ghosts").execute()).toHaveLength(
      0,
    );
    const seller = await createUser(t.db);
    const denied = await t.app.inject({
      method: "POST",
      url: "/api/v1/teams",
      headers: await tokenHeaders(t.db, seller.id),
      payload: { name: "Mine" },
    });
    expect(denied.statusCode).toBe(403);
  });

  it("deletes a team only when empty or when its members move elsewhere", async () => {
    const headers = await adminHeaders();
    const create = async (name: string) =>
      (await t.app.inject({ method: "POST", url: "/api/v1/teams", headers, payload: { name } })).json()
        .id as string;
    const from = await create("Closing");
    const to = await create("Receiving");
    const member = await createUser(t.db, { teamId: from });
    const refused = await t.app.inject({ method: "DELETE", url: `/api/v1/teams/${from}`, headers });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe("team_not_empty");
    const self = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/teams/${from}?moveMembersTo=${from}`,
      headers,
    });
    expect(self.statusCode).toBe(422);
    const moved = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/teams/${from}?moveMembersTo=${to}`,
      headers,
    });
    expect(moved.statusCode).toBe(204);
    const after = await t.db
      .selectFrom("users")
      .select("team_id")
      .where("id", "=", member.id)
      .executeTakeFirstOrThrow();
    expect(after.team_id).toBe(to);
    const missing = await t.app.inject({ method: "GET", url: `/api/v1/teams/${from}`, headers });
    expect(missing.statusCode).toBe(404);
  });
});

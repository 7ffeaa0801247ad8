import { describe, expect, it } from "vitest";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { permissionDenials } from "./test-helpers.js";

/** A record outside the caller's scope answers 404 (ids cannot be probed), and the refusal is audited. */
describe("audit: records outside the scope", () => {
  const t = useTestContext();

  const denials = (actorId: string) => permissionDenials(t.db, actorId);

  it("audits reading or changing another team's contact, not an id that does not exist", async () => {
    const [teamA, teamB] = [await createTeam(t.db, "Scope A"), await createTeam(t.db, "Scope B")];
    const manager = await createUser(t.db, { roleKey: "sales_manager", teamId: teamA.id });
    const mate = await createUser(t.db, { roleKey: "sales_manager", teamId: teamA.id });
    const outsider = await createUser(t.db, { roleKey: "sales_manager", teamId: teamB.id });
    const create = async (ownerId: string, lastName: string) => {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/contacts",
        headers: await tokenHeaders(t.db, ownerId),
        payload: { lastName },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const theirs = await create(outsider.id, "Outside");
    const teammates = await create(mate.id, "Inside");
    const headers = await tokenHeaders(t.db, manager.id);

    expect(
      (await t.app.inject({ method: "GET", url: `/api/v1/contacts/${teammates}`, headers })).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ method: "GET", url: `/api/v1/contacts/${theirs}`, headers })).statusCode,
    ).toBe(404);
    const patch = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/contacts/${theirs}`,
      headers,
      payload: { position: "Probe" },
    });
    expect(patch.statusCode).toBe(404);
    const missing = "00000000-0000-4000-8000-000000000000";
    expect(
      (await t.app.inject({ method: "GET", url: `/api/v1/contacts/${missing}`, headers })).statusCode,
    ).toBe(404);

    const rows = await denials(manager.id);
    expect(rows.map((r) => r.details)).toEqual([
      expect.objectContaining({ route: "GET /api/v1/contacts/:id", action: "read" }),
      expect.objectContaining({ route: "PATCH /api/v1/contacts/:id", action: "update" }),
    ]);
    expect(rows.every((r) => r.entity === "contacts")).toBe(true);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { type EntityFactory, entityFactory } from "../../test/entity-factories.js";
import { useTestContext } from "../../test/harness.js";
import "./test-factory.js";

// The server says what the caller may do with each deal, so the web does not re-derive scopes.
describe("deal permissions", () => {
  const t = useTestContext();
  let own: string;
  let teammates: string;
  let stranger: string;
  let manager: Record<string, string>;
  let head: Record<string, string>;

  beforeAll(async () => {
    const team = await createTeam(t.db, "North");
    const m = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id });
    const h = await createUser(t.db, { roleKey: "head_of_sales", teamId: team.id });
    const other = await createUser(t.db, { roleKey: "sales_manager" });
    manager = await tokenHeaders(t.db, m.id);
    head = await tokenHeaders(t.db, h.id);
    const factory = entityFactory("deals") as EntityFactory;
    own = await factory.create(t.db, m.id);
    teammates = await factory.create(t.db, h.id);
    stranger = await factory.create(t.db, other.id);
  });

  const permissions = async (headers: Record<string, string>, id: string) => {
    const res = await t.app.inject({ method: "GET", url: `/api/v1/deals/${id}`, headers });
    return res.statusCode === 200 ? res.json().permissions : res.statusCode;
  };

  it("presents update/delete/assign per deal from the caller's scopes", async () => {
    expect(await permissions(manager, own)).toEqual({ update: true, delete: false, assign: true });
    expect(await permissions(head, own)).toEqual({ update: true, delete: true, assign: true });
    expect(await permissions(head, teammates)).toEqual({ update: true, delete: true, assign: true });
    expect(await permissions(head, stranger)).toBe(404);
    const list = await t.app.inject({ method: "GET", url: "/api/v1/deals", headers: manager });
    expect(list.json().items.map((d: { permissions: unknown }) => d.permissions)).toEqual([
      { update: true, delete: false, assign: true },
    ]);
  });
});

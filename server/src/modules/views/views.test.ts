import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("saved views and tags", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let alice: Record<string, string>;
  let bob: Record<string, string>;
  let carol: Record<string, string>;

  beforeAll(async () => {
    const team = await createTeam(t.db, "South");
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    alice = await tokenHeaders(
      t.db,
      (await createUser(t.db, { roleKey: "sales_manager", teamId: team.id })).id,
    );
    bob = await tokenHeaders(
      t.db,
      (await createUser(t.db, { roleKey: "sales_manager", teamId: team.id })).id,
    );
    carol = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
  });

  const names = async (headers: Record<string, string>) =>
    (await t.app.inject({ method: "GET", url: "/api/v1/views?entity=companies", headers }))
      .json()
      .items.map((v: { name: string }) => v.name);

  it("saves views with validated filters and shows them by visibility", async () => {
    const filter = {
      and: [
        { field: "ownerId", op: "eq", value: "me" },
        { field: "createdAt", op: "relative", value: "thisMonth" },
      ],
    };
    const mk = (name: string, visibility: string, headers = alice) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/views",
        headers,
        payload: {
          entity: "companies",
          name,
          filter,
          sort: "-createdAt",
          columns: ["name", "ownerId"],
          visibility,
        },
      });
    expect((await mk("Mine", "private")).statusCode).toBe(201);
    expect((await mk("Team", "team")).statusCode).toBe(201);
    expect((await mk("All", "everyone")).statusCode).toBe(201);
    expect((await mk("Lonely team", "team", carol)).statusCode).toBe(422);
    expect(await names(alice)).toEqual(["All", "Mine", "Team"]);
    expect(await names(bob)).toEqual(["All", "Team"]);
    expect(await names(carol)).toEqual(["All"]);
    const bad = await t.app.inject({
      method: "POST",
      url: "/api/v1/views",
      headers: alice,
      payload: {
        entity: "companies",
        name: "Bad",
        filter: { field: "nope", op: "eq", value: 1 },
        columns: ["ghost"],
      },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ field: "filter.nope", code: "unknown_field" });
  });

  it("lets only the owner change or delete a view", async () => {
    const all = (await t.app.inject({ method: "GET", url: "/api/v1/views", headers: bob })).json().items;
    const team = all.find((v: { name: string }) => v.name === "Team");
    const res = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/views/${team.id}`,
      headers: bob,
      payload: { name: "Hijack" },
    });
    expect(res.statusCode).toBe(403);
    const mine = (await t.app.inject({ method: "GET", url: "/api/v1/views", headers: alice }))
      .json()
      .items.find((v: { name: string }) => v.name === "Mine");
    expect(
      (await t.app.inject({ method: "DELETE", url: `/api/v1/views/${mine.id}`, headers: carol })).statusCode,
    ).toBe(404);
    expect(
      (
        await t.app.inject({
          method: "PATCH",
          url: `/api/v1/views/${mine.id}`,
          headers: alice,
          payload: { sort: "name" },
        })
      ).json().sort,
    ).toBe("name");
    expect(
      (await t.app.inject({ method: "DELETE", url: `/api/v1/views/${mine.id}`, headers: alice })).statusCode,
    ).toBe(204);
  });

  it("reads one view by id when visible to the caller, else 404", async () => {
    const create = (headers: Record<string, string>, visibility: string, name: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/views",
        headers,
        payload: { entity: "companies", name, visibility },
      });
    const priv = (await create(alice, "private", "Alice private")).json();
    const team = (await create(alice, "team", "Alice team")).json();
    const get = (id: string, headers: Record<string, string>) =>
      t.app.inject({ method: "GET", url: `/api/v1/views/${id}`, headers });
    const own = await get(priv.id, alice);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ id: priv.id, name: "Alice private", mine: true });
    expect((await get(team.id, bob)).json()).toMatchObject({ name: "Alice team", mine: false });
    expect((await get(priv.id, bob)).statusCode).toBe(404);
    expect((await get(team.id, carol)).statusCode).toBe(404);
    expect((await get(crypto.randomUUID(), alice)).statusCode).toBe(404);
    expect((await get("not-a-uuid", alice)).statusCode).toBe(422);
  });

  it("renames and deletes tags across tagged records", async () => {
    const c = await t.app.inject({
      method: "POST",
      url: "/api/v1/companies",
      headers: alice,
      payload: { name: "Tagged", tags: ["hot", "b2b"] },
    });
    const tags = (await t.app.inject({ method: "GET", url: "/api/v1/tags", headers: alice })).json().items;
    const hot = tags.find((x: { name: string }) => x.name === "hot");
    expect(hot.color).toBe("gray");
    expect(
      (
        await t.app.inject({
          method: "PATCH",
          url: `/api/v1/tags/${hot.id}`,
          headers: alice,
          payload: { color: "red" },
        })
      ).statusCode,
    ).toBe(403);
    const rn = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/tags/${hot.id}`,
      headers: admin,
      payload: { name: "warm", color: "orange" },
    });
    expect(rn.json()).toMatchObject({ name: "warm", color: "orange" });
    const got = await t.app.inject({
      method: "GET",
      url: `/api/v1/companies/${c.json().id}`,
      headers: alice,
    });
    expect(got.json().tags).toEqual(["warm", "b2b"]);
    const b2b = tags.find((x: { name: string }) => x.name === "b2b");
    expect(
      (await t.app.inject({ method: "DELETE", url: `/api/v1/tags/${b2b.id}`, headers: admin })).statusCode,
    ).toBe(204);
    const again = await t.app.inject({
      method: "GET",
      url: `/api/v1/companies/${c.json().id}`,
      headers: alice,
    });
    expect(again.json().tags).toEqual(["warm"]);
    const dup = await t.app.inject({
      method: "POST",
      url: "/api/v1/tags",
      headers: alice,
      payload: { name: "WARM" },
    });
    expect(dup.statusCode).toBe(409);
    const one = await t.app.inject({ method: "GET", url: `/api/v1/tags/${hot.id}`, headers: carol });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toMatchObject({ id: hot.id, name: "warm", color: "orange" });
    const gone = await t.app.inject({ method: "GET", url: `/api/v1/tags/${b2b.id}`, headers: carol });
    expect(gone.statusCode).toBe(404);
    expect((await t.app.inject({ method: "GET", url: `/api/v1/tags/${hot.id}` })).statusCode).toBe(401);
  });
});

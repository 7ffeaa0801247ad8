import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { entityFactory, loadEntityFactories } from "../../test/entity-factories.js";
import { useTestContext } from "../../test/harness.js";
import { parseIfMatch } from "./versions.js";

describe("parseIfMatch", () => {
  it("reads our ETags, weak or strong, one or several; * and nothing mean no precondition", () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch("*")).toBeUndefined();
    expect(parseIfMatch('"v3"')).toEqual([3]);
    expect(parseIfMatch('W/"v3", "v7"')).toEqual([3, 7]);
  });

  it.each(["v3", '"3"', '"v-1"', '"v3', '"v1234567890"', '"v3"x', "\u0000"])("refuses %j with 400", (h) => {
    expect(() => parseIfMatch(h)).toThrow(expect.objectContaining({ status: 400, code: "invalid_if_match" }));
  });
});

describe("record versions (every entity whose table has a version column)", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let adminId: string;
  let versioned: { name: string; path: string }[];

  beforeAll(async () => {
    await loadEntityFactories();
    const user = await createUser(t.db, { roleKey: "admin" });
    adminId = user.id;
    admin = await tokenHeaders(t.db, user.id);
    const tables = (
      await sql<{ table_name: string }>`
        select table_name from information_schema.columns
        where table_schema = current_schema() and column_name = 'version'`.execute(t.db)
    ).rows.map((r) => r.table_name);
    versioned = t.deps.entities
      .all()
      .filter((e) => tables.includes(e.table) && entityFactory(e.name))
      .map((e) => ({ name: e.name, path: e.apiPath ?? `/api/v1/${e.name}` }));
  });

  const call = (
    method: "GET" | "PATCH" | "DELETE",
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) => t.app.inject({ method, url, headers: { ...admin, ...headers }, ...(payload ? { payload } : {}) });

  it("covers the record entities", () => {
    expect(versioned.map((v) => v.name)).toEqual(
      expect.arrayContaining(["companies", "contacts", "deals", "products"]),
    );
  });

  it("answers the version as ETag; a stale If-Match gets 412 and changes nothing; the current one writes", async () => {
    for (const { name, path } of versioned) {
      const factory = entityFactory(name);
      if (!factory) continue;
      const id = await factory.create(t.db, adminId);
      const got = await call("GET", `${path}/${id}`, {});
      expect(got.statusCode, name).toBe(200);
      const v1 = got.json().version as number;
      expect(got.headers.etag, name).toBe(`"v${v1}"`);

      const first = await call(
        "PATCH",
        `${path}/${id}`,
        { "if-match": `"v${v1}"` },
        await factory.updateBody(t.db),
      );
      expect(first.statusCode, `${name}: ${first.body}`).toBe(200);
      expect(first.json().version, name).toBe(v1 + 1);
      expect(first.headers.etag, name).toBe(`"v${v1 + 1}"`);

      const before = (await call("GET", `${path}/${id}`, {})).body;
      const stale = await call("PATCH", `${path}/${id}`, { "if-match": `"v${v1}"` }, { tags: ["stale"] });
      expect(stale.statusCode, name).toBe(412);
      expect(stale.headers["content-type"]).toContain("application/problem+json");
      expect(stale.json()).toMatchObject({ code: "version_conflict", status: 412 });
      expect(stale.headers.etag, name).toBe(`"v${v1 + 1}"`);
      expect((await call("GET", `${path}/${id}`, {})).body, name).toBe(before);

      expect((await call("DELETE", `${path}/${id}`, { "if-match": `"v${v1}"` })).statusCode, name).toBe(412);
      expect((await call("GET", `${path}/${id}`, {})).statusCode, name).toBe(200);
      const bad = await call("PATCH", `${path}/${id}`, { "if-match": "v2" }, { tags: ["x"] });
      expect(bad.statusCode, name).toBe(400);
      expect(bad.json().code).toBe("invalid_if_match");
      expect((await call("DELETE", `${path}/${id}`, { "if-match": `"v${v1 + 1}"` })).statusCode, name).toBe(
        204,
      );
    }
  });

  it("keeps every tag when 50 clients add theirs at once, and removes case-insensitively", async () => {
    for (const { name, path } of versioned) {
      const factory = entityFactory(name);
      if (!factory) continue;
      const id = await factory.create(t.db, adminId);
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          call("PATCH", `${path}/${id}`, {}, { tags: { add: [`tag-${i}`] } }),
        ),
      );
      expect(answers.map((a) => a.statusCode)).toEqual(Array(50).fill(200));
      const tags = (await call("GET", `${path}/${id}`, {})).json().tags as string[];
      expect(tags.length, name).toBe(50);
      const removed = await call(
        "PATCH",
        `${path}/${id}`,
        {},
        { tags: { remove: ["TAG-0", "tag-1"], add: ["tag-2"] } },
      );
      expect(removed.statusCode, removed.body).toBe(200);
      expect(removed.json().tags, name).toHaveLength(48);
      expect(removed.json().tags, name).not.toContain("tag-0");
      const wrong = await call("PATCH", `${path}/${id}`, {}, { tags: { add: ["x"], replace: ["y"] } });
      expect(wrong.statusCode, name).toBe(422);
    }
  });
});

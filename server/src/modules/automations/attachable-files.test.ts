import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { type EntityFactory, entityFactory } from "../../test/entity-factories.js";
import { useTestContext } from "../../test/harness.js";
import { createRule, type Fixture, fixture } from "./test-support.js";

/**
 * The email step's file picker: stored files found by name that the rule's owner may read (and the caller too),
 * newest first; removed files and other people's records are never offered.
 */
describe("GET /api/v1/automations/attachable-files", () => {
  const t = useTestContext();
  let f: Fixture;
  let manager: { id: string; headers: Record<string, string> };
  const ids: Record<string, string> = {};

  const upload = async (companyId: string, name: string) => {
    const r = await t.app.inject({
      method: "POST",
      url: `/api/v1/files?recordType=companies&recordId=${companyId}&name=${encodeURIComponent(name)}`,
      headers: { ...f.admin, "content-type": "application/octet-stream" },
      payload: Buffer.from(`bytes of ${name}`),
    });
    expect(r.statusCode, r.body).toBe(201);
    ids[name] = r.json().id as string;
  };
  const search = async (query: string, headers = f.admin) => {
    const r = await t.app.inject({
      method: "GET",
      url: `/api/v1/automations/attachable-files${query}`,
      headers,
    });
    expect(r.statusCode, r.body).toBe(200);
    return (r.json().items as { name: string; size: number }[]).map((x) => `${x.name}:${x.size}`);
  };

  beforeAll(async () => {
    f = await fixture(t);
    const m = await createUser(t.db, { roleKey: "sales_manager" });
    manager = { id: m.id, headers: await tokenHeaders(t.db, m.id) };
    const managersCompany = await (entityFactory("companies") as EntityFactory).create(t.db, m.id);
    await upload(f.companyId, "Offer 2026 (admin).txt");
    await upload(managersCompany, "offer 2026 (manager).txt");
    await upload(f.companyId, "100%_done.txt");
    await upload(f.companyId, "old offer.txt");
    await upload(f.companyId, "Договор Ёлка.txt");
    const del = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/files/${ids["old offer.txt"]}`,
      headers: f.admin,
    });
    expect(del.statusCode).toBe(204);
  });

  it("finds the caller's readable files by part of the name, any case, newest first; removed ones never", async () => {
    expect(await search("?q=OFFER")).toEqual(["offer 2026 (manager).txt:33", "Offer 2026 (admin).txt:31"]);
    // Wildcards in the text match only themselves.
    expect(await search("?q=%25_")).toEqual(["100%_done.txt:22"]);
    expect(await search("?q=_%25")).toEqual([]);
    expect(await search(`?q=${encodeURIComponent("договор ёлка")}`)).toEqual(["Договор Ёлка.txt:36"]);
    expect(await search("?limit=1")).toEqual(["Договор Ёлка.txt:36"]);
  });

  it("for a rule owned by someone else: only files that owner may read too", async () => {
    const saved = await createRule(t, f.admin, {
      entity: "companies",
      name: "Manager's letters",
      ownerId: manager.id,
      definition: { trigger: { kind: "recordCreated" }, steps: [{ id: "t", type: "addTag", tag: "x" }] },
    });
    expect(saved.statusCode, saved.body).toBe(201);
    const ruleId = saved.json().rule.id as string;
    expect(await search(`?q=offer&ruleId=${ruleId}`)).toEqual(["offer 2026 (manager).txt:33"]);
  });

  it("refuses callers who may not build rules and bad queries", async () => {
    const denied = await t.app.inject({
      method: "GET",
      url: "/api/v1/automations/attachable-files?q=offer",
      headers: manager.headers,
    });
    expect(denied.statusCode).toBe(403);
    for (const query of ["?limit=0", "?limit=51", "?ruleId=nope", "?x=1", `?q=${"a".repeat(201)}`]) {
      const bad = await t.app.inject({
        method: "GET",
        url: `/api/v1/automations/attachable-files${query}`,
        headers: f.admin,
      });
      expect(bad.statusCode, query).toBe(422);
    }
    const missing = await t.app.inject({
      method: "GET",
      url: `/api/v1/automations/attachable-files?ruleId=${crypto.randomUUID()}`,
      headers: f.admin,
    });
    expect(missing.statusCode).toBe(404);
  });
});

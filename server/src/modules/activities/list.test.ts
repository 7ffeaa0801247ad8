import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("GET /api/v1/activities", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let manager: Record<string, string>;
  let managerId: string;
  let companyId: string;
  const ids: Record<string, string> = {};

  const call = (method: "GET" | "POST", url: string, headers: Record<string, string>, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const list = async (qs: string, headers = manager) => {
    const res = await call("GET", `/api/v1/activities${qs}`, headers);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      items: Array<{ id: string }>;
      nextCursor: string | null;
      total?: { count: number };
    };
  };

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    const m = await createUser(t.db, { roleKey: "sales_manager" });
    managerId = m.id;
    manager = await tokenHeaders(t.db, m.id);
    const company = await call("POST", "/api/v1/companies", manager, { name: "Linked Co" });
    expect(company.statusCode, company.body).toBe(201);
    companyId = company.json().id;
    const log = async (key: string, headers: Record<string, string>, payload: object) => {
      const res = await call("POST", "/api/v1/activities", headers, payload);
      expect(res.statusCode, res.body).toBe(201);
      ids[key] = res.json().id;
    };
    await log("oldCall", manager, { kind: "call", subject: "Old call", occurredAt: "2024-01-10T10:00:00Z" });
    await log("note", manager, {
      kind: "note",
      body: "<p>Linked note</p>",
      occurredAt: "2024-02-10T10:00:00Z",
      links: [{ entity: "companies", id: companyId }],
    });
    await log("newCall", manager, { kind: "call", subject: "New call", occurredAt: "2024-03-10T10:00:00Z" });
    await log("adminNote", admin, { kind: "note", body: "Admin's", occurredAt: "2024-02-11T10:00:00Z" });
  });

  it("lists only what the caller may read, newest first, with a total and keyset pages", async () => {
    const all = await list("");
    expect(all.items.map((a) => a.id)).toEqual([ids.newCall, ids.note, ids.oldCall]);
    expect(all.total?.count).toBe(3);
    const first = await list("?limit=2");
    expect(first.items.map((a) => a.id)).toEqual([ids.newCall, ids.note]);
    const second = await list(`?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((a) => a.id)).toEqual([ids.oldCall]);
    expect(second.nextCursor).toBeNull();
    expect((await list("", admin)).items.map((a) => a.id)).toContain(ids.adminNote);
  });

  it("filters by kind, owner, date range, linked record and the list engine's filter", async () => {
    expect((await list("?kinds=call")).items.map((a) => a.id)).toEqual([ids.newCall, ids.oldCall]);
    expect((await list(`?ownerId=${managerId}&kinds=note`)).items.map((a) => a.id)).toEqual([ids.note]);
    const range = await list(`?from=${encodeURIComponent("2024-02-01T00:00:00Z")}&to=2024-03-01T00:00:00Z`);
    expect(range.items.map((a) => a.id)).toEqual([ids.note]);
    expect((await list(`?linked=companies:${companyId}`)).items.map((a) => a.id)).toEqual([ids.note]);
    const filter = encodeURIComponent(JSON.stringify({ field: "subject", op: "contains", value: "old" }));
    expect((await list(`?filter=${filter}`)).items.map((a) => a.id)).toEqual([ids.oldCall]);
    expect((await list("?sort=occurredAt&kinds=call")).items.map((a) => a.id)).toEqual([
      ids.oldCall,
      ids.newCall,
    ]);
  });

  it("refuses bad filters and linked records outside the caller's scope", async () => {
    const bad = encodeURIComponent(JSON.stringify({ field: "secret", op: "eq", value: 1 }));
    expect((await call("GET", `/api/v1/activities?filter=${bad}`, manager)).statusCode).toBe(422);
    expect((await call("GET", "/api/v1/activities?kinds=Call!", manager)).statusCode).toBe(422);
    expect((await call("GET", "/api/v1/activities?linked=nonsense", manager)).statusCode).toBe(400);
    expect((await call("GET", "/api/v1/activities?cursor=zzz", manager)).statusCode).toBe(400);
    const foreign = await call("POST", "/api/v1/companies", admin, { name: "Not yours" });
    const res = await call("GET", `/api/v1/activities?linked=companies:${foreign.json().id}`, manager);
    expect(res.statusCode).toBe(404);
    expect((await t.app.inject({ method: "GET", url: "/api/v1/activities" })).statusCode).toBe(401);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { upload } from "./test-helpers.js";

describe("imports: history and discard", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let other: Record<string, string>;

  const call = (method: "GET" | "DELETE", url: string, headers = admin) =>
    t.app.inject({ method, url, headers });
  const uploaded = async (headers: Record<string, string>, entity = "contacts") => {
    const res = await upload(t.app, headers, entity, "Name,Email\nAnn,ann@example.com\n");
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    other = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
  });

  it("lists the caller's imports newest first, by entity, with keyset pages", async () => {
    const a = await uploaded(admin);
    const b = await uploaded(admin, "companies");
    const c = await uploaded(admin);
    const foreign = await uploaded(other);
    const first = await call("GET", "/api/v1/imports?limit=2");
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().items.map((i: { id: string }) => i.id)).toEqual([c, b]);
    const next = await call("GET", `/api/v1/imports?limit=2&cursor=${first.json().nextCursor}`);
    expect(next.json().items.map((i: { id: string }) => i.id)).toEqual([a]);
    expect(next.json().nextCursor).toBeNull();
    const contacts = (await call("GET", "/api/v1/imports?entity=contacts")).json().items;
    expect(contacts.map((i: { id: string }) => i.id)).toEqual([c, a]);
    expect(contacts.map((i: { id: string }) => i.id)).not.toContain(foreign);
    expect((await call("GET", "/api/v1/imports?entity=planets")).statusCode).toBe(422);
    expect((await call("GET", "/api/v1/imports?cursor=bad")).statusCode).toBe(400);
  });

  it("discards an import that is not running, with its file; refuses a running one and others' imports", async () => {
    const id = await uploaded(admin);
    const imp = await t.db
      .selectFrom("imports")
      .select("file_id")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect((await call("DELETE", `/api/v1/imports/${id}`, other)).statusCode).toBe(404);
    await t.db.updateTable("imports").set({ status: "running" }).where("id", "=", id).execute();
    const busy = await call("DELETE", `/api/v1/imports/${id}`);
    expect(busy.statusCode).toBe(409);
    expect(busy.json().code).toBe("import_running");
    expect((await call("GET", `/api/v1/imports/${id}`)).statusCode).toBe(200);
    await t.db.updateTable("imports").set({ status: "failed" }).where("id", "=", id).execute();
    expect((await call("DELETE", `/api/v1/imports/${id}`)).statusCode).toBe(204);
    expect((await call("GET", `/api/v1/imports/${id}`)).statusCode).toBe(404);
    const file = await t.db.selectFrom("files").select("id").where("id", "=", imp.file_id).executeTakeFirst();
    expect(file).toBeUndefined();
    expect((await call("DELETE", `/api/v1/imports/${id}`)).statusCode).toBe(404);
  });
});

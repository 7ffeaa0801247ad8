import { describe, expect, it } from "vitest";
import { apiRoutes } from "../../platform/http/app.js";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

/**
 * Read-only API tokens read and export (SECURITY.md "API tokens"): exports are reads, so a read-only token may
 * create, poll, download and delete its own exports — and make no other write.
 */
describe("read-only API tokens", () => {
  const t = useTestContext();

  it("only the export routes let read-only tokens write", () => {
    const writes = apiRoutes(t.app)
      .filter((r) => r.access.kind === "authenticated" && r.access.allowReadOnlyToken)
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(writes).toEqual(["DELETE /api/v1/exports/:id", "POST /api/v1/exports"]);
  });

  it("may create, read and delete its own exports, not another user's, and nothing else", async () => {
    const user = await createUser(t.db, { roleKey: "marketer" });
    const other = await createUser(t.db, { roleKey: "marketer" });
    const headers = await tokenHeaders(t.db, user.id, { readOnly: true });
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/exports",
      headers,
      payload: { entity: "contacts", format: "csv" },
    });
    expect(created.statusCode, created.body).toBe(202);
    const id = created.json().id as string;
    expect((await t.app.inject({ method: "GET", url: `/api/v1/exports/${id}`, headers })).statusCode).toBe(
      200,
    );
    const listed = await t.app.inject({ method: "GET", url: "/api/v1/exports", headers });
    expect(listed.json().items.map((e: { id: string }) => e.id)).toContain(id);

    // Another user's export stays out of reach, also for deleting.
    const otherHeaders = await tokenHeaders(t.db, other.id, { readOnly: true });
    const theirs = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/exports/${id}`,
      headers: otherHeaders,
    });
    expect(theirs.statusCode).toBe(404);
    // Bad input is still refused field by field.
    const bad = await t.app.inject({
      method: "POST",
      url: "/api/v1/exports",
      headers,
      payload: { entity: "contacts", format: "pdf" },
    });
    expect(bad.statusCode).toBe(422);

    for (const req of [
      { method: "POST" as const, url: "/api/v1/contacts", payload: { firstName: "No", lastName: "Way" } },
      {
        method: "POST" as const,
        url: "/api/v1/imports?entity=contacts",
        payload: "Name\nX\n",
        type: "text/csv",
      },
      { method: "PATCH" as const, url: "/api/v1/me", payload: { name: "Nope" } },
      { method: "POST" as const, url: "/api/v1/api-tokens", payload: { name: "more" } },
      { method: "PUT" as const, url: "/api/v1/me/avatar", payload: "x", type: "image/png" },
    ]) {
      const { type, ...rest } = req as typeof req & { type?: string };
      const res = await t.app.inject({
        ...rest,
        headers: { ...headers, ...(type ? { "content-type": type } : {}) },
      });
      expect(res.statusCode, `${req.method} ${req.url}`).toBe(403);
      expect(res.json().code).toBe("read_only_token");
    }

    const deleted = await t.app.inject({ method: "DELETE", url: `/api/v1/exports/${id}`, headers });
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect((await t.app.inject({ method: "GET", url: `/api/v1/exports/${id}`, headers })).statusCode).toBe(
      404,
    );
  });

  it("exports only within the role's export scope", async () => {
    const user = await createUser(t.db, { roleKey: "sales_manager" });
    const headers = await tokenHeaders(t.db, user.id, { readOnly: true });
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/exports",
      headers,
      payload: { entity: "deals", format: "csv" },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("permission_denied");
  });
});

import { describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("task type settings", () => {
  const t = useTestContext();

  it("audits creating and changing a task type, and nothing for a refused or empty change", async () => {
    const admin = await createUser(t.db, { roleKey: "admin" });
    const headers = await tokenHeaders(t.db, admin.id);
    const send = (method: "POST" | "PATCH", url: string, payload: object) =>
      t.app.inject({ method, url, headers, payload });
    expect((await send("POST", "/api/v1/task-types", { key: "visit", name: "Visit" })).statusCode).toBe(201);
    expect((await send("POST", "/api/v1/task-types", { key: "visit", name: "Again" })).statusCode).toBe(409);
    const patched = await send("PATCH", "/api/v1/task-types/visit", { name: "Site visit", isActive: false });
    expect(patched.statusCode).toBe(200);
    expect((await send("PATCH", "/api/v1/task-types/visit", { name: "Site visit" })).statusCode).toBe(200);
    expect((await send("PATCH", "/api/v1/task-types/nope", { name: "X" })).statusCode).toBe(404);
    const rows = await t.db
      .selectFrom("audit_log")
      .select(["action", "actor_id", "changes", "details"])
      .where("entity", "=", "task_types")
      .orderBy("id")
      .execute();
    expect(rows).toEqual([
      {
        action: "task_type.created",
        actor_id: admin.id,
        changes: {
          name: { before: null, after: "Visit" },
          isActive: { before: null, after: true },
          position: { before: null, after: 0 },
        },
        details: { key: "visit" },
      },
      {
        action: "task_type.updated",
        actor_id: admin.id,
        changes: { name: { before: "Visit", after: "Site visit" }, isActive: { before: true, after: false } },
        details: { key: "visit" },
      },
    ]);
  });
});

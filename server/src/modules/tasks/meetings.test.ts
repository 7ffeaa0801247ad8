import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("meeting tasks need a start and a duration", () => {
  const t = useTestContext();
  let manager: { authorization: string };

  beforeAll(async () => {
    const m = await createUser(t.db, { roleKey: "sales_manager" });
    manager = await tokenHeaders(t.db, m.id);
  });

  const send = (method: "POST" | "PATCH", url: string, payload: object) =>
    t.app.inject({ method, url, headers: manager, payload });
  const count = async () =>
    Number(
      (
        await t.db
          .selectFrom("tasks")
          .select((e) => e.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const fields = (res: { json: () => { errors: { field: string; code: string }[] } }) =>
    res.json().errors.map((e) => `${e.field}:${e.code}`);

  it("refuses a meeting without a date, with a date only, or without a duration, and saves nothing", async () => {
    const before = await count();
    const undated = await send("POST", "/api/v1/tasks", { title: "Demo", type: "meeting" });
    expect(undated.statusCode).toBe(422);
    expect(fields(undated)).toEqual([
      "body.dueAt:meeting_start_required",
      "body.durationMinutes:meeting_duration_required",
    ]);
    const dayOnly = await send("POST", "/api/v1/tasks", {
      title: "Demo",
      type: "meeting",
      dueAt: "2030-03-01",
      durationMinutes: 60,
    });
    expect(fields(dayOnly)).toEqual(["body.dueAt:meeting_start_required"]);
    const noLength = await send("POST", "/api/v1/tasks", {
      title: "Demo",
      type: "meeting",
      dueAt: "2030-03-01T10:30:00Z",
    });
    expect(fields(noLength)).toEqual(["body.durationMinutes:meeting_duration_required"]);
    expect(await count()).toBe(before);
    // Other task types stay undated if the user wants.
    expect((await send("POST", "/api/v1/tasks", { title: "Someday", type: "todo" })).statusCode).toBe(201);
  });

  it("keeps a scheduled meeting scheduled on update", async () => {
    const ok = await send("POST", "/api/v1/tasks", {
      title: "Demo",
      type: "meeting",
      dueAt: "2030-03-01T10:30:00Z",
      durationMinutes: 45,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const id = ok.json().id as string;
    const cleared = await send("PATCH", `/api/v1/tasks/${id}`, { dueAt: null });
    expect(cleared.statusCode).toBe(422);
    expect(fields(cleared)).toEqual(["body.dueAt:meeting_start_required"]);
    const noLength = await send("PATCH", `/api/v1/tasks/${id}`, { durationMinutes: null });
    expect(fields(noLength)).toEqual(["body.durationMinutes:meeting_duration_required"]);
    const todo = await send("POST", "/api/v1/tasks", { title: "Later", type: "todo" });
    const toMeeting = await send("PATCH", `/api/v1/tasks/${todo.json().id}`, { type: "meeting" });
    expect(toMeeting.statusCode).toBe(422);
    const row = await t.db.selectFrom("tasks").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.due_at?.toISOString()).toBe("2030-03-01T10:30:00.000Z");
    expect(row.duration_minutes).toBe(45);
    const renamed = await send("PATCH", `/api/v1/tasks/${id}`, { title: "Demo 2" });
    expect(renamed.statusCode).toBe(200);
  });
});

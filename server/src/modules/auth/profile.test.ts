import { describe, expect, it } from "vitest";
import { createUser, signIn } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("my profile (PATCH /api/v1/me)", () => {
  const t = useTestContext();

  it("updates name, phone, position, language, time zone and email copies, recorded as a change", async () => {
    const user = await createUser(t.db);
    const s = await signIn(t.app, user.email);
    const res = await t.app.inject({
      method: "PATCH",
      url: "/api/v1/me",
      headers: s.headers,
      payload: {
        name: "Mila Petrović",
        phone: "+381 64 123 4567",
        position: "Account manager",
        language: "sr",
        timeZone: "Europe/Belgrade",
        notifyByEmail: false,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      name: "Mila Petrović",
      phone: "+381 64 123 4567",
      position: "Account manager",
      language: "sr",
      timeZone: "Europe/Belgrade",
      notifyByEmail: false,
      avatarUrl: null,
    });
    const event = await t.db
      .selectFrom("change_events")
      .select("changes")
      .where("entity", "=", "users")
      .where("entity_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(event.changes).toMatchObject({ position: { before: null, after: "Account manager" } });

    // Clearing the position with an empty value stores null.
    const cleared = await t.app.inject({
      method: "PATCH",
      url: "/api/v1/me",
      headers: s.headers,
      payload: { position: "" },
    });
    expect(cleared.json().position).toBeNull();
  });

  it("refuses bad input field by field and changes nothing", async () => {
    const user = await createUser(t.db);
    const s = await signIn(t.app, user.email);
    const res = await t.app.inject({
      method: "PATCH",
      url: "/api/v1/me",
      headers: s.headers,
      payload: { name: " ", timeZone: "Mars/Olympus", language: "de", position: "x".repeat(201) },
    });
    expect(res.statusCode).toBe(422);
    const fields = (res.json().errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(["body.language", "body.name", "body.position", "body.timeZone"]);
    const unknown = await t.app.inject({
      method: "PATCH",
      url: "/api/v1/me",
      headers: s.headers,
      payload: { roleId: user.id },
    });
    expect(unknown.statusCode).toBe(422);
    const row = await t.db
      .selectFrom("users")
      .select(["name", "time_zone", "role_id"])
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe(user.name);
    expect(row.role_id).not.toBe(user.id);
  });
});

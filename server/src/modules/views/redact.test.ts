import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

/** Another user's shared view never shows a viewer the values of fields the viewer's role hides. */
describe("shared views and hidden fields", () => {
  const t = useTestContext();
  let author: Record<string, string>;
  let viewer: Record<string, string>;
  let viewId: string;
  const SECRET = "vera.secret@hidden.example";
  const filter = {
    and: [
      { field: "emails", op: "contains", value: SECRET },
      { or: [{ field: "phone", op: "contains", value: "9035550101" }] },
      { field: "firstName", op: "eq", value: "Vera" },
    ],
  };

  beforeAll(async () => {
    const admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    author = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    const role = await t.app.inject({
      method: "POST",
      url: "/api/v1/roles",
      headers: admin,
      payload: {
        name: "No contact details",
        permissions: { contacts: { read: "all", export: "all" } },
        fieldRules: { contacts: { emails: "hidden", phones: "hidden" } },
      },
    });
    expect(role.statusCode, role.body).toBe(201);
    const user = await createUser(t.db, { roleKey: "read_only" });
    await t.db.updateTable("users").set({ role_id: role.json().id }).where("id", "=", user.id).execute();
    viewer = await tokenHeaders(t.db, user.id);
    const view = await t.app.inject({
      method: "POST",
      url: "/api/v1/views",
      headers: author,
      payload: { entity: "contacts", name: "Vera's mail", filter, visibility: "everyone" },
    });
    expect(view.statusCode, view.body).toBe(201);
    viewId = view.json().id;
  });

  it("redacts the values of hidden (and derived) fields for the viewer, keeps the rest", async () => {
    const expected = {
      and: [
        { field: "emails", op: "contains" },
        { or: [{ field: "phone", op: "contains" }] },
        { field: "firstName", op: "eq", value: "Vera" },
      ],
    };
    for (const url of ["/api/v1/views?entity=contacts", `/api/v1/views/${viewId}`]) {
      const res = await t.app.inject({ method: "GET", url, headers: viewer });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain("hidden.example");
      expect(res.body).not.toContain("9035550101");
      const view = url.endsWith(viewId) ? res.json() : res.json().items[0];
      expect(view.filter).toEqual(expected);
    }
    const own = await t.app.inject({ method: "GET", url: `/api/v1/views/${viewId}`, headers: author });
    expect(own.json().filter).toEqual(filter);
  });

  it("applying the view is refused for the viewer: the list and the export", async () => {
    const shown = (
      await t.app.inject({ method: "GET", url: `/api/v1/views/${viewId}`, headers: viewer })
    ).json();
    const list = await t.app.inject({
      method: "GET",
      url: `/api/v1/contacts?filter=${encodeURIComponent(JSON.stringify(shown.filter))}`,
      headers: viewer,
    });
    expect(list.statusCode).toBe(422);
    expect(list.json().errors.map((e: { code: string }) => e.code)).toContain("field_not_allowed");
    const exported = await t.app.inject({
      method: "POST",
      url: "/api/v1/exports",
      headers: viewer,
      payload: { entity: "contacts", format: "csv", viewId },
    });
    expect(exported.statusCode).toBe(422);
    expect(exported.json().errors[0].code).toBe("field_not_allowed");
  });
});

import { describe, expect, it } from "vitest";
import { ACTIONS, scopeFor } from "../../platform/access/actor.js";
import { createUser, type RoleKey, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { actorFor } from "../../test/matrix-support.js";
import { DEFAULT_ROLES } from "../identity/default-roles.js";
import type { EntityMeta } from "./entities.js";

describe("GET /api/v1/meta/entities", () => {
  const t = useTestContext();

  const get = async (headers: Record<string, string>) => {
    const res = await t.app.inject({ method: "GET", url: "/api/v1/meta/entities", headers });
    return { status: res.statusCode, items: (res.json() as { items?: EntityMeta[] }).items ?? [] };
  };

  for (const role of DEFAULT_ROLES) {
    it(`${role.key}: lists the readable entities with the role's scope per action`, async () => {
      const user = await createUser(t.db, { roleKey: role.key as RoleKey });
      const { status, items } = await get(await tokenHeaders(t.db, user.id));
      expect(status).toBe(200);
      const actor = actorFor(role);
      const readable = t.deps.entities.names().filter((e) => scopeFor(actor, e, "read") !== "none");
      expect(items.map((i) => i.name)).toEqual(readable);
      for (const item of items) {
        for (const a of ACTIONS)
          expect(item.permissions[a], `${item.name}.${a}`).toBe(scopeFor(actor, item.name, a));
      }
    });
  }

  it("describes each entity as declared: path, labels in the caller's language, capabilities, navigation", async () => {
    const user = await createUser(t.db, { roleKey: "admin" });
    await t.db.updateTable("users").set({ language: "ru" }).where("id", "=", user.id).execute();
    const { items } = await get(await tokenHeaders(t.db, user.id));
    const contacts = items.find((i) => i.name === "contacts");
    expect(contacts).toMatchObject({
      apiPath: "/api/v1/contacts",
      label: { singular: "Контакт", plural: "Контакты" },
      labels: { en: { singular: "Contact", plural: "Contacts" }, kk: { plural: "Байланыстар" } },
      owned: true,
      titleField: "name",
      capabilities: { search: true, merge: true, export: ["csv", "xlsx", "vcf"], timeline: true },
      navigation: { group: "customers", order: 20 },
    });
    const tasks = items.find((i) => i.name === "tasks");
    expect(tasks?.capabilities).toMatchObject({
      search: false,
      merge: false,
      customFields: true,
      views: true,
    });
    expect(items.find((i) => i.name === "pipelines")).toMatchObject({ owned: false, navigation: null });
    // Every permission of the Administrator, every language present.
    for (const item of items) {
      expect(Object.values(item.permissions).every((s) => s === "all")).toBe(true);
      expect(Object.keys(item.labels).sort()).toEqual(["en", "kk", "ru", "sr", "sr-Latn"]);
    }
  });

  it("gives a Serbian Latin (sr-Latn) user the Serbian labels transliterated", async () => {
    const user = await createUser(t.db, { roleKey: "admin" });
    await t.db.updateTable("users").set({ language: "sr-Latn" }).where("id", "=", user.id).execute();
    const { items } = await get(await tokenHeaders(t.db, user.id));
    const contacts = items.find((i) => i.name === "contacts");
    expect(contacts?.label).toEqual({ singular: "Kontakt", plural: "Kontakti" });
    expect(contacts?.labels.sr).toEqual({ singular: "Контакт", plural: "Контакти" });
    expect(contacts?.labels["sr-Latn"]).toEqual(contacts?.label);
  });

  it("reports no write for a read-only token, and refuses an anonymous caller", async () => {
    const user = await createUser(t.db, { roleKey: "head_of_sales" });
    const { items } = await get(await tokenHeaders(t.db, user.id, { readOnly: true }));
    const deals = items.find((i) => i.name === "deals");
    expect(deals?.permissions).toMatchObject({
      read: "team",
      export: "team",
      create: "none",
      update: "none",
    });
    expect(deals?.permissions.delete).toBe("none");
    const anonymous = await t.app.inject({ method: "GET", url: "/api/v1/meta/entities" });
    expect(anonymous.statusCode).toBe(401);
  });
});

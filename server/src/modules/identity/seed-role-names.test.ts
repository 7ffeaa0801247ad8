import { describe, expect, it } from "vitest";
import { signIn } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { bootstrapAdmin } from "./bootstrap.js";
import { DEFAULT_ROLES } from "./default-roles.js";
import { ROLE_TRANSLATIONS } from "./seed-role-names.js";

const PASSWORD = "Fresh-instance-Admin-42";

describe("the built-in roles in the first administrator's language", () => {
  const t = useTestContext();

  /** A fresh instance: no users, the built-in roles as seeded (English). */
  async function freshInstance() {
    await t.db.deleteFrom("users").execute();
    await t.db.deleteFrom("roles").where("key", "is", null).execute();
    for (const role of DEFAULT_ROLES) {
      await t.db
        .updateTable("roles")
        .set({ name: role.name, description: role.description })
        .where("key", "=", role.key)
        .execute();
    }
  }

  async function rolesSeenBy(email: string) {
    const s = await signIn(t.app, email, PASSWORD);
    const res = await t.app.inject({ method: "GET", url: "/api/v1/roles", headers: s.headers });
    expect(res.statusCode).toBe(200);
    return res.json().items as { key: string | null; name: string; description: string }[];
  }

  it("a fresh Russian instance shows every built-in role in Russian", async () => {
    await freshInstance();
    const boot = await bootstrapAdmin(t.db, { email: "ru@example.com", password: PASSWORD, language: "ru" });
    expect(boot.rolesLocalized).toBe(DEFAULT_ROLES.length);
    const roles = await rolesSeenBy("ru@example.com");
    const byKey = new Map(roles.map((r) => [r.key, r]));
    expect(byKey.get("sales_manager")).toMatchObject({
      name: "Менеджер по продажам",
      description: "Ведёт своих клиентов, сделки и задачи; видит компании и контакты команды.",
    });
    for (const role of DEFAULT_ROLES) {
      expect(byKey.get(role.key)?.name).toBe(ROLE_TRANSLATIONS[role.key]?.ru.name);
    }
  });

  it("a fresh Serbian Latin instance (ADMIN_LANGUAGE=sr-Latn) shows the roles transliterated from Serbian", async () => {
    await freshInstance();
    const boot = await bootstrapAdmin(t.db, {
      email: "latn@example.com",
      password: PASSWORD,
      language: "sr-Latn",
    });
    expect(boot.rolesLocalized).toBe(DEFAULT_ROLES.length);
    const byKey = new Map((await rolesSeenBy("latn@example.com")).map((r) => [r.key, r]));
    expect(byKey.get("head_of_sales")?.name).toBe("Šef prodaje");
    expect(byKey.get("marketer")?.name).toBe("Marketinški stručnjak");
  });

  it("has a Serbian and a Kazakh name and description for every built-in role", () => {
    for (const role of DEFAULT_ROLES) {
      for (const language of ["ru", "sr", "kk"] as const) {
        expect(ROLE_TRANSLATIONS[role.key]?.[language]?.name, `${role.key} ${language}`).toBeTruthy();
        expect(ROLE_TRANSLATIONS[role.key]?.[language]?.description, `${role.key} ${language}`).toBeTruthy();
      }
    }
  });

  it("keeps a role someone renamed or re-described, and never takes a name another role already has", async () => {
    await freshInstance();
    await t.db.updateTable("roles").set({ name: "Sales rep" }).where("key", "=", "sales_manager").execute();
    await t.db
      .updateTable("roles")
      .set({ description: "Our accountants." })
      .where("key", "=", "accountant")
      .execute();
    await t.db
      .insertInto("roles")
      .values({ name: "маркетолог", permissions: JSON.stringify({}), field_rules: JSON.stringify({}) })
      .execute();
    const boot = await bootstrapAdmin(t.db, { email: "sr@example.com", password: PASSWORD, language: "sr" });
    const byKey = new Map((await rolesSeenBy("sr@example.com")).map((r) => [r.key, r]));
    expect(byKey.get("sales_manager")?.name).toBe("Sales rep");
    expect(byKey.get("accountant")).toMatchObject({ name: "Accountant", description: "Our accountants." });
    expect(byKey.get("head_of_sales")?.name).toBe("Шеф продаје");
    // Serbian "Marketer" is "Маркетиншки стручњак": no clash, renamed; Kazakh would clash, see below.
    expect(byKey.get("marketer")?.name).toBe("Маркетиншки стручњак");
    expect(boot.rolesLocalized).toBe(DEFAULT_ROLES.length - 2);
  });

  it("does not rename a role into a name a custom role already uses", async () => {
    await freshInstance();
    await t.db
      .insertInto("roles")
      .values({ name: "маркетолог", permissions: JSON.stringify({}), field_rules: JSON.stringify({}) })
      .execute();
    const boot = await bootstrapAdmin(t.db, { email: "kk@example.com", password: PASSWORD, language: "kk" });
    const byKey = new Map((await rolesSeenBy("kk@example.com")).map((r) => [r.key, r]));
    expect(byKey.get("marketer")?.name).toBe("Marketer");
    expect(byKey.get("read_only")?.name).toBe("Тек оқу");
    expect(boot.rolesLocalized).toBe(DEFAULT_ROLES.length - 1);
  });

  it("renames nothing on an instance that already has users, nor in English", async () => {
    await freshInstance();
    expect(
      await bootstrapAdmin(t.db, { email: "en@example.com", password: PASSWORD, language: "en" }),
    ).toMatchObject({ created: true, rolesLocalized: 0 });
    expect(
      await bootstrapAdmin(t.db, { email: "late@example.com", password: PASSWORD, language: "ru" }),
    ).toEqual({ created: false });
    const roles = await rolesSeenBy("en@example.com");
    expect(roles.find((r) => r.key === "sales_manager")?.name).toBe("Sales manager");
  });
});

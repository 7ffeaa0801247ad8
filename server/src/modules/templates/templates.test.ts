import { beforeAll, describe, expect, it } from "vitest";
import { createUser, deliverQueuedMail, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("message templates", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let manager: Record<string, string>;
  let other: Record<string, string>;
  let restricted: Record<string, string>;
  let contactId: string;
  let dealId: string;
  let foreignContactId: string;

  const post = (h: Record<string, string>, url: string, payload: unknown) =>
    t.app.inject({ method: "POST", url, headers: h, payload: payload as object });

  beforeAll(async () => {
    const a = await createUser(t.db, { roleKey: "admin" });
    const m = await createUser(t.db, { roleKey: "sales_manager" });
    await t.db.updateTable("users").set({ name: "Ivan Petrov" }).where("id", "=", m.id).execute();
    const o = await createUser(t.db, { roleKey: "sales_manager" });
    const role = await t.db
      .insertInto("roles")
      .values({
        name: "No birthdays",
        permissions: JSON.stringify({
          contacts: { read: "all" },
          companies: { read: "all" },
          deals: { read: "all" },
        }),
        field_rules: JSON.stringify({ contacts: { birthday: "hidden" }, deals: { amount: "hidden" } }),
        admin_permissions: [],
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const r = await createUser(t.db, {});
    await t.db.updateTable("users").set({ role_id: role.id }).where("id", "=", r.id).execute();
    admin = await tokenHeaders(t.db, a.id);
    manager = await tokenHeaders(t.db, m.id);
    other = await tokenHeaders(t.db, o.id);
    restricted = await tokenHeaders(t.db, r.id);
    const co = await post(manager, "/api/v1/companies", { name: "Рога и копыта" });
    const c = await post(manager, "/api/v1/contacts", {
      firstName: "Анна",
      lastName: "<Smith>",
      language: "ru",
      birthday: "1990-03-08",
      companies: [{ companyId: co.json().id }],
    });
    expect(c.statusCode, c.body).toBe(201);
    contactId = c.json().id;
    const d = await post(manager, "/api/v1/deals", {
      title: "Big one",
      amount: "1234567.50",
      currency: "RUB",
      contactId,
      companyId: co.json().id,
    });
    expect(d.statusCode, d.body).toBe(201);
    dealId = d.json().id;
    const fc = await post(other, "/api/v1/contacts", { firstName: "Hidden" });
    foreignContactId = fc.json().id;
  });

  const emailTemplate = {
    kind: "email",
    name: "Offer",
    defaultLanguage: "en",
    variants: {
      en: {
        subject: "Offer for {{ contact.firstName }}",
        body: "<p>Hello {{ contact.lastName }}</p>{{ user.signature }}",
      },
      ru: {
        subject: "Предложение для {{ contact.firstName }} ({{ company.name }})",
        body: "<p>Здравствуйте, {{ contact.firstName }} {{ contact.lastName }}!</p><p>{{ user.firstName }}</p><script>x</script>",
      },
    },
  };

  it("creates a personal template, previews it against a record in the contact's language, escaped", async () => {
    const res = await post(manager, "/api/v1/templates", emailTemplate);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    expect(res.json()).toMatchObject({ shared: false, canEdit: true, kind: "email" });
    const pv = await post(manager, `/api/v1/templates/${id}/preview`, {
      recordType: "contacts",
      recordId: contactId,
    });
    expect(pv.statusCode, pv.body).toBe(200);
    const out = pv.json();
    expect(out.language).toBe("ru");
    expect(out.subject).toBe("Предложение для Анна (Рога и копыта)");
    expect(out.html).toContain("Здравствуйте, Анна &lt;Smith&gt;!");
    expect(out.html).toContain("<p>Ivan</p>");
    expect(out.html).not.toContain("<script");
    // Explicit language with fallback: kk has no variant → the default (en).
    const kk = await post(manager, `/api/v1/templates/${id}/preview`, {
      recordType: "contacts",
      recordId: contactId,
      language: "kk",
    });
    expect(kk.json()).toMatchObject({ language: "en", subject: "Offer for Анна" });
    // Personal: another user does not see it.
    expect(
      (await t.app.inject({ method: "GET", url: `/api/v1/templates/${id}`, headers: other })).statusCode,
    ).toBe(404);
    const list = await t.app.inject({ method: "GET", url: "/api/v1/templates", headers: other });
    expect(list.json().items.map((x: { id: string }) => x.id)).not.toContain(id);
  });

  it("refuses an unknown variable and a syntax error with line and column; nothing saved", async () => {
    const before = await t.db
      .selectFrom("message_templates")
      .select(t.db.fn.countAll().as("n"))
      .executeTakeFirst();
    const unknown = await post(manager, "/api/v1/templates", {
      kind: "sms",
      name: "Bad",
      variants: { en: { body: "Hi\n  {{ contact.nickname }}" } },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({
      code: "template_invalid",
      errors: [{ field: "variants.en.body", code: "template_unknown_variable", line: 2, column: 6 }],
    });
    const syntax = await post(manager, "/api/v1/templates", {
      kind: "sms",
      name: "Bad",
      variants: { en: { body: "ok" }, ru: { body: "line\n{% if contact.firstName %}" } },
    });
    expect(syntax.statusCode).toBe(422);
    expect(syntax.json().errors[0]).toMatchObject({
      field: "variants.ru.body",
      code: "template_syntax",
      line: 2,
    });
    const filter = await post(manager, "/api/v1/templates", {
      kind: "sms",
      name: "Bad",
      variants: { en: { body: "{{ contact.firstName | exec }}" } },
    });
    expect(filter.json().errors[0]).toMatchObject({ code: "template_unknown_filter", line: 1 });
    const include = await post(manager, "/api/v1/templates", {
      kind: "sms",
      name: "Bad",
      variants: { en: { body: "{% include '/etc/passwd' %}" } },
    });
    expect(include.statusCode).toBe(422);
    const nul = await post(manager, "/api/v1/templates", {
      kind: "sms",
      name: "x\u0000",
      variants: { en: { body: "a" } },
    });
    expect(nul.statusCode).toBe(422);
    const after = await t.db
      .selectFrom("message_templates")
      .select(t.db.fn.countAll().as("n"))
      .executeTakeFirst();
    expect(after?.n).toBe(before?.n);
  });

  it("formats money, dates and numbers in the recipient's language", async () => {
    const res = await post(manager, "/api/v1/templates", {
      kind: "sms",
      name: "Amount",
      defaultLanguage: "ru",
      variants: {
        ru: {
          body: "{{ deal.amount | format_money: deal.currency }} / {{ contact.birthday | format_date: 'long' }} / {{ 1234.5 | format_number }}",
        },
        en: {
          body: "{{ deal.amount | format_money: deal.currency }} / {{ contact.birthday | format_date: 'long' }}",
        },
        sr: { body: "{{ deal.amount | format_money: deal.currency }}" },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    const ru = await post(manager, `/api/v1/templates/${id}/preview`, {
      recordType: "deals",
      recordId: dealId,
    });
    expect(ru.statusCode, ru.body).toBe(200);
    expect(ru.json().text.replace(/\s/g, " ")).toBe("1 234 567,50 ₽ / 8 марта 1990 г. / 1 234,5");
    const en = await post(manager, `/api/v1/templates/${id}/preview`, {
      recordType: "deals",
      recordId: dealId,
      language: "en",
    });
    expect(en.json().text.replace(/\s/g, " ")).toBe("RUB 1,234,567.50 / March 8, 1990");
    const sr = await post(manager, `/api/v1/templates/${id}/preview`, {
      recordType: "deals",
      recordId: dealId,
      language: "sr",
    });
    expect(sr.json().text).toContain("1.234.567,50");
  });

  it("never leaks a hidden field, and previews only records the user may read", async () => {
    const res = await post(admin, "/api/v1/templates", {
      kind: "sms",
      name: "Shared birthday",
      shared: true,
      variants: { en: { body: "{{ contact.firstName }} {{ contact.birthday }}" } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    const hidden = await post(restricted, `/api/v1/templates/${id}/preview`, {
      recordType: "contacts",
      recordId: contactId,
    });
    expect(hidden.statusCode).toBe(422);
    expect(hidden.json().code).toBe("template_field_hidden");
    expect(hidden.body).not.toContain("1990");
    const ok = await post(manager, `/api/v1/templates/${id}/preview`, {
      recordType: "contacts",
      recordId: contactId,
    });
    expect(ok.json().text).toBe("Анна 1990-03-08");
    const foreign = await post(manager, `/api/v1/templates/${id}/preview`, {
      recordType: "contacts",
      recordId: foreignContactId,
    });
    expect(foreign.statusCode).toBe(404);
    const unknownType = await post(manager, `/api/v1/templates/${id}/preview`, {
      recordType: "nothing",
      recordId: contactId,
    });
    expect(unknownType.statusCode).toBe(404);
  });

  it("needs templates.manage for shared templates; only the owner edits a personal one", async () => {
    const denied = await post(manager, "/api/v1/templates", {
      kind: "sms",
      name: "Shared",
      shared: true,
      variants: { en: { body: "x" } },
    });
    expect(denied.statusCode).toBe(403);
    const mine = await post(manager, "/api/v1/templates", {
      kind: "sms",
      name: "Mine",
      variants: { en: { body: "x" } },
    });
    const id = mine.json().id;
    const patchOther = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/templates/${id}`,
      headers: other,
      payload: { name: "Stolen" },
    });
    expect(patchOther.statusCode).toBe(404);
    const share = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/templates/${id}`,
      headers: manager,
      payload: { shared: true },
    });
    expect(share.statusCode).toBe(403);
    const bad = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/templates/${id}`,
      headers: manager,
      payload: { variants: { en: { body: "{{ deal.nope }}" } } },
    });
    expect(bad.statusCode).toBe(422);
    const del = await t.app.inject({ method: "DELETE", url: `/api/v1/templates/${id}`, headers: manager });
    expect(del.statusCode).toBe(204);
    const ev = await t.db
      .selectFrom("change_events")
      .select(["action"])
      .where("entity", "=", "message-templates")
      .where("entity_id", "=", id)
      .execute();
    expect(ev.map((e) => e.action).sort()).toEqual(["create", "delete"]);
  });

  it("custom fields are variables; test send mails the rendered template to oneself", async () => {
    const cf = await post(admin, "/api/v1/custom-fields", {
      entity: "contacts",
      key: "shoeSize",
      label: "Shoe",
      type: "number",
    });
    expect(cf.statusCode, cf.body).toBe(201);
    const res = await post(manager, "/api/v1/templates", {
      kind: "email",
      name: "Custom",
      variants: {
        en: { subject: "Size {{ contact.custom.shoeSize }}", body: "<b>{{ contact.firstName }}</b>" },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const send = await post(manager, `/api/v1/templates/${res.json().id}/test-send`, {
      recordType: "contacts",
      recordId: contactId,
    });
    expect(send.statusCode, send.body).toBe(202);
    const mails = await deliverQueuedMail(t);
    const mail = mails.find((m) => m.subject === "Size");
    expect(mail?.text).toBe("Анна");
    expect(mail?.to).toBe(send.json().to);
  });
});

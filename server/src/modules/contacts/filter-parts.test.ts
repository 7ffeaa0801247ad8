import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

/** Filters on a part of an address or a number, as people type them: a domain, a formatted phone fragment. */
describe("e-mail and phone filters on a part of the value", () => {
  const t = useTestContext();
  let admin: Record<string, string>;

  const list = (entity: string, filter: object) =>
    t.app.inject({
      method: "GET",
      url: `/api/v1/${entity}?limit=100&filter=${encodeURIComponent(JSON.stringify(filter))}`,
      headers: admin,
    });
  const names = async (entity: string, filter: object) => {
    const res = await list(entity, filter);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as Array<{ name: string }>).map((i) => i.name).sort();
  };

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    const post = async (url: string, payload: object) => {
      const res = await t.app.inject({ method: "POST", url, headers: admin, payload });
      expect(res.statusCode, res.body).toBe(201);
    };
    await post("/api/v1/contacts", {
      firstName: "Maria",
      lastName: "Espinoza",
      emails: [{ value: "maria@espinoza-francis.net" }, { kind: "other", value: "m.e@home.example" }],
      phones: [{ kind: "work", raw: "+1-424-237-0336" }],
    });
    await post("/api/v1/contacts", {
      firstName: "Frank",
      lastName: "Francis",
      emails: [{ value: "Frank@Espinoza-Francis.NET" }],
      phones: [{ kind: "mobile", raw: "+7 (912) 188-55-53" }],
    });
    await post("/api/v1/contacts", {
      firstName: "Other",
      emails: [{ value: "other@francis.net" }],
      phones: [{ kind: "mobile", raw: "+381 64 7654321" }],
    });
    await post("/api/v1/companies", {
      name: "Espinoza LLC",
      emails: [{ value: "sales@espinoza-francis.net" }],
    });
  });

  it("finds the addresses at a domain (any case) and still whole addresses", async () => {
    expect(
      await names("contacts", { field: "emails", op: "contains", value: "espinoza-francis.net" }),
    ).toEqual(["Frank Francis", "Maria Espinoza"]);
    expect(
      await names("contacts", { field: "emails", op: "contains", value: "@ESPINOZA-francis.net" }),
    ).toEqual(["Frank Francis", "Maria Espinoza"]);
    expect(await names("contacts", { field: "emails", op: "contains", value: "francis.net" })).toEqual([
      "Frank Francis",
      "Maria Espinoza",
      "Other",
    ]);
    expect(await names("contacts", { field: "emails", op: "contains", value: "m.e@home.example" })).toEqual([
      "Maria Espinoza",
    ]);
    // Several parts: all of them, in any of the addresses.
    expect(
      await names("contacts", {
        field: "emails",
        op: "contains",
        value: ["espinoza-francis", "home.example"],
      }),
    ).toEqual(["Maria Espinoza"]);
    // Wildcards are literal.
    expect(await names("contacts", { field: "emails", op: "contains", value: "%" })).toEqual([]);
    expect(
      await names("companies", { field: "emails", op: "contains", value: "espinoza-francis.net" }),
    ).toEqual(["Espinoza LLC"]);
  });

  it("refuses a part with spaces (it could span two addresses)", async () => {
    const res = await list("contacts", { field: "emails", op: "contains", value: "net other" });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: "filter.emails", code: "invalid_filter_value" });
  });

  it("matches a formatted phone fragment on its digits, like the quick search", async () => {
    expect(await names("contacts", { field: "phone", op: "contains", value: "237-0336" })).toEqual([
      "Maria Espinoza",
    ]);
    expect(await names("contacts", { field: "phone", op: "contains", value: "(912) 188-55" })).toEqual([
      "Frank Francis",
    ]);
    expect(await names("contacts", { field: "phone", op: "contains", value: "2370336" })).toEqual([
      "Maria Espinoza",
    ]);
    const res = await list("contacts", { field: "phone", op: "contains", value: "--" });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: "filter.phone", code: "invalid_filter_value" });
  });
});

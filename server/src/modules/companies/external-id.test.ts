import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

/** The standard external id of companies, contacts and deals: read/write, unique among live records. */
describe("external id", () => {
  const t = useTestContext();
  let admin: Record<string, string>;

  beforeAll(async () => {
    const a = await createUser(t.db, { roleKey: "admin" });
    admin = await tokenHeaders(t.db, a.id);
  });

  const call = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    payload?: object,
    headers = admin,
    extra: Record<string, string> = {},
  ) => t.app.inject({ method, url, headers: { ...headers, ...extra }, ...(payload ? { payload } : {}) });

  it("is written, read, filtered and changed on each entity; a taken one is a 422 on externalId", async () => {
    const company = await call("POST", "/api/v1/companies", { name: "Ext Co", externalId: " 1C-0001 " });
    expect(company.statusCode, company.body).toBe(201);
    expect(company.json().externalId).toBe("1C-0001");
    const companyId = company.json().id as string;
    const contact = await call("POST", "/api/v1/contacts", { firstName: "Ext", externalId: "CUST-42" });
    expect(contact.statusCode, contact.body).toBe(201);
    const deal = await call("POST", "/api/v1/deals", { title: "Ext deal", companyId, externalId: "D-7" });
    expect(deal.statusCode, deal.body).toBe(201);
    expect(deal.json().externalId).toBe("D-7");

    // The same value on another entity is fine; on the same entity it is taken (exact match only).
    const other = await call("POST", "/api/v1/contacts", { firstName: "Other", externalId: "1C-0001" });
    expect(other.statusCode, other.body).toBe(201);
    const taken = await call("POST", "/api/v1/companies", { name: "Second", externalId: "1C-0001" });
    expect(taken.statusCode).toBe(422);
    expect(taken.json().errors).toEqual([
      expect.objectContaining({ field: "externalId", code: "not_unique" }),
    ]);
    const caseDiffers = await call("POST", "/api/v1/companies", { name: "Third", externalId: "1c-0001" });
    expect(caseDiffers.statusCode, caseDiffers.body).toBe(201);
    const dealTaken = await call("POST", "/api/v1/deals", { title: "Again", companyId, externalId: "D-7" });
    expect(dealTaken.json().errors?.[0]).toMatchObject({ field: "externalId", code: "not_unique" });

    const list = await call(
      "GET",
      `/api/v1/companies?filter=${encodeURIComponent(JSON.stringify({ field: "externalId", op: "eq", value: "1C-0001" }))}`,
    );
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((c: { id: string }) => c.id)).toEqual([companyId]);

    const contactId = contact.json().id as string;
    const patched = await call("PATCH", `/api/v1/contacts/${contactId}`, { externalId: "CUST-43" }, admin, {
      "if-match": `"v${contact.json().version}"`,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().externalId).toBe("CUST-43");
    const stale = await call("PATCH", `/api/v1/contacts/${contactId}`, { externalId: "CUST-44" }, admin, {
      "if-match": `"v${contact.json().version}"`,
    });
    expect(stale.statusCode).toBe(412);
    const cleared = await call("PATCH", `/api/v1/contacts/${contactId}`, { externalId: "" });
    expect(cleared.json().externalId).toBeNull();
    const clash = await call("PATCH", `/api/v1/contacts/${other.json().id}`, { externalId: "CUST-43" });
    expect(clash.statusCode).toBe(200);
    const clash2 = await call("PATCH", `/api/v1/contacts/${contactId}`, { externalId: "CUST-43" });
    expect(clash2.statusCode).toBe(422);
    expect(clash2.json().errors[0]).toMatchObject({ field: "externalId", code: "not_unique" });

    // A deleted record frees its external id.
    expect((await call("DELETE", `/api/v1/companies/${caseDiffers.json().id}`)).statusCode).toBe(204);
    const reused = await call("POST", "/api/v1/companies", { name: "Fourth", externalId: "1c-0001" });
    expect(reused.statusCode, reused.body).toBe(201);
  });

  it("follows field rules: hidden from a role's answers and not writable by it", async () => {
    const role = await call("POST", "/api/v1/roles", {
      name: `No external ids ${crypto.randomUUID()}`,
      permissions: { companies: { read: "all", create: "all", update: "all", import: "all" } },
      fieldRules: { companies: { externalId: "hidden" } },
    });
    expect(role.statusCode, role.body).toBe(201);
    const user = await createUser(t.db);
    await t.db.updateTable("users").set({ role_id: role.json().id }).where("id", "=", user.id).execute();
    const headers = await tokenHeaders(t.db, user.id);
    const company = await call("POST", "/api/v1/companies", { name: "Hidden Ext", externalId: "H-1" });
    const id = company.json().id as string;
    const read = await call("GET", `/api/v1/companies/${id}`, undefined, headers);
    expect(read.statusCode).toBe(200);
    expect(read.json()).not.toHaveProperty("externalId");
    expect(read.body).not.toContain("H-1");
    const write = await call("PATCH", `/api/v1/companies/${id}`, { externalId: "H-2" }, headers);
    expect(write.statusCode).toBe(422);
    expect(write.json().errors[0]).toMatchObject({ field: "externalId", code: "field_read_only" });
    const filter = encodeURIComponent(JSON.stringify({ field: "externalId", op: "eq", value: "H-1" }));
    expect((await call("GET", `/api/v1/companies?filter=${filter}`, undefined, headers)).statusCode).toBe(
      422,
    );

    // Nor is it an import target or match key for the role: the "Customer Id" column stays unmapped.
    const upload = await t.app.inject({
      method: "POST",
      url: "/api/v1/imports?entity=companies&fileName=ids.csv",
      headers: { ...headers, "content-type": "application/octet-stream" },
      payload: Buffer.from("Name;Customer Id\nHidden Two;H-9\n"),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    expect(upload.json().mapping).toEqual({ "0": "name" });
    const preview = await call("GET", `/api/v1/imports/${upload.json().id}/preview`, undefined, headers);
    expect(preview.json().fields.map((f: { key: string }) => f.key)).not.toContain("externalId");
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runImport } from "../imports/job.js";
import { dryRun, upload } from "../imports/test-helpers.js";

// Products import through their definition's `capabilities.import` alone: the importer names no product.
describe("products import", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let adminId: string;

  beforeAll(async () => {
    const a = await createUser(t.db, { roleKey: "admin" });
    adminId = a.id;
    admin = await tokenHeaders(t.db, a.id);
  });

  const inject = (method: "GET" | "POST" | "PUT", url: string, payload?: object) =>
    t.app.inject({ method, url, headers: admin, ...(payload ? { payload } : {}) });
  const MAPPING = {
    "0": "sku",
    "1": "name",
    "2": "price",
    "3": "currency",
    "4": "vatRate",
    "5": "active",
    "6": "tags",
  };

  async function importFile(csv: string, options: object = {}) {
    const res = await upload(t.app, admin, "products", csv);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    const mapped = await inject("PUT", `/api/v1/imports/${id}/mapping`, { mapping: MAPPING, options });
    expect(mapped.statusCode, mapped.body).toBe(200);
    const dry = (await dryRun(t, admin, id)).json();
    expect((await inject("POST", `/api/v1/imports/${id}/run`)).statusCode).toBe(202);
    await runImport(t.db, id);
    const done = (await inject("GET", `/api/v1/imports/${id}`)).json();
    const errors = (await inject("GET", `/api/v1/imports/${id}/errors`)).json();
    return {
      id,
      dry: dry.dryRun,
      done,
      errors: errors.items as { row: number; column: string; reason: string }[],
    };
  }

  it("offers the definition's targets and creates products through the product write rules", async () => {
    const res = await upload(t.app, admin, "products", "SKU,Name,Price\nA-1,Bolt,1\n");
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().mapping).toMatchObject({ "0": "sku", "1": "name", "2": "price" });
    const preview = await inject("GET", `/api/v1/imports/${res.json().id}/preview`);
    const fields = preview.json().fields.map((f: { key: string }) => f.key);
    expect(fields).toEqual(
      expect.arrayContaining(["sku", "name", "price", "currency", "vatRate", "active", "owner"]),
    );

    const r = await importFile(
      [
        "SKU,Name,Price,Currency,VAT,Active,Tags",
        'B-1,Bolt M6,"1 250,50",rub,20,yes,hardware',
        "B-2,Nut M6,3.10,RUB,,no,",
        "B-3,Washer,,RUB,,,",
        "B-1,Bolt again,2,RUB,,,",
        "B-4,Too taxed,2,RUB,120,,",
      ].join("\n"),
      { skipInvalidRows: true },
    );
    expect(r.dry).toMatchObject({ total: 5, valid: 2, invalid: 3, toCreate: 2 });
    expect(r.done).toMatchObject({ status: "completed", progress: { created: 2 } });
    const reasons = Object.fromEntries(r.errors.map((e) => [e.row, e.reason]));
    expect(reasons[4]).toBe("Required.");
    expect(reasons[5]).toBe("Row 2 of this file has this SKU.");
    expect(reasons[6]).toBe("A VAT rate is at most 100 %.");
    const rows = await t.db.selectFrom("products").selectAll().orderBy("sku").execute();
    expect(rows).toMatchObject([
      { sku: "B-1", name: "Bolt M6", price_amount: "1250.50", price_currency: "RUB", vat_rate: "20.00" },
      { sku: "B-2", name: "Nut M6", price_amount: "3.10", active: false, vat_rate: "0.00", unit: "pcs" },
    ]);
    expect(rows[0]).toMatchObject({
      active: true,
      tags: ["hardware"],
      owner_id: adminId,
      created_by: adminId,
    });
  });

  it("refuses a SKU another product holds, updates by name, and reverts", async () => {
    const made = await inject("POST", "/api/v1/products", {
      sku: "C-1",
      name: "Cable",
      price: { amount: "5.00", currency: "EUR" },
    });
    expect(made.statusCode, made.body).toBe(201);
    const r = await importFile(
      ["SKU,Name,Price,Currency,VAT,Active,Tags", "C-1,Cable tie,1,EUR,,,", "C-2,Cable,7.5,EUR,10,,"].join(
        "\n",
      ),
      { skipInvalidRows: true, duplicatePolicy: "update" },
    );
    expect(r.errors).toMatchObject([{ row: 2, reason: "Another record already has this SKU." }]);
    expect(r.done).toMatchObject({ status: "completed", progress: { updated: 1 } });
    const cable = await t.db
      .selectFrom("products")
      .selectAll()
      .where("id", "=", made.json().id)
      .executeTakeFirstOrThrow();
    expect(cable).toMatchObject({ sku: "C-2", price_amount: "7.50", vat_rate: "10.00" });

    const reverted = await inject("POST", `/api/v1/imports/${r.id}/revert`);
    expect(reverted.json().status).toBe("reverted");
    const back = await t.db
      .selectFrom("products")
      .selectAll()
      .where("id", "=", made.json().id)
      .executeTakeFirstOrThrow();
    expect(back).toMatchObject({ sku: "C-1", price_amount: "5.00", vat_rate: "0.00" });
  });
});

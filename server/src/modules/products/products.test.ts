import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runExport } from "../exports/service.js";

describe("products", () => {
  const t = useTestContext();
  let admin: Record<string, string>;

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
  });

  const call = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    payload?: object,
    headers = admin,
  ) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const count = async () =>
    Number(
      (
        await t.db
          .selectFrom("products")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirst()
      )?.n,
    );

  it("creates, lists with filter and sort, updates, deletes and restores; money and VAT as decimal strings", async () => {
    const res = await call("POST", "/api/v1/products", {
      sku: "TAB-001",
      name: "Standing desk",
      unit: "pcs",
      price: { amount: "24990.50", currency: "RUB" },
      vatRate: "20",
      tags: ["furniture"],
    });
    expect(res.statusCode, res.body).toBe(201);
    const desk = res.json();
    expect(desk).toMatchObject({
      sku: "TAB-001",
      price: { amount: "24990.50", currency: "RUB" },
      vatRate: "20.00",
      active: true,
      tags: ["furniture"],
    });
    await call("POST", "/api/v1/products", {
      sku: "CH-7",
      name: "Chair",
      price: { amount: "990", currency: "RUB" },
    });
    const filter = encodeURIComponent(JSON.stringify({ field: "price", op: "gt", value: 1000 }));
    const list = (await call("GET", `/api/v1/products?filter=${filter}&sort=-price`)).json();
    expect(list.items.map((p: { sku: string }) => p.sku)).toEqual(["TAB-001"]);

    const patched = await call("PATCH", `/api/v1/products/${desk.id}`, { active: false, vatRate: "10.5" });
    expect(patched.json()).toMatchObject({ active: false, vatRate: "10.50", name: "Standing desk" });
    expect((await call("DELETE", `/api/v1/products/${desk.id}`)).statusCode).toBe(204);
    expect((await call("GET", `/api/v1/products/${desk.id}`)).statusCode).toBe(404);
    const trash = (await call("GET", "/api/v1/products?deleted=true")).json();
    expect(trash.items.map((p: { id: string }) => p.id)).toEqual([desk.id]);
    expect((await call("POST", `/api/v1/products/${desk.id}/restore`)).json()).toMatchObject({
      sku: "TAB-001",
    });
  });

  it("keeps SKUs unique among live products: a duplicate is 422 on sku and writes nothing", async () => {
    const first = (
      await call("POST", "/api/v1/products", {
        sku: "U-1",
        name: "One",
        price: { amount: "1", currency: "EUR" },
      })
    ).json();
    const before = await count();
    const dup = await call("POST", "/api/v1/products", {
      sku: "U-1",
      name: "Two",
      price: { amount: "2", currency: "EUR" },
    });
    expect(dup.statusCode).toBe(422);
    expect(dup.json().errors).toEqual([expect.objectContaining({ field: "sku", code: "not_unique" })]);
    expect(await count()).toBe(before);
    const other = (
      await call("POST", "/api/v1/products", {
        sku: "U-2",
        name: "Two",
        price: { amount: "2", currency: "EUR" },
      })
    ).json();
    expect((await call("PATCH", `/api/v1/products/${other.id}`, { sku: "U-1" })).statusCode).toBe(422);
    // A product in the trash frees its SKU; restoring it while another product holds it is refused.
    await call("DELETE", `/api/v1/products/${first.id}`);
    expect((await call("PATCH", `/api/v1/products/${other.id}`, { sku: "U-1" })).statusCode).toBe(200);
    const restore = await call("POST", `/api/v1/products/${first.id}/restore`);
    expect(restore.statusCode).toBe(422);
    expect(restore.json().errors[0]).toMatchObject({ field: "sku", code: "not_unique" });
  });

  it("refuses bad money, VAT rates and unknown fields with field errors", async () => {
    const before = await count();
    const bad = [
      { sku: "B-1", name: "X", price: { amount: "-1", currency: "RUB" } },
      { sku: "B-2", name: "X", price: { amount: "1.999", currency: "RUB" } },
      { sku: "B-3", name: "X", price: { amount: "1", currency: "rub" } },
      { sku: "B-4", name: "X", price: { amount: "1", currency: "RUB" }, vatRate: "120" },
      { sku: "B-5", name: "X", price: 10 },
      { sku: "B-6", name: "X", price: { amount: "1", currency: "RUB" }, colour: "red" },
      { sku: "", name: "X", price: { amount: "1", currency: "RUB" } },
    ];
    for (const body of bad) {
      const res = await call("POST", "/api/v1/products", body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().errors.length).toBeGreaterThan(0);
    }
    expect(await count()).toBe(before);
  });

  it("joins custom fields, tags, views, search and export through its definition", async () => {
    const field = await call("POST", "/api/v1/custom-fields", {
      entity: "products",
      key: "warranty",
      label: "Warranty, months",
      type: "number",
    });
    expect(field.statusCode, field.body).toBe(201);
    const p = await call("POST", "/api/v1/products", {
      sku: "LMP-42",
      name: "Desk lamp Lumen",
      price: { amount: "1500", currency: "KZT" },
      tags: ["lighting"],
      custom: { warranty: 24 },
    });
    expect(p.json().custom).toEqual({ warranty: 24 });
    expect(
      (
        await call("POST", "/api/v1/products", {
          sku: "LMP-43",
          name: "Lamp",
          price: { amount: "1", currency: "KZT" },
          custom: { warranty: "long" },
        })
      ).statusCode,
    ).toBe(422);

    const tag = (await call("GET", "/api/v1/tags"))
      .json()
      .items.find((x: { name: string }) => x.name === "lighting");
    expect(tag).toBeDefined();
    await call("PATCH", `/api/v1/tags/${tag.id}`, { name: "lamps" });
    expect((await call("GET", `/api/v1/products/${p.json().id}`)).json().tags).toEqual(["lamps"]);

    const view = await call("POST", "/api/v1/views", {
      entity: "products",
      name: "Lamps",
      filter: { field: "tags", op: "contains", value: ["lamps"] },
    });
    expect(view.statusCode, view.body).toBe(201);

    const bySku = (await call("GET", "/api/v1/search?q=LMP-4&types=products")).json();
    expect(bySku.groups[0].items[0]).toMatchObject({ title: "Desk lamp Lumen", subtitle: "LMP-42" });
    const typo = (await call("GET", "/api/v1/search?q=lumne&types=products")).json();
    expect(typo.groups[0].items.map((h: { title: string }) => h.title)).toContain("Desk lamp Lumen");

    const exp = await call("POST", "/api/v1/exports", {
      entity: "products",
      format: "csv",
      columns: ["sku", "name", "price", "priceCurrency", "custom.warranty"],
    });
    expect(exp.statusCode, exp.body).toBe(202);
    await runExport(t.db, exp.json().id);
    const file = await call("GET", `/api/v1/exports/${exp.json().id}/download`);
    expect(file.body).toContain("LMP-42");
    expect(file.body).toMatch(/1500(\.00)?/);
    expect((await call("POST", "/api/v1/exports", { entity: "products", format: "vcf" })).statusCode).toBe(
      422,
    );
  });

  it("follows the roles: sales managers read the catalogue, only the head of sales changes it", async () => {
    const manager = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
    const head = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "head_of_sales" })).id);
    const body = { sku: "R-1", name: "Role probe", price: { amount: "5", currency: "RSD" } };
    expect((await call("POST", "/api/v1/products", body, manager)).statusCode).toBe(403);
    const created = await call("POST", "/api/v1/products", body, head);
    expect(created.statusCode).toBe(201);
    expect((await call("GET", `/api/v1/products/${created.json().id}`, undefined, manager)).statusCode).toBe(
      200,
    );
    expect(
      (await call("PATCH", `/api/v1/products/${created.json().id}`, { name: "X" }, manager)).statusCode,
    ).toBe(403);
  });
});

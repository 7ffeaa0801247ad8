import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { adminEntities } from "../../test/entityMeta";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { giveElementsLayout, listRoutes, uuid } from "../../test/listFixtures";
import { renderApp } from "../../test/render";

const slow = { timeout: 20_000 };
const products = {
  ...adminEntities[0],
  name: "products",
  apiPath: "/api/v1/products",
  label: { singular: "Product", plural: "Products" },
  labels: {
    en: { singular: "Product", plural: "Products" },
    ru: { singular: "Товар", plural: "Товары" },
    sr: { singular: "Производ", plural: "Производи" },
    kk: { singular: "Тауар", plural: "Тауарлар" },
  },
  navigation: { group: "catalog", order: 60 },
};
const field = (key: string, type: string) => ({
  key,
  type,
  filterable: true,
  sortable: true,
  custom: false,
  access: "write",
  operators: [],
});
const fields = [
  field("sku", "text"),
  field("name", "text"),
  field("unit", "text"),
  field("price", "money"),
  field("vatRate", "number"),
  field("active", "boolean"),
  field("ownerId", "user"),
];

describe("products through the shared record form", { timeout: 90_000 }, () => {
  beforeEach(giveElementsLayout);

  it("creates a product with its price as a decimal string and the workspace currency, then opens it", async () => {
    const id = uuid(42);
    const fake = installFakeFetch({
      ...listRoutes("products", [], fields),
      "GET /api/v1/meta/entities": () => json({ items: [...adminEntities, products] }),
      "GET /api/v1/settings/default-currency": () => json({ currency: "RSD" }),
      "POST /api/v1/products": () => json({ id, sku: "A-1", name: "Bolt" }, 201),
      [`GET /api/v1/products/${id}`]: () =>
        json({ id, sku: "A-1", name: "Bolt", price: { amount: "12.50", currency: "RSD" } }),
    });
    const { router } = renderApp("/products");
    await userEvent.click(await screen.findByRole("button", { name: "New product" }, slow));
    const dialog = await screen.findByRole("dialog", { name: "New product" }, slow);
    await userEvent.type(within(dialog).getByRole("textbox", { name: /^SKU/ }), "A-1");
    await userEvent.type(within(dialog).getByRole("textbox", { name: /^Name/ }), "Bolt");
    await userEvent.type(within(dialog).getByRole("textbox", { name: /^Price/ }), "12,50");
    await waitFor(() => expect(within(dialog).getByRole("textbox", { name: "Currency" })).toHaveValue("RSD"));
    await userEvent.click(within(dialog).getByRole("button", { name: "Create" }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/products/${id}`), slow);
    expect(fake.callsTo("POST /api/v1/products")[0]?.body).toEqual({
      sku: "A-1",
      name: "Bolt",
      unit: "pcs",
      active: true,
      custom: {},
      price: { amount: "12.50", currency: "RSD" },
    });
  });
});

import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { adminEntities } from "../../../test/entityMeta";
import { installFakeFetch, json, problem } from "../../../test/fakeFetch";
import { giveElementsLayout, listRoutes, uuid } from "../../../test/listFixtures";
import { renderApp } from "../../../test/render";

const slow = { timeout: 30_000 };
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
const fields = [field("sku", "text"), field("name", "text"), field("unit", "text")];

describe("editing a record someone else changed meanwhile", { timeout: 90_000 }, () => {
  beforeEach(giveElementsLayout);

  it("sends If-Match, names what changed on a 412, and re-applies the user's change on the new version", async () => {
    const id = uuid(7);
    const stored = { id, sku: "A-1", name: "Bolt", unit: "pcs", version: 2 };
    let colleagueSaved = false;
    const fake = installFakeFetch({
      ...listRoutes("products", [], fields),
      "GET /api/v1/meta/entities": () => json({ items: [...adminEntities, products] }),
      [`GET /api/v1/products/${id}`]: () =>
        json(colleagueSaved ? { ...stored, unit: "kg", version: 3 } : stored),
      [`PATCH /api/v1/products/${id}`]: [
        () => {
          // A colleague changed the unit while the dialog was open.
          colleagueSaved = true;
          return problem(412, "version_conflict", {}, { ETag: '"v3"' });
        },
        () => json({ ...stored, unit: "kg", name: "Hex bolt", version: 4 }),
      ],
    });
    renderApp(`/products/${id}`);
    await userEvent.click(await screen.findByRole("button", { name: "Edit" }, slow));
    const dialog = await screen.findByRole("dialog", { name: "Edit" }, slow);
    const name = within(dialog).getByRole("textbox", { name: /^Name/ });
    await userEvent.clear(name);
    await userEvent.type(name, "Hex bolt");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));

    expect(
      await within(dialog).findByText(/Someone changed this record.*Unit/, {}, slow),
    ).toBeInTheDocument();
    const [first] = fake.callsTo(`PATCH /api/v1/products/${id}`);
    expect(first?.headers.get("If-Match")).toBe('"v2"');
    expect(first?.body).toEqual({ name: "Hex bolt" });

    await userEvent.click(within(dialog).getByRole("button", { name: "Apply my changes" }));
    await vi.waitFor(() => expect(fake.callsTo(`PATCH /api/v1/products/${id}`)).toHaveLength(2));
    const second = fake.callsTo(`PATCH /api/v1/products/${id}`)[1];
    expect(second?.headers.get("If-Match")).toBe('"v3"');
    // Only the user's own change is sent again: the colleague's unit stays.
    expect(second?.body).toEqual({ name: "Hex bolt" });
  });
});

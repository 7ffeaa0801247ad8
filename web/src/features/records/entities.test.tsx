import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { adminEntities, entitiesWithout } from "../../test/entityMeta";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { companyListRoutes, giveElementsLayout, listRoutes, uuid } from "../../test/listFixtures";
import { renderApp } from "../../test/render";

const slow = { timeout: 20_000 };

/** An entity only the server's catalogue knows (no screen, no switch in the web). */
const widgets = {
  ...adminEntities[0],
  name: "widgets",
  apiPath: "/api/v1/widgets",
  label: { singular: "Widget", plural: "Widgets" },
  labels: {
    en: { singular: "Widget", plural: "Widgets" },
    ru: { singular: "Виджет", plural: "Виджеты" },
    sr: { singular: "Виџет", plural: "Виџети" },
    kk: { singular: "Виджет", plural: "Виджеттер" },
  },
  navigation: { group: "catalog", order: 60 },
};
const widgetFields = [
  {
    key: "id",
    type: "uuid",
    filterable: true,
    sortable: true,
    custom: false,
    access: "readonly",
    operators: [],
  },
  {
    key: "name",
    type: "text",
    filterable: true,
    sortable: true,
    custom: false,
    access: "write",
    operators: [],
  },
];

describe("screens built from the server's entity catalogue", { timeout: 90_000 }, () => {
  beforeEach(giveElementsLayout);

  it("lists a declared entity in the navigation and shows its list and record page without web code", async () => {
    installFakeFetch({
      ...listRoutes(
        "widgets",
        [{ id: uuid(7), name: "Sprocket", createdAt: "2026-01-01T00:00:00Z" }],
        widgetFields,
      ),
      "GET /api/v1/meta/entities": () => json({ items: [...adminEntities, widgets] }),
      [`GET /api/v1/widgets/${uuid(7)}`]: () => json({ id: uuid(7), name: "Sprocket" }),
    });
    const { router } = renderApp("/my-day");
    const nav = await screen.findByRole("link", { name: "Widgets" }, slow);
    await userEvent.click(nav);
    await waitFor(() => expect(router.state.location.pathname).toBe("/widgets"));
    expect(await screen.findByRole("heading", { name: "Widgets", level: 1 }, slow)).toBeInTheDocument();
    await userEvent.click(await screen.findByRole("link", { name: "Sprocket" }, slow));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/widgets/${uuid(7)}`));
    expect(await screen.findByText("Sprocket", {}, slow)).toBeInTheDocument();
  });

  it("an address no entity answers to is not found", async () => {
    installFakeFetch(listRoutes("companies", [], []));
    renderApp("/gadgets");
    expect(await screen.findByRole("heading", { name: "Page not found" }, slow)).toBeInTheDocument();
  });

  it("without the create permission the create button is disabled and the quick-create menu leaves it out", async () => {
    installFakeFetch({
      ...companyListRoutes([]),
      "GET /api/v1/meta/entities": () => json({ items: entitiesWithout(["create"], ["companies"]) }),
    });
    renderApp("/companies");
    await waitFor(() => expect(screen.getByRole("button", { name: "New company" })).toBeDisabled(), slow);
    await userEvent.click(screen.getByRole("button", { name: "Create" }));
    const menu = await screen.findByRole("menu");
    expect(within(menu).queryByRole("menuitem", { name: "New company" })).toBeNull();
    expect(within(menu).getByRole("menuitem", { name: "New contact" })).toBeInTheDocument();
  });
});

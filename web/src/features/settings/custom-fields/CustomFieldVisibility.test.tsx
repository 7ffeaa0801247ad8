import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../../test/fakeFetch";
import { company, companyFields, companyListRoutes, giveElementsLayout } from "../../../test/listFixtures";
import { adminUser, renderApp } from "../../../test/render";

const slow = { timeout: 20_000 };
const scoreMeta = {
  key: "custom.score",
  label: "Score",
  type: "number",
  filterable: true,
  sortable: true,
  custom: true,
  access: "write",
};
const scoreDefinition = {
  id: "00000000-0000-4000-8000-00000000c001",
  entity: "companies",
  key: "score",
  label: "Score",
  type: "number",
  position: 0,
  group: "",
  helpText: null,
  options: [],
  required: false,
  unique: false,
  filterable: true,
  defaultValue: null,
  linkEntity: null,
  deletedAt: null,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
};

beforeAll(giveElementsLayout);

describe("a new custom field", { timeout: 60_000 }, () => {
  it("shows in the list's column chooser right after it is created in Settings, without a reload", async () => {
    let created = false;
    installFakeFetch({
      ...companyListRoutes([company(1, "Acme")]),
      "GET /api/v1/me": () => json({ ...adminUser, adminPermissions: ["*"] }),
      "GET /api/v1/custom-fields/meta/companies": () =>
        json({ items: created ? [...companyFields, scoreMeta] : companyFields }),
      "GET /api/v1/custom-fields": () => json({ items: created ? [scoreDefinition] : [] }),
      "POST /api/v1/custom-fields": () => {
        created = true;
        return json(scoreDefinition, 201);
      },
    });
    const { router } = renderApp("/companies");
    await screen.findByText("Acme", {}, slow);

    await router.navigate({ to: "/settings/custom-fields" });
    await userEvent.click(await screen.findByRole("button", { name: "New field" }, slow));
    const dialog = await screen.findByRole("dialog");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Label" }), "Score");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());

    await router.navigate({ to: "/companies" });
    await userEvent.click(await screen.findByRole("button", { name: "Columns" }, slow));
    expect(await screen.findByRole("checkbox", { name: "Score" }, slow)).toBeInTheDocument();
  });
});

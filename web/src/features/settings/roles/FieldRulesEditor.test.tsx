import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { i18n } from "../../../i18n";
import { adminEntities } from "../../../test/entityMeta";
import { installFakeFetch, json } from "../../../test/fakeFetch";
import { renderWithProviders } from "../../../test/render";
import { FieldRulesEditor } from "./FieldRulesEditor";

const meta = {
  items: [
    { key: "id", label: "Id", type: "uuid", custom: false, filterable: true, sortable: true },
    { key: "title", label: "Title", type: "text", custom: false, filterable: true, sortable: true },
    { key: "amount", label: "Amount", type: "money", custom: false, filterable: true, sortable: true },
    {
      key: "cf_region",
      label: "Регион сделки",
      type: "text",
      custom: true,
      filterable: true,
      sortable: true,
    },
  ],
};

describe("FieldRulesEditor", () => {
  afterEach(async () => {
    await i18n.changeLanguage("en");
  });

  it("names built-in fields in the interface language, custom fields by their own label", async () => {
    await i18n.changeLanguage("ru");
    installFakeFetch({ "GET /api/v1/custom-fields/meta/deals": () => json(meta) });
    const changes: unknown[] = [];
    renderWithProviders(
      <FieldRulesEditor
        rules={{ deals: { amount: "hidden" } }}
        onChange={(rules) => changes.push(rules)}
        entities={["deals"]}
      />,
    );
    expect(await screen.findByText("Сумма")).toBeInTheDocument();
    expect(screen.getByText("Название")).toBeInTheDocument();
    expect(screen.getByText("Регион сделки")).toBeInTheDocument();
    expect(screen.queryByText("Amount")).not.toBeInTheDocument();
    expect(screen.queryByText("Id")).not.toBeInTheDocument();
    const amount = screen.getByRole("radiogroup", { name: "Доступ к полю Сумма" });
    expect(amount).toBeInTheDocument();
    await userEvent.click(screen.getAllByRole("radio", { name: "Только чтение" })[0] as HTMLElement);
    expect(changes.at(-1)).toEqual({ deals: { amount: "hidden", title: "readonly" } });
  });

  it("offers the entities the server declares with fields, a new one included", async () => {
    const projectLabel = { singular: "Project", plural: "Projects" };
    const projects = {
      ...adminEntities[2],
      name: "projects",
      label: projectLabel,
      labels: { en: projectLabel, ru: projectLabel, sr: projectLabel, kk: projectLabel },
    } as (typeof adminEntities)[number];
    const noFields = {
      ...adminEntities[0],
      name: "notes",
      capabilities: { ...adminEntities[0]?.capabilities, customFields: false },
    } as (typeof adminEntities)[number];
    installFakeFetch({
      "GET /api/v1/meta/entities": () => json({ items: [...adminEntities, projects, noFields] }),
      "GET /api/v1/custom-fields/meta/companies": () => json(meta),
      "GET /api/v1/custom-fields/meta/projects": () => json(meta),
    });
    renderWithProviders(<FieldRulesEditor rules={{}} onChange={() => {}} />);
    const select = (await screen.findAllByLabelText("Fields of")).find(
      (input) => input.getAttribute("type") !== "hidden",
    ) as HTMLElement;
    await waitFor(() => expect(select).toHaveValue("Companies"));
    await userEvent.click(select);
    const names = (await screen.findAllByRole("option")).map((option) => option.textContent);
    expect(names).toEqual(["Companies", "Contacts", "Deals", "Tasks", "Projects"]);
    await userEvent.click(screen.getByRole("option", { name: "Projects" }));
    expect(await screen.findByText("Amount")).toBeInTheDocument();
  });
});

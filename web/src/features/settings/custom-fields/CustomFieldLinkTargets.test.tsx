import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { adminEntities } from "../../../test/entityMeta";
import { installFakeFetch, json } from "../../../test/fakeFetch";
import { renderWithProviders } from "../../../test/render";
import { CustomFieldDialog } from "./CustomFieldDialog";

const slow = { timeout: 20_000 };
const visible = (label: string) =>
  screen.getAllByLabelText(label).find((input) => input.getAttribute("type") !== "hidden") as HTMLElement;

describe("a link field's targets", { timeout: 40_000 }, () => {
  it("are the entities the server declares linkable, a new one included", async () => {
    const label = { singular: "Project", plural: "Projects" };
    const projects = {
      ...adminEntities[2],
      name: "projects",
      label,
      labels: { en: label, ru: label, sr: label, kk: label },
    } as (typeof adminEntities)[number];
    const entities = adminEntities.map((e) =>
      e.name === "tasks" ? { ...e, capabilities: { ...e.capabilities, linkable: false } } : e,
    );
    installFakeFetch({ "GET /api/v1/meta/entities": () => json({ items: [...entities, projects] }) });
    renderWithProviders(
      <CustomFieldDialog entity="companies" field={null} nextPosition={0} onClose={() => {}} />,
    );
    await screen.findAllByLabelText("Type", {}, slow);
    await userEvent.click(visible("Type"));
    await userEvent.click(await screen.findByRole("option", { name: "Record link" }));
    await userEvent.click(visible("Links to"));
    const names = (await screen.findAllByRole("option")).map((option) => option.textContent);
    expect(names).toEqual(["Companies", "Contacts", "Deals", "Projects"]);
  });
});

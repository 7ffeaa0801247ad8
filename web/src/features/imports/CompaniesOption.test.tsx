import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "../../test/render";
import { OptionsStep } from "./OptionsStep";
import type { ImportOptions } from "./types";

const options: ImportOptions = {
  duplicatePolicy: "skip",
  skipInvalidRows: false,
  matchKey: "email",
  missingCompanies: "create",
};

function renderStep(companyColumn: boolean, onChange = vi.fn()) {
  renderWithProviders(
    <OptionsStep
      options={options}
      companyColumn={companyColumn}
      pending={false}
      onChange={onChange}
      onBack={() => {}}
      onDryRun={() => {}}
    />,
  );
  return onChange;
}

describe("import options: companies named in a contacts file", { timeout: 60_000 }, () => {
  it("offers creating the missing companies (the default) or linking only, when a Company column is mapped", async () => {
    const onChange = renderStep(true);
    const group = screen.getByRole("radiogroup", { name: "Companies named in the file" });
    const create = within(group).getByRole("radio", {
      name: "Link to existing companies, create the missing ones",
    });
    const refuse = within(group).getByRole("radio", { name: "Link to existing companies only" });
    expect(create).toBeChecked();
    expect(refuse).not.toBeChecked();
    expect(screen.getByText(/a company not found is created once/)).toBeInTheDocument();
    await userEvent.click(refuse);
    expect(onChange).toHaveBeenLastCalledWith({ ...options, missingCompanies: "refuse" });
  });

  it("does not ask without a Company column", () => {
    renderStep(false);
    expect(screen.queryByRole("radiogroup", { name: "Companies named in the file" })).toBeNull();
  });

  it("matches existing records by external id", async () => {
    const onChange = renderStep(false);
    const select = screen
      .getAllByLabelText("Find existing records by")
      .find((input) => input.getAttribute("type") !== "hidden") as HTMLElement;
    await userEvent.click(select);
    await userEvent.click(await screen.findByRole("option", { name: "External ID" }));
    expect(onChange).toHaveBeenLastCalledWith({ ...options, matchKey: "externalId" });
  });
});

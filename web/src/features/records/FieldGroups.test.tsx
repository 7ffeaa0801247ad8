import { within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "../../test/render";
import type { ColumnSpec } from "../../ui/table/types";
import { FieldGroups } from "./FieldGroups";

const column = (key: string, label: string): ColumnSpec => ({
  key,
  label,
  type: "text",
  sortable: true,
  filterable: true,
  editable: false,
  custom: false,
});

describe("record panels", () => {
  it("pair each label with its value (a definition list), so a value never reads into the next label", () => {
    const { container } = renderWithProviders(
      <FieldGroups
        columns={[column("firstName", "First name"), column("middleName", "Middle name")]}
        record={{ id: "1", firstName: "Ana", middleName: "Petrovna" }}
        hidden={[]}
        onCommit={async () => {}}
      />,
    );
    const list = container.querySelector("dl") as HTMLElement;
    expect(
      within(list)
        .getAllByRole("term")
        .map((term) => term.textContent),
    ).toEqual(["First name", "Middle name"]);
    expect(
      within(list)
        .getAllByRole("definition")
        .map((value) => value.textContent),
    ).toEqual(["Ana", "Petrovna"]);
  });
});

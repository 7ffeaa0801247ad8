import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { renderInRouter } from "../table/testing";
import type { ColumnSpec } from "../table/types";
import { FilterBuilder } from "./FilterBuilder";
import { type BuilderGroup, emptyGroup, toFilter } from "./model";

const fields: ColumnSpec[] = [
  {
    key: "active",
    label: "Active",
    type: "boolean",
    sortable: true,
    filterable: true,
    operators: ["eq", "ne", "isEmpty", "isNotEmpty"],
    editable: true,
    custom: false,
  },
  {
    key: "createdAt",
    label: "Created",
    type: "dateTime",
    sortable: true,
    filterable: true,
    operators: [
      "eq",
      "ne",
      "lt",
      "lte",
      "gt",
      "gte",
      "between",
      "in",
      "notIn",
      "isEmpty",
      "isNotEmpty",
      "relative",
    ],
    editable: false,
    custom: false,
  },
  {
    key: "custom.budget",
    label: "Budget",
    type: "money",
    sortable: true,
    filterable: true,
    operators: ["eq", "ne", "lt", "lte", "gt", "gte", "between", "in", "notIn", "isEmpty", "isNotEmpty"],
    editable: true,
    custom: true,
  },
];

let latest: BuilderGroup = emptyGroup();
function Harness() {
  const [value, setValue] = useState<BuilderGroup>(emptyGroup());
  latest = value;
  return <FilterBuilder fields={fields} value={value} onChange={setValue} />;
}

describe("FilterBuilder", () => {
  it("adds conditions and nested groups; operators are those the field metadata lists", async () => {
    const user = userEvent.setup();
    await renderInRouter(() => <Harness />);
    await user.click(screen.getByRole("button", { name: "Add condition" }));
    // First field is boolean: only the operators its metadata lists are offered.
    await user.click(screen.getAllByLabelText("Operator")[0] as HTMLElement);
    const options = screen.getAllByRole("option").map((o) => o.textContent);
    expect(options).toEqual(["is", "is not", "is empty", "is not empty"]);
    await user.click(screen.getByRole("option", { name: "is empty" }));
    expect(toFilter(latest)).toEqual({ and: [{ field: "active", op: "isEmpty" }] });

    await user.click(screen.getByRole("button", { name: "Add group" }));
    const nested = screen.getByRole("group", { name: "Condition group, level 2" });
    expect(within(nested).getByRole("button", { name: "Add group" })).toBeInTheDocument();
    await user.click(within(nested).getByRole("button", { name: "Add group" }));
    const third = screen.getByRole("group", { name: "Condition group, level 3" });
    // Three levels at most.
    expect(within(third).queryByRole("button", { name: "Add group" })).not.toBeInTheDocument();
  });
});

import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "../../test/render";
import type { WidgetResult } from "./types";
import { WidgetTable } from "./WidgetTable";

const result: WidgetResult = {
  columns: [
    { key: "d0", type: "string", label: "Manager" },
    { key: "m0", type: "number", label: "Deals" },
  ],
  rows: [
    { d0: "Nobody's", m0: 3 },
    { d0: "Ana", m0: 2 },
  ],
  chart: { type: "table", y: ["m0"] },
  asOf: "2026-12-01T00:00:00Z",
  exact: true,
};

describe("widget table drill-down", () => {
  it("makes only the rows that drill clickable", async () => {
    const onRowClick = vi.fn();
    renderWithProviders(
      <WidgetTable result={result} onRowClick={onRowClick} canDrill={(row) => row.d0 === "Ana"} />,
    );
    const [none, ana] = screen.getAllByRole("row").slice(1);
    expect(none).not.toHaveAttribute("data-drill");
    expect(ana).toHaveAttribute("data-drill", "true");
    await userEvent.click(screen.getByText("Nobody's"));
    expect(onRowClick).not.toHaveBeenCalled();
    await userEvent.click(screen.getByText("Ana"));
    expect(onRowClick).toHaveBeenCalledWith(result.rows[1], "d0");
  });

  it("drills from every row when no rule is given", async () => {
    const onRowClick = vi.fn();
    renderWithProviders(<WidgetTable result={result} onRowClick={onRowClick} />);
    await userEvent.click(screen.getByText("Nobody's"));
    expect(onRowClick).toHaveBeenCalledWith(result.rows[0], "d0");
  });
});

import { act, fireEvent, screen } from "@testing-library/react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { DataTable } from "./DataTable";
import { renderInRouter } from "./testing";
import type { ColumnSpec, RowBase } from "./types";

const ROWS = 100_000;
const ROW = 40; // DataTable's ROW_HEIGHT
const columns: ColumnSpec[] = ["name", "city", "phone"].map((key) => ({
  key,
  label: key,
  type: "text",
  sortable: true,
  filterable: true,
  editable: key !== "phone",
  custom: false,
}));
const rows: RowBase[] = Array.from({ length: ROWS }, (_, i) => ({
  id: `id-${i}`,
  name: `Contact ${i}`,
  city: "Kazan",
  phone: `+7 900 ${String(i).padStart(7, "0")}`,
}));

// jsdom has no layout: an 800 px viewport, and a scroll position the test sets like a user scrolling would.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 800 });
  Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 1200 });
});

function scrollTo(grid: HTMLElement, top: number) {
  Object.defineProperty(grid, "scrollTop", { configurable: true, value: top });
  act(() => {
    fireEvent.scroll(grid);
  });
}

// Plain selectors: role queries over a grid are slow in jsdom, and the DOM size is what is checked here.
const rowIndexes = (grid: HTMLElement) =>
  [...grid.querySelectorAll('[role="row"][aria-rowindex]')]
    .map((row) => Number(row.getAttribute("aria-rowindex")))
    .filter((index) => index > 1);
const shows = (grid: HTMLElement, text: string) => grid.textContent?.includes(text) ?? false;

describe("DataTable with 100,000 rows", { timeout: 60_000 }, () => {
  it("keeps a small window of rows in the DOM while scrolling to the middle and the end", async () => {
    const onLoadMore = vi.fn();
    await renderInRouter(() => (
      <DataTable
        ariaLabel="Contacts"
        columns={columns}
        visible={["name", "city", "phone"]}
        onVisibleChange={() => undefined}
        widths={{}}
        onWidthsChange={() => undefined}
        rows={rows}
        loading={false}
        hasMore
        fetchingMore={false}
        onLoadMore={onLoadMore}
        sort={[]}
        onSortChange={() => undefined}
        selection={{}}
        onSelectionChange={() => undefined}
        onEditCell={async () => undefined}
        primary="name"
      />
    ));
    const grid = screen.getByRole("grid", { name: "Contacts" });
    expect(grid).toHaveAttribute("aria-rowcount", String(ROWS + 1));
    const first = rowIndexes(grid);
    expect(first[0]).toBe(2);
    expect(first.length).toBeLessThan(60);
    expect(shows(grid, "Contact 0")).toBe(true);
    expect(onLoadMore).not.toHaveBeenCalled();

    scrollTo(grid, 50_000 * ROW);
    const middle = rowIndexes(grid);
    expect(middle.length).toBeLessThan(60);
    expect(Math.min(...middle)).toBeGreaterThan(49_900);
    expect(Math.max(...middle)).toBeLessThan(50_100);
    expect(shows(grid, "Contact 50000")).toBe(true);
    expect(shows(grid, "Contact 0")).toBe(false);
    expect(onLoadMore).not.toHaveBeenCalled();

    // Near the end of what is loaded, the next page is asked for (once), still with a bounded DOM.
    scrollTo(grid, ROWS * ROW - 800);
    const end = rowIndexes(grid);
    expect(end.length).toBeLessThan(60);
    expect(Math.max(...end)).toBe(ROWS + 1);
    expect(shows(grid, `Contact ${ROWS - 1}`)).toBe(true);
    expect(onLoadMore).toHaveBeenCalledTimes(1);
    // Cells stay cheap: one element per row and column, not a widget tree per cell.
    expect(grid.querySelectorAll("*").length).toBeLessThan(60 * 40);
  });
});

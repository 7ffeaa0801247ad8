import { act, fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getWidths, saveWidths } from "../../features/views/api";
import { BulkBar } from "./BulkBar";
import { DataTable, type DataTableProps } from "./DataTable";
import { renderInRouter } from "./testing";
import type { ColumnSpec, RowBase, SortSpec } from "./types";

const columns: ColumnSpec[] = [
  {
    key: "name",
    label: "Name",
    type: "text",
    sortable: true,
    filterable: true,
    editable: true,
    custom: false,
  },
  {
    key: "industry",
    label: "Industry",
    type: "text",
    sortable: true,
    filterable: true,
    editable: true,
    custom: false,
  },
  {
    key: "tags",
    label: "Tags",
    type: "tags",
    sortable: false,
    filterable: true,
    editable: true,
    custom: false,
  },
];
const rows: RowBase[] = Array.from({ length: 10_000 }, (_, i) => ({
  id: `id-${i}`,
  name: `Company ${i}`,
  industry: "IT",
  tags: ["a"],
}));

function Harness(
  props: Partial<DataTableProps> & {
    onSort?: (s: SortSpec[]) => void;
    onOrder?: (v: string[]) => void;
    onBulk?: (ids: string[]) => void;
  },
) {
  const [sort, setSort] = useState<SortSpec[]>([]);
  const [visible, setVisible] = useState(["name", "industry", "tags"]);
  const [widths, setWidths] = useState<Record<string, number>>({});
  const [selection, setSelection] = useState<Record<string, true>>({});
  return (
    <>
      <BulkBar
        count={Object.keys(selection).length}
        onClear={() => setSelection({})}
        actions={[{ key: "assign", label: "assign", onClick: () => props.onBulk?.(Object.keys(selection)) }]}
      />
      <DataTable
        ariaLabel="Companies"
        columns={columns}
        visible={visible}
        onVisibleChange={(v) => {
          setVisible(v);
          props.onOrder?.(v);
        }}
        widths={widths}
        onWidthsChange={(w) => {
          setWidths(w);
          saveWidths("companies", null, w);
        }}
        rows={rows}
        loading={false}
        hasMore={false}
        fetchingMore={false}
        onLoadMore={() => undefined}
        sort={sort}
        onSortChange={(s) => {
          setSort(s);
          props.onSort?.(s);
        }}
        selection={selection}
        onSelectionChange={setSelection}
        primary="name"
        {...props}
      />
    </>
  );
}

// jsdom has no layout: give elements a viewport-sized box so the virtualizer renders a window of rows.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 800 });
  Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 1200 });
});

describe("DataTable", () => {
  it("renders a bounded number of rows for 10,000 items", async () => {
    await renderInRouter(() => <Harness />);
    const grid = screen.getByRole("grid", { name: "Companies" });
    const rendered = within(grid).getAllByRole("row").length - 1; // minus the header row
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(60);
    expect(grid).toHaveAttribute("aria-rowcount", "10001");
  });

  it("toggles sorting by clicking headers; Shift adds a second sort", async () => {
    const onSort = vi.fn();
    await renderInRouter(() => <Harness onSort={onSort} />);
    const byName = screen.getByRole("button", { name: "Sort by Name" });
    fireEvent.click(byName);
    expect(onSort).toHaveBeenLastCalledWith([{ id: "name", desc: false }]);
    fireEvent.click(byName);
    expect(onSort).toHaveBeenLastCalledWith([{ id: "name", desc: true }]);
    fireEvent.click(screen.getByRole("button", { name: "Sort by Industry" }), { shiftKey: true });
    expect(onSort).toHaveBeenLastCalledWith([
      { id: "name", desc: true },
      { id: "industry", desc: false },
    ]);
    expect(screen.getAllByRole("columnheader")[1]).toHaveAttribute("aria-sort", "descending");
    // Tags are not sortable on the server: no sort button.
    expect(screen.queryByRole("button", { name: "Sort by Tags" })).not.toBeInTheDocument();
  });

  it("reorders columns with the keyboard and persists resized widths", async () => {
    const onOrder = vi.fn();
    await renderInRouter(() => <Harness onOrder={onOrder} />);
    // dnd-kit measures elements; give the header cells real boxes in jsdom.
    const headers = screen.getAllByRole("columnheader").slice(1);
    headers.forEach((header, i) => {
      header.getBoundingClientRect = () => new DOMRect(44 + i * 180, 0, 180, 40);
    });
    const grip = screen.getByRole("button", { name: /Move column Name/ });
    grip.focus();
    const tick = () => act(() => new Promise((resolve) => setTimeout(resolve, 30)));
    fireEvent.keyDown(grip, { key: " ", code: "Space" });
    await tick();
    fireEvent.keyDown(grip, { key: "ArrowRight", code: "ArrowRight" });
    await tick();
    fireEvent.keyDown(grip, { key: " ", code: "Space" });
    await tick();
    await vi.waitFor(() => expect(onOrder).toHaveBeenCalledWith(["industry", "name", "tags"]));

    const resizer = screen.getByRole("separator", { name: /Resize column Tags/ });
    fireEvent.keyDown(resizer, { key: "ArrowRight" });
    // Tags start at their type's width (150 px), one step is 16 px.
    expect(getWidths("companies", null)).toEqual({ tags: 166 });
  });

  it("selects rows (and all loaded rows) and runs a bulk action on them", async () => {
    const user = userEvent.setup();
    const onBulk = vi.fn();
    await renderInRouter(() => <Harness onBulk={onBulk} />);
    const boxes = screen.getAllByRole("checkbox", { name: "Select row" });
    await user.click(boxes[0] as HTMLElement);
    await user.click(boxes[2] as HTMLElement);
    expect(screen.getByRole("toolbar")).toHaveTextContent("2 selected");
    await user.click(screen.getByRole("button", { name: "assign" }));
    expect(onBulk).toHaveBeenCalledWith(["id-0", "id-2"]);
    await user.click(screen.getByRole("checkbox", { name: "Select all loaded rows" }));
    expect(screen.getByRole("toolbar")).toHaveTextContent("10000 selected");
  });
});

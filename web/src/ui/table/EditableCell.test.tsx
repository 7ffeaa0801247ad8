import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import { useFieldCommit, useRecordList } from "../../features/records/useRecordList";
import { installFakeFetch, json, problem } from "../../test/fakeFetch";
import { DataTable } from "./DataTable";
import { renderInRouter } from "./testing";
import type { ColumnSpec } from "./types";

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 800 });
  Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 1200 });
});

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
    key: "custom.site",
    label: "Site",
    type: "url",
    sortable: false,
    filterable: true,
    editable: true,
    custom: true,
  },
];

function CompaniesTable() {
  const list = useRecordList("companies", {});
  const commit = useFieldCommit("companies");
  return (
    <DataTable
      ariaLabel="Companies"
      columns={columns}
      visible={["name", "custom.site"]}
      onVisibleChange={() => undefined}
      widths={{}}
      onWidthsChange={() => undefined}
      rows={list.rows}
      loading={list.loading}
      hasMore={false}
      fetchingMore={false}
      onLoadMore={() => undefined}
      sort={[]}
      onSortChange={() => undefined}
      selection={{}}
      onSelectionChange={() => undefined}
      onEditCell={commit}
    />
  );
}

// The editors load on the first edit (a lazy chunk), which takes a moment under a loaded test run.
const editorLoads = { timeout: 10_000 };

describe("inline cell editing", () => {
  it("shows the new value at once and rolls back with the translated error on a 422", async () => {
    const user = userEvent.setup();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const fake = installFakeFetch({
      "GET /api/v1/companies": () =>
        json({
          items: [{ id: "c1", name: "Acme", custom: { site: null } }],
          nextCursor: null,
          total: { count: 1, capped: false },
        }),
      "PATCH /api/v1/companies/c1": async () => {
        await gate;
        return problem(422, "validation_failed", {
          errors: [{ field: "name", message: "Name is taken.", code: "unique" }],
        });
      },
    });
    await renderInRouter(() => <CompaniesTable />);
    const cell = await screen.findByRole("gridcell", { name: "Edit Name (Enter)" });
    expect(cell).toHaveTextContent("Acme");
    await user.dblClick(cell);
    const input = await screen.findByRole("textbox", { name: "Name" }, editorLoads);
    await user.clear(input);
    await user.type(input, "Acme Group");
    await user.click(screen.getByRole("button", { name: "Save" }));
    // Optimistic: the table shows the new value while the request runs.
    await waitFor(() =>
      expect(screen.getByRole("gridcell", { name: "Edit Name (Enter)" })).toHaveTextContent("Acme Group"),
    );
    release();
    // Refused: previous value back, the error in the editor's popover.
    expect(await screen.findByRole("alert")).toHaveTextContent("Name is taken.");
    expect(screen.getByRole("gridcell", { name: "Edit Name (Enter)" })).toHaveTextContent(/^Acme$/);
    expect(fake.callsTo("PATCH /api/v1/companies/c1")[0]?.body).toEqual({ name: "Acme Group" });
  });

  it("validates by field type before saving", async () => {
    const user = userEvent.setup();
    const fake = installFakeFetch({
      "GET /api/v1/companies": () =>
        json({ items: [{ id: "c1", name: "Acme", custom: {} }], nextCursor: null }),
    });
    await renderInRouter(() => <CompaniesTable />);
    await user.dblClick(await screen.findByRole("gridcell", { name: "Edit Site (Enter)" }));
    const dialog = await screen.findByRole("dialog");
    await user.type(await within(dialog).findByRole("textbox", { name: "Site" }, editorLoads), "not a url");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "Enter an address starting with http:// or https://",
    );
    expect(fake.callsTo("PATCH /api/v1/companies/c1")).toHaveLength(0);
  });
});

import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { giveElementsLayout, listRoutes, uuid } from "../../test/listFixtures";
import { adminUser, renderApp } from "../../test/render";

const slow = { timeout: 20_000 };
const JOB = uuid(901);
const taskFields = [
  { key: "id", type: "uuid", filterable: true, sortable: false, custom: false, access: "readonly" },
  { key: "title", type: "text", filterable: true, sortable: true, custom: false, access: "write" },
  { key: "priority", type: "select", filterable: true, sortable: true, custom: false, access: "write" },
  { key: "dueAt", type: "dateTime", filterable: true, sortable: true, custom: false, access: "write" },
  { key: "status", type: "select", filterable: true, sortable: true, custom: false, access: "readonly" },
];
const task = (n: number, title: string) => ({
  id: uuid(n),
  title,
  type: "call",
  priority: "normal",
  status: "open",
  dueAt: "2026-03-02T09:00:00.000Z",
  overdue: false,
  ownerId: adminUser.id,
  links: [],
});

beforeAll(giveElementsLayout);

describe("export from the tasks list", { timeout: 60_000 }, () => {
  it("exports the tasks view (filter, sort, visible columns plus linked records) as CSV", async () => {
    const fake = installFakeFetch({
      ...listRoutes("tasks", [task(1, "Call Ivan"), task(2, "Send the offer")], taskFields),
      "POST /api/v1/exports": () => json({ id: JOB, status: "queued", rowCount: null, error: null }, 202),
      [`GET /api/v1/exports/${JOB}`]: () => json({ id: JOB, status: "completed", rowCount: 2, error: null }),
    });
    renderApp("/tasks");
    await screen.findByText("Call Ivan", {}, slow);
    await userEvent.click(screen.getByRole("button", { name: "Export" }));
    const dialog = await screen.findByRole("dialog", { name: "Export records" }, slow);
    expect(within(dialog).queryByRole("radio", { name: "vCard (.vcf)" })).toBeNull();
    await userEvent.click(within(dialog).getByRole("radio", { name: "CSV" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Export" }));
    const download = await within(dialog).findByRole("link", { name: "Download" }, slow);
    expect(download).toHaveAttribute("href", `/api/v1/exports/${JOB}/download`);
    const body = fake.callsTo("POST /api/v1/exports")[0]?.body as { entity: string; columns: string[] };
    expect(body).toMatchObject({ entity: "tasks", format: "csv", sort: "dueAt" });
    // The default view's columns the server described, then the linked records.
    expect(body.columns).toEqual(["title", "priority", "dueAt", "status", "links"]);
  });

  it("'Export selected' sends the selected task ids", async () => {
    const fake = installFakeFetch({
      ...listRoutes("tasks", [task(1, "Call Ivan"), task(2, "Send the offer")], taskFields),
      "POST /api/v1/exports": () => json({ id: JOB, status: "queued", rowCount: null, error: null }, 202),
      [`GET /api/v1/exports/${JOB}`]: () => json({ id: JOB, status: "completed", rowCount: 1, error: null }),
    });
    renderApp("/tasks");
    await screen.findByText("Send the offer", {}, slow);
    await userEvent.click(screen.getAllByRole("checkbox", { name: "Select row" })[1] as HTMLElement);
    await userEvent.click(screen.getByRole("button", { name: "Export selected" }));
    const dialog = await screen.findByRole("dialog", { name: "Export records" }, slow);
    await userEvent.click(within(dialog).getByRole("button", { name: "Export" }));
    await within(dialog).findByRole("link", { name: "Download" }, slow);
    const body = fake.callsTo("POST /api/v1/exports")[0]?.body as { filter: string; columns: string[] };
    expect(JSON.parse(body.filter)).toEqual({ field: "id", op: "in", value: [uuid(2)] });
    expect(body.columns.at(-1)).toBe("links");
  });
});

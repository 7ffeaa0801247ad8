import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import { installFakeFetch, json, problem } from "../../test/fakeFetch";
import { company, companyListRoutes, giveElementsLayout, uuid } from "../../test/listFixtures";
import { renderApp } from "../../test/render";

const slow = { timeout: 20_000 };
const JOB = uuid(900);
const job = (status: string, extra: object = {}) =>
  json({ id: JOB, status, rowCount: null, error: null, ...extra }, status === "queued" ? 202 : 200);

beforeAll(giveElementsLayout);

async function openList(routes: Record<string, never>) {
  const fake = installFakeFetch({
    ...companyListRoutes([company(1, "Acme"), company(2, "Globex", "Novi Sad")]),
    ...routes,
  });
  renderApp("/companies");
  await screen.findByText("Acme", {}, slow);
  return fake;
}

describe("export from a list", { timeout: 40_000 }, () => {
  it("exports the current view (filter, sort, visible columns), shows progress, then offers the download", async () => {
    const fake = await openList({
      "POST /api/v1/exports": () => job("queued"),
      [`GET /api/v1/exports/${JOB}`]: [() => job("running"), () => job("completed", { rowCount: 1 })],
    } as never);
    await userEvent.type(screen.getByRole("textbox", { name: "Quick search" }), "Acm");
    await waitFor(() =>
      expect(fake.callsTo("GET /api/v1/companies").some((c) => c.query.includes("Acm"))).toBe(true),
    );
    await userEvent.click(screen.getByRole("button", { name: "Export" }));
    const dialog = await screen.findByRole("dialog", { name: "Export records" }, slow);
    await userEvent.click(within(dialog).getByRole("radio", { name: "CSV" }));
    expect(within(dialog).queryByRole("radio", { name: "vCard (.vcf)" })).toBeNull();
    await userEvent.click(within(dialog).getByRole("button", { name: "Export" }));
    expect(await within(dialog).findByLabelText("Preparing the file")).toBeInTheDocument();
    const download = await within(dialog).findByRole("link", { name: "Download" }, slow);
    expect(download).toHaveAttribute("href", `/api/v1/exports/${JOB}/download`);
    expect(within(dialog).getByText("The file is ready: 1 record.")).toBeInTheDocument();
    const [request] = fake.callsTo("POST /api/v1/exports");
    const body = request?.body as { entity: string; format: string; columns: string[]; q: string };
    expect(body).toMatchObject({ entity: "companies", format: "csv", sort: "name" });
    // Only the visible columns the server described (the default view's other keys are unknown here).
    expect(body.columns).toEqual(["name", "city", "ownerId"]);
    // The quick search goes as the list sent it: `q`, searched on the server as global search does.
    expect(body.q).toBe("Acm");
  });

  it("'Export selected' exports exactly the selected records", async () => {
    const fake = await openList({
      "POST /api/v1/exports": () => job("queued"),
      [`GET /api/v1/exports/${JOB}`]: () => job("completed", { rowCount: 2 }),
    } as never);
    const rows = screen.getAllByRole("checkbox", { name: "Select row" });
    for (const row of rows) await userEvent.click(row);
    await userEvent.click(screen.getByRole("button", { name: "Export selected" }));
    const dialog = await screen.findByRole("dialog", { name: "Export records" }, slow);
    expect(within(dialog).getByText("2 records match the current view.")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Export" }));
    await within(dialog).findByRole("link", { name: "Download" }, slow);
    const body = fake.callsTo("POST /api/v1/exports")[0]?.body as { filter: string; format: string };
    expect(body.format).toBe("xlsx");
    expect(JSON.parse(body.filter)).toEqual({ field: "id", op: "in", value: [uuid(1), uuid(2)] });
  });

  it("shows the same capped count as the list (10,000+) and sends the columns' labels for the header", async () => {
    const fake = installFakeFetch({
      ...companyListRoutes([company(1, "Acme")]),
      "GET /api/v1/companies": () =>
        json({ items: [company(1, "Acme")], nextCursor: null, total: { count: 10000, capped: true } }),
      "POST /api/v1/exports": () => job("queued"),
      [`GET /api/v1/exports/${JOB}`]: () => job("completed", { rowCount: 1 }),
    } as never);
    renderApp("/companies");
    await screen.findByText("Acme", {}, slow);
    expect(screen.getByText("10,000+ records")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Export" }));
    const dialog = await screen.findByRole("dialog", { name: "Export records" }, slow);
    expect(within(dialog).getByText("10,000+ records match the current view.")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Export" }));
    await within(dialog).findByRole("link", { name: "Download" }, slow);
    const body = fake.callsTo("POST /api/v1/exports")[0]?.body as { labels: Record<string, string> };
    expect(Object.keys(body.labels).sort()).toEqual(["city", "name", "ownerId"]);
    expect(body.labels.name).toBe("Name");
  });

  it("shows the server's refusal instead of a progress bar", async () => {
    await openList({ "POST /api/v1/exports": () => problem(403, "forbidden") } as never);
    await userEvent.click(screen.getByRole("button", { name: "Export" }));
    const dialog = await screen.findByRole("dialog", { name: "Export records" }, slow);
    await userEvent.click(within(dialog).getByRole("button", { name: "Export" }));
    expect(await within(dialog).findByText("You do not have permission to do this.")).toBeInTheDocument();
    await waitFor(() => expect(within(dialog).queryByLabelText("Preparing the file")).toBeNull());
    expect(within(dialog).queryByRole("link", { name: "Download" })).toBeNull();
  });
});

import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json, problem } from "../../test/fakeFetch";
import { company, companyFields, companyListRoutes, uuid } from "../../test/listFixtures";
import { renderApp } from "../../test/render";

const slow = { timeout: 20_000 };
const [A, B] = [uuid(1), uuid(2)];
const MERGE = uuid(700);
const emptyList = () => json({ items: [], nextCursor: null, total: { count: 3, capped: false } });

const industry = {
  key: "industry",
  type: "text",
  filterable: true,
  sortable: true,
  custom: false,
  access: "write",
};

function routes(extra: Record<string, () => Response> = {}) {
  // Like the server: a merged record is deleted (404) until the merge is undone.
  let merged = false;
  return installFakeFetch({
    ...companyListRoutes([], [...companyFields, industry]),
    [`GET /api/v1/companies/${A}`]: () =>
      merged ? problem(404, "not_found") : json({ ...company(1, "Acme"), industry: "Retail" }),
    [`GET /api/v1/companies/${B}`]: () => json({ ...company(2, "Acme Ltd"), industry: "IT" }),
    "GET /api/v1/tasks": emptyList,
    "GET /api/v1/deals": emptyList,
    "POST /api/v1/merge": () => {
      merged = true;
      return json({ id: MERGE, survivorId: B, mergedIds: [A], movedLinks: 4 });
    },
    [`POST /api/v1/merge/${MERGE}/undo`]: () => {
      merged = false;
      return json({ id: MERGE, survivorId: B, mergedIds: [A], movedLinks: 4 });
    },
    ...extra,
  });
}

describe("merge screen", { timeout: 60_000 }, () => {
  it("merges into the chosen survivor keeping the chosen field values, then undoes", async () => {
    const fake = routes();
    renderApp(`/merge/companies?ids=${A},${B}`);
    await screen.findByRole("heading", { name: "Merge duplicates" }, slow);
    expect(await screen.findByText("Moves to the record that stays: 3 tasks, 3 deals.")).toBeInTheDocument();
    // Only differing editable fields are offered: name and industry differ; the owner and city are the same.
    expect(screen.getByRole("radio", { name: "Keep Industry of Acme" })).toBeChecked();
    expect(screen.queryByRole("radio", { name: /Keep City/ })).toBeNull();
    expect(screen.queryByRole("radio", { name: /Keep Responsible/ })).toBeNull();

    await userEvent.click(screen.getByRole("radio", { name: "Acme Ltd" })); // survivor
    await userEvent.click(screen.getByRole("radio", { name: "Keep Industry of Acme" }));
    await userEvent.click(screen.getByRole("button", { name: "Merge" }));
    expect(await screen.findByText("Records merged.")).toBeInTheDocument();
    // The page refetches the records; the merged one is gone now, and the result stays on screen.
    await waitFor(() => expect(fake.callsTo(`GET /api/v1/companies/${A}`).length).toBeGreaterThan(1));
    expect(screen.getByText("Records merged.")).toBeInTheDocument();
    expect(fake.callsTo("POST /api/v1/merge")[0]?.body).toEqual({
      entity: "companies",
      survivorId: B,
      mergedIds: [A],
      fieldChoices: { name: B, industry: A },
    });
    expect(screen.getByRole("link", { name: "Open record" })).toHaveAttribute("href", `/companies/${B}`);

    await userEvent.click(screen.getByRole("button", { name: "Undo merge" }));
    expect(await screen.findByText(/The merge was undone/)).toBeInTheDocument();
    expect(fake.callsTo(`POST /api/v1/merge/${MERGE}/undo`)).toHaveLength(1);
    expect(screen.queryByText("Records merged.")).toBeNull();
    expect(screen.getByRole("button", { name: "Merge" })).toBeEnabled();
  });

  it("shows the server's refusal and stays ready to retry", async () => {
    routes({ "POST /api/v1/merge": () => problem(403, "forbidden") });
    renderApp(`/merge/companies?ids=${A},${B}`);
    await userEvent.click(await screen.findByRole("button", { name: "Merge" }, slow));
    expect(await screen.findByText("You do not have permission to do this.")).toBeInTheDocument();
    expect(screen.queryByText("Records merged.")).toBeNull();
    await waitFor(() => expect(screen.getByRole("button", { name: "Merge" })).toBeEnabled());
  });

  it("asks for two records when fewer are given", async () => {
    routes();
    renderApp(`/merge/companies?ids=${A}`);
    expect(await screen.findByText("Choose two records to merge.", {}, slow)).toBeInTheDocument();
  });

  it("is reached from the list's bulk bar with the selected records", async () => {
    installFakeFetch({
      ...companyListRoutes([company(1, "Acme"), company(2, "Acme Ltd")]),
      [`GET /api/v1/companies/${A}`]: () => json(company(1, "Acme")),
      [`GET /api/v1/companies/${B}`]: () => json(company(2, "Acme Ltd")),
      "GET /api/v1/tasks": emptyList,
      "GET /api/v1/deals": emptyList,
    });
    Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 800 });
    const { router } = renderApp("/companies");
    const rows = await screen.findAllByRole("checkbox", { name: "Select row" }, slow);
    await userEvent.click(rows[0] as HTMLElement);
    const bar = screen.getByRole("toolbar");
    expect(within(bar).queryByRole("button", { name: "Merge selected" })).toBeNull(); // needs two
    await userEvent.click(rows[1] as HTMLElement);
    await userEvent.click(within(bar).getByRole("button", { name: "Merge selected" }));
    await screen.findByRole("heading", { name: "Merge duplicates" }, slow);
    expect(router.state.location.pathname).toBe("/merge/companies");
    expect(router.state.location.search).toEqual({ ids: `${A},${B}` });
  });
});

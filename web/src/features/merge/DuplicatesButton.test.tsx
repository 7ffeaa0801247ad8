import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json, problem } from "../../test/fakeFetch";
import { company, companyListRoutes, uuid } from "../../test/listFixtures";
import { renderApp } from "../../test/render";

const slow = { timeout: 20_000 };

describe("find duplicates", { timeout: 60_000 }, () => {
  it("lists the server's duplicate groups of the entity, each linking to the merge screen", async () => {
    const fake = installFakeFetch({
      ...companyListRoutes([company(1, "Acme")]),
      "GET /api/v1/duplicates": () =>
        json({
          items: [
            { reason: "phone", value: "+79123456789", ids: [uuid(1), uuid(2)], size: 2 },
            { reason: "name", value: "Acme", ids: [uuid(1), uuid(3), uuid(4)], size: 3 },
          ],
          nextCursor: null,
        }),
    });
    renderApp("/companies");
    await userEvent.click(await screen.findByRole("button", { name: "Find duplicates" }, slow));
    const drawer = await screen.findByRole("dialog", { name: "Likely duplicates" });
    expect(await within(drawer).findByText("+79123456789")).toBeInTheDocument();
    expect(within(drawer).getByText("Same phone")).toBeInTheDocument();
    expect(within(drawer).getByText("3 records")).toBeInTheDocument();
    expect(fake.callsTo("GET /api/v1/duplicates")[0]?.query).toBe("?entity=companies&limit=50");
    const link = within(drawer).getByRole("link", { name: "Merge the records with “Acme”" });
    expect(link.getAttribute("href")).toBe(
      `/merge/companies?ids=${encodeURIComponent([uuid(1), uuid(3), uuid(4)].join(","))}`,
    );
    expect(within(drawer).queryByRole("button", { name: "Load more" })).toBeNull();
  });

  it("pages on with “Load more” while the server hands a cursor, counting every record of a group", async () => {
    const fake = installFakeFetch({
      ...companyListRoutes([company(1, "Acme")]),
      "GET /api/v1/duplicates": (request) => {
        const cursor = new URL(request.url).searchParams.get("cursor");
        if (!cursor)
          return json({
            items: [{ reason: "email", value: "first@dup.example", ids: [uuid(1), uuid(2)], size: 140 }],
            nextCursor: "c1",
          });
        return json({
          items: [{ reason: "taxId", value: "INN:7707083893", ids: [uuid(5), uuid(6)], size: 2 }],
          nextCursor: null,
        });
      },
    });
    renderApp("/companies");
    await userEvent.click(await screen.findByRole("button", { name: "Find duplicates" }, slow));
    const drawer = await screen.findByRole("dialog", { name: "Likely duplicates" });
    expect(await within(drawer).findByText("first@dup.example")).toBeInTheDocument();
    expect(within(drawer).getByText("140 records")).toBeInTheDocument();
    expect(fake.callsTo("GET /api/v1/duplicates")).toHaveLength(1);
    await userEvent.click(within(drawer).getByRole("button", { name: "Load more" }));
    expect(await within(drawer).findByText("INN:7707083893")).toBeInTheDocument();
    expect(within(drawer).getByText("first@dup.example")).toBeInTheDocument();
    expect(within(drawer).queryByRole("button", { name: "Load more" })).toBeNull();
    expect(fake.callsTo("GET /api/v1/duplicates").map((c) => c.query)).toEqual([
      "?entity=companies&limit=50",
      "?entity=companies&limit=50&cursor=c1",
    ]);
  });

  it("says so when there are none", async () => {
    installFakeFetch({
      ...companyListRoutes([]),
      "GET /api/v1/duplicates": () => json({ items: [], nextCursor: null }),
    });
    renderApp("/companies");
    await userEvent.click(await screen.findByRole("button", { name: "Find duplicates" }, slow));
    expect(await screen.findByText("No duplicates found.")).toBeInTheDocument();
  });

  it("shows the server's refusal", async () => {
    installFakeFetch({ ...companyListRoutes([]), "GET /api/v1/duplicates": () => problem(403, "forbidden") });
    renderApp("/companies");
    await userEvent.click(await screen.findByRole("button", { name: "Find duplicates" }, slow));
    expect(await screen.findByText("You do not have permission to do this.", {}, slow)).toBeInTheDocument();
    expect(screen.queryByText("No duplicates found.")).toBeNull();
  });
});

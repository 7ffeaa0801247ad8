import { screen, waitFor, within } from "@testing-library/react";
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
            { reason: "phone", value: "+79123456789", ids: [uuid(1), uuid(2)] },
            { reason: "name", value: "Acme", ids: [uuid(1), uuid(3), uuid(4)] },
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

  it("goes on by itself past pages without groups, then pages on with “Load more”", async () => {
    const fake = installFakeFetch({
      ...companyListRoutes([company(1, "Acme")]),
      "GET /api/v1/duplicates": (request) => {
        const cursor = new URL(request.url).searchParams.get("cursor");
        if (!cursor) return json({ items: [], nextCursor: "c1" });
        if (cursor === "c1")
          return json({
            items: [{ reason: "email", value: "first@dup.example", ids: [uuid(1), uuid(2)] }],
            nextCursor: "c2",
          });
        return json({
          items: [{ reason: "taxId", value: "INN:7707083893", ids: [uuid(5), uuid(6)] }],
          nextCursor: null,
        });
      },
    });
    renderApp("/companies");
    await userEvent.click(await screen.findByRole("button", { name: "Find duplicates" }, slow));
    const drawer = await screen.findByRole("dialog", { name: "Likely duplicates" });
    expect(await within(drawer).findByText("first@dup.example")).toBeInTheDocument();
    expect(fake.callsTo("GET /api/v1/duplicates")).toHaveLength(2);
    await userEvent.click(within(drawer).getByRole("button", { name: "Load more" }));
    expect(await within(drawer).findByText("INN:7707083893")).toBeInTheDocument();
    expect(within(drawer).getByText("first@dup.example")).toBeInTheDocument();
    expect(within(drawer).queryByRole("button", { name: "Load more" })).toBeNull();
    expect(fake.callsTo("GET /api/v1/duplicates").map((c) => c.query)).toEqual([
      "?entity=companies&limit=50",
      "?entity=companies&limit=50&cursor=c1",
      "?entity=companies&limit=50&cursor=c2",
    ]);
  });

  it("stops after a few pages without groups and lets the user search on", async () => {
    const fake = installFakeFetch({
      ...companyListRoutes([company(1, "Acme")]),
      "GET /api/v1/duplicates": (request) => {
        const n = Number(new URL(request.url).searchParams.get("cursor") ?? 0);
        return json({ items: [], nextCursor: String(n + 1) });
      },
    });
    renderApp("/companies");
    await userEvent.click(await screen.findByRole("button", { name: "Find duplicates" }, slow));
    const drawer = await screen.findByRole("dialog", { name: "Likely duplicates" });
    expect(
      await within(drawer).findByText("No likely duplicates among the records checked so far.", {}, slow),
    ).toBeInTheDocument();
    expect(fake.callsTo("GET /api/v1/duplicates")).toHaveLength(5);
    await userEvent.click(within(drawer).getByRole("button", { name: "Load more" }));
    expect(
      await within(drawer).findByText("No likely duplicates among the records checked so far.", {}, slow),
    ).toBeInTheDocument();
    await waitFor(() => expect(fake.callsTo("GET /api/v1/duplicates")).toHaveLength(11));
    expect(fake.callsTo("GET /api/v1/duplicates").at(-1)?.query).toBe("?entity=companies&limit=50&cursor=10");
  });

  it("says so when there are none", async () => {
    installFakeFetch({
      ...companyListRoutes([]),
      "GET /api/v1/duplicates": () => json({ items: [], nextCursor: null }),
    });
    renderApp("/companies");
    await userEvent.click(await screen.findByRole("button", { name: "Find duplicates" }, slow));
    expect(await screen.findByText("No likely duplicates found.")).toBeInTheDocument();
  });

  it("shows the server's refusal", async () => {
    installFakeFetch({ ...companyListRoutes([]), "GET /api/v1/duplicates": () => problem(403, "forbidden") });
    renderApp("/companies");
    await userEvent.click(await screen.findByRole("button", { name: "Find duplicates" }, slow));
    expect(await screen.findByText("You do not have permission to do this.", {}, slow)).toBeInTheDocument();
    expect(screen.queryByText("No likely duplicates found.")).toBeNull();
  });
});

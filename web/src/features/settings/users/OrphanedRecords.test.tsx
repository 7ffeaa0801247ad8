import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json, problem } from "../../../test/fakeFetch";
import { uuid } from "../../../test/listFixtures";
import { renderWithProviders } from "../../../test/render";
import { SecuritySettingsPage } from "../security/SecuritySettingsPage";
import { UsersPage } from "./UsersPage";

const slow = { timeout: 20_000 };

function routes(orphans: () => Response) {
  return installFakeFetch({
    "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/roles": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/teams": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/invitations": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/settings/orphaned-records": orphans,
  });
}

/** The orphaned-records report needs `users.manage` on the server, so it lives on the Users page. */
describe("settings: records of deactivated users", { timeout: 40_000 }, () => {
  it("is checked on demand from the Users page and lists counts per entity and former owner", async () => {
    const net = routes(() =>
      json({
        items: [
          {
            entity: "deals",
            label: "Deals",
            count: 3,
            owners: [{ id: uuid(7), name: "Olga Former", count: 3 }],
          },
          { entity: "tasks", label: "Tasks", count: 0, owners: [] },
        ],
      }),
    );
    renderWithProviders(<UsersPage />);
    const title = await screen.findByRole("heading", { name: "Records of deactivated users" }, slow);
    expect(net.callsTo("GET /api/v1/settings/orphaned-records")).toHaveLength(0);
    const card = title.closest<HTMLElement>(".mantine-Card-root");
    if (!card) throw new Error("no card");
    await userEvent.click(within(card).getByRole("button", { name: "Check now" }));
    expect(await within(card).findByText("Deals: 3")).toBeInTheDocument();
    expect(within(card).getByText("Olga Former: 3")).toBeInTheDocument();
    expect(within(card).queryByText(/Tasks/)).toBeNull();
    expect(net.callsTo("GET /api/v1/settings/orphaned-records")).toHaveLength(1);
  });

  it("shows the server's refusal instead of a result", async () => {
    routes(() => problem(403, "permission_denied", { detail: "Your role may not do this." }));
    renderWithProviders(<UsersPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Check now" }, slow));
    expect(await screen.findByRole("alert")).toBeInTheDocument();
    expect(screen.queryByText("Every record has an active owner.")).toBeNull();
  });

  it("is not on the Security page (settings.manage)", async () => {
    installFakeFetch({});
    renderWithProviders(<SecuritySettingsPage />);
    expect(await screen.findByRole("heading", { name: "Security" }, slow)).toBeInTheDocument();
    expect(screen.queryByText("Records of deactivated users")).toBeNull();
  });
});

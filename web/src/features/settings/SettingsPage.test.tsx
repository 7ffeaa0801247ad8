import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { adminUser, renderApp } from "../../test/render";

const slow = { timeout: 20_000 };
const auditor = { ...adminUser, isAdmin: false, adminPermissions: ["audit.read"] };

describe("settings area access", () => {
  it("opens the first section the user may manage and hides the others", slow, async () => {
    installFakeFetch({
      "GET /api/v1/me": () => json(auditor),
      "GET /api/v1/audit-log": () => json({ items: [], nextCursor: null }),
      "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
      "GET /api/v1/roles/permission-catalog": () =>
        json({ entities: ["deals"], actions: ["read"], scopes: ["none", "all"], adminPermissions: [] }),
    });
    const { router } = renderApp("/settings");
    await waitFor(() => expect(router.state.location.pathname).toBe("/settings/audit-log"));
    const nav = await screen.findByRole("navigation", { name: "Settings sections" });
    expect(nav).toHaveTextContent("Audit log");
    expect(nav).not.toHaveTextContent("Users");
    await router.navigate({ to: "/settings/users" });
    await waitFor(() => expect(router.state.location.pathname).toBe("/settings/audit-log"));
  });

  it("keeps users without administrative permissions out", slow, async () => {
    installFakeFetch({
      "GET /api/v1/me": () => json({ ...adminUser, isAdmin: false, adminPermissions: [] }),
    });
    const { router } = renderApp("/settings/roles");
    await waitFor(() => expect(router.state.location.pathname).toBe("/my-day"));
  });
});

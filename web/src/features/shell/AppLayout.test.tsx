import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json, noContent, problem } from "../../test/fakeFetch";
import { adminUser, renderApp } from "../../test/render";

const slow = { timeout: 5_000 };

describe("app shell", () => {
  it("opens global search with Ctrl+K and shows grouped results, navigating with the keyboard", async () => {
    const fake = installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      "GET /api/v1/search": () =>
        json({
          groups: [
            { type: "company", items: [{ id: "c1", name: "Acme" }] },
            { type: "contact", items: [{ id: "p1", name: "Ann Lee", email: "ann@example.com" }] },
          ],
        }),
    });
    const { router } = renderApp("/my-day");
    await screen.findByRole("heading", { name: "My day", level: 1 }, slow);

    await userEvent.keyboard("{Control>}k{/Control}");
    const dialog = await screen.findByRole("dialog", { name: "Search the CRM" });
    await userEvent.type(within(dialog).getByRole("combobox"), "ac");

    const companies = await within(dialog).findByRole("group", { name: "Companies" });
    expect(within(companies).getByRole("option", { name: "Acme" })).toHaveAttribute("aria-selected", "true");
    expect(within(dialog).getByRole("group", { name: "Contacts" })).toHaveTextContent("ann@example.com");
    expect(fake.callsTo("GET /api/v1/search").at(-1)?.query).toBe("?q=ac");

    await userEvent.keyboard("{ArrowDown}{Enter}");
    await waitFor(() => expect(router.state.location.pathname).toBe("/contacts"));
  });

  it("shows an empty state when the search endpoint does not exist yet", async () => {
    installFakeFetch({ "GET /api/v1/me": () => json(adminUser) });
    renderApp("/my-day");
    await userEvent.click(await screen.findByRole("button", { name: "Search" }, slow));
    await userEvent.type(screen.getByRole("combobox"), "acme");
    expect(await screen.findByText("Search is not available yet.")).toBeInTheDocument();
  });

  it("signs out from the user menu and returns to the sign-in page", async () => {
    const fake = installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      "POST /api/v1/auth/logout": () => noContent(),
    });
    const { router } = renderApp("/deals");
    await userEvent.click(await screen.findByRole("button", { name: "Account menu" }, slow));
    expect(screen.getByText("Signed in as admin@example.com")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("menuitem", { name: "Sign out" }));
    expect(await screen.findByRole("heading", { name: "Sign in to Tandem" }, slow)).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/login");
    expect(fake.callsTo("POST /api/v1/auth/logout")).toHaveLength(1);
  });

  it("keeps non-admins out of /settings", async () => {
    installFakeFetch({ "GET /api/v1/me": () => json({ ...adminUser, isAdmin: false }) });
    const { router } = renderApp("/settings");
    await screen.findByRole("heading", { name: "My day", level: 1 }, slow);
    expect(router.state.location.pathname).toBe("/my-day");
  });

  it("returns to sign-in when the session expires", async () => {
    installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      "PATCH /api/v1/me": () => problem(401, "unauthorized"),
    });
    const { router } = renderApp("/tasks");
    await userEvent.click(await screen.findByRole("button", { name: "Account menu" }, slow));
    await userEvent.click(screen.getByRole("menuitem", { name: "Српски" }));
    expect(await screen.findByRole("heading", { name: "Пријава у Tandem" }, slow)).toBeInTheDocument();
    expect(router.state.location.search).toEqual({ redirect: "/tasks" });
  });
});

import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { installFakeFetch, json, noContent, problem } from "../../test/fakeFetch";
import { adminUser, renderApp } from "../../test/render";

const slow = { timeout: 5_000 };

describe("app shell", () => {
  const searchAnswer = {
    query: "ac",
    groups: [
      {
        type: "companies",
        items: [
          {
            id: "c1",
            title: "Acme",
            subtitle: "Acme LLC · Moscow",
            highlight: { field: "name", value: "Acme", range: [0, 2] },
            score: 0.95,
          },
          {
            id: "c2",
            title: "Northwind",
            subtitle: null,
            highlight: { field: "taxId", value: "7707083893", range: [0, 10] },
            score: 0.9,
          },
        ],
      },
      {
        type: "contacts",
        items: [
          {
            id: "p1",
            title: "Ann Lee",
            subtitle: "CEO · ann@example.com",
            highlight: { field: "phone", value: "+7 912 345-67-89", range: null },
            score: 0.9,
          },
        ],
      },
      { type: "deals", items: [] },
    ],
  };

  const openSearch = async (term: string) => {
    await userEvent.keyboard("{Control>}k{/Control}");
    const dialog = await screen.findByRole("dialog", { name: "Search the CRM" });
    await userEvent.type(within(dialog).getByRole("combobox"), term);
    return dialog;
  };

  it("opens global search with Ctrl+K and groups the results by type with their matched values", async () => {
    const fake = installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      "GET /api/v1/search": () => json(searchAnswer),
    });
    renderApp("/my-day");
    await screen.findByRole("heading", { name: "My day", level: 1 }, slow);
    const dialog = await openSearch("ac");

    const companies = await within(dialog).findByRole("group", { name: "Companies" });
    const contacts = within(dialog).getByRole("group", { name: "Contacts" });
    expect(within(dialog).queryByRole("group", { name: "Deals" })).toBeNull();
    expect(
      within(companies)
        .getAllByRole("option")
        .map((option) => option.getAttribute("aria-label")),
    ).toEqual(["Acme, Acme LLC · Moscow", "Northwind"]);
    expect(within(companies).getByText("Ac", { selector: "mark" })).toBeInTheDocument();
    expect(within(companies).getByRole("option", { name: "Northwind" })).toHaveTextContent(
      "Tax ID: 7707083893",
    );
    expect(within(contacts).getByRole("option", { name: /Ann Lee/ })).toHaveTextContent(
      "Phone: +7 912 345-67-89 · CEO · ann@example.com",
    );
    expect(new URLSearchParams(fake.callsTo("GET /api/v1/search").at(-1)?.query).get("q")).toBe("ac");
  });

  it("moves through all groups with the arrow keys and opens the record with Enter", async () => {
    installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      "GET /api/v1/search": () => json(searchAnswer),
    });
    const { router } = renderApp("/my-day");
    await screen.findByRole("heading", { name: "My day", level: 1 }, slow);
    const dialog = await openSearch("ac");
    const input = within(dialog).getByRole("combobox");
    const acme = await within(dialog).findByRole("option", { name: /^Acme/ });
    expect(acme).toHaveAttribute("aria-selected", "true");
    expect(input).toHaveAttribute("aria-activedescendant", acme.id);

    const scrollIntoView = vi.spyOn(HTMLElement.prototype, "scrollIntoView");
    await userEvent.keyboard("{ArrowUp}");
    const ann = within(dialog).getByRole("option", { name: /Ann Lee/ });
    expect(ann).toHaveAttribute("aria-selected", "true");
    // The chosen option is scrolled into view in a long list.
    expect(scrollIntoView.mock.contexts.at(-1)).toBe(ann);
    scrollIntoView.mockRestore();
    await userEvent.keyboard("{ArrowDown}{ArrowDown}");
    expect(within(dialog).getByRole("option", { name: "Northwind" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    expect(acme).toHaveAttribute("aria-selected", "false");
    await userEvent.keyboard("{ArrowDown}{Enter}");
    await waitFor(() => expect(router.state.location.pathname).toBe("/contacts/p1"));
    expect(screen.queryByRole("dialog", { name: "Search the CRM" })).toBeNull();
  });

  it("opens a company with a click", async () => {
    installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      "GET /api/v1/search": () => json(searchAnswer),
    });
    const { router } = renderApp("/my-day");
    await screen.findByRole("heading", { name: "My day", level: 1 }, slow);
    const dialog = await openSearch("ac");
    await userEvent.click(await within(dialog).findByRole("option", { name: "Northwind" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/companies/c2"));
  });

  it("says so when nothing matches", async () => {
    installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      "GET /api/v1/search": () => json({ query: "zzz", groups: [{ type: "companies", items: [] }] }),
    });
    renderApp("/my-day");
    await screen.findByRole("heading", { name: "My day", level: 1 }, slow);
    const dialog = await openSearch("zzz");
    expect(await within(dialog).findByText("Nothing found for “zzz”.")).toHaveAttribute("role", "status");
    expect(within(dialog).queryByRole("alert")).toBeNull();
  });

  it("shows a failing search as a translated error, not as 'nothing found'", async () => {
    installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      "GET /api/v1/search": () => problem(500, "server_error"),
    });
    renderApp("/my-day");
    await userEvent.click(await screen.findByRole("button", { name: "Search" }, slow));
    const dialog = await screen.findByRole("dialog", { name: "Search the CRM" });
    await userEvent.type(within(dialog).getByRole("combobox"), "acme");
    const alert = await within(dialog).findByRole("alert");
    expect(alert.textContent).toMatch(/^Search failed: /);
    expect(alert.textContent).not.toContain("server_error");
    expect(within(dialog).queryByText(/Nothing found/)).toBeNull();
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

  it("shows the interface in Serbian Latin, generated from the Serbian texts, when the profile says sr-Latn", async () => {
    installFakeFetch({ "GET /api/v1/me": () => json({ ...adminUser, language: "sr-Latn" }) });
    renderApp("/my-day");
    expect(await screen.findByRole("heading", { name: "Moj dan", level: 1 }, slow)).toBeInTheDocument();
    const nav = screen.getByRole("navigation", { name: "Glavna navigacija" });
    expect(within(nav).getByRole("link", { name: /Kalendar/ })).toBeInTheDocument();
    expect(within(nav).getByRole("link", { name: /Tok prodaje/ })).toBeInTheDocument();
    expect(nav.textContent).not.toMatch(/[\u0400-\u04ff]/);
    expect(document.documentElement.lang).toBe("sr-Latn");
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

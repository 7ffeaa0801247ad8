import { onlineManager } from "@tanstack/react-query";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { adminUser, renderApp } from "../../test/render";

const slow = { timeout: 10_000 };
const hit = (id: string, title: string) => ({
  id,
  title,
  subtitle: null,
  highlight: { field: "name", value: title, range: [0, 2] },
  score: 0.9,
});
const answer = (request: Request) => {
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const items = q.startsWith("ann") ? [hit("p2", "Anna Berg")] : [hit("p1", "Andrei Orlov")];
  return json({ query: q, groups: [{ type: "contacts", items }] });
};

describe("global search (Ctrl+K)", { timeout: 40_000 }, () => {
  const start = async () => {
    installFakeFetch({ "GET /api/v1/me": () => json(adminUser), "GET /api/v1/search": answer });
    const app = renderApp("/my-day");
    await screen.findByRole("heading", { name: "My day", level: 1 }, slow);
    await userEvent.keyboard("{Control>}k{/Control}");
    const dialog = await screen.findByRole("dialog", { name: "Search the CRM" });
    return { ...app, dialog, input: within(dialog).getByRole("combobox") };
  };

  it("reopens empty after being closed with a query", async () => {
    const { dialog, input } = await start();
    await userEvent.type(input, "an");
    await within(dialog).findByRole("option", { name: "Andrei Orlov" });
    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Search the CRM" })).toBeNull());
    await userEvent.keyboard("{Control>}k{/Control}");
    const again = await screen.findByRole("dialog", { name: "Search the CRM" });
    expect(within(again).getByRole("combobox")).toHaveValue("");
    expect(within(again).queryByRole("option")).toBeNull();
  });

  it("Enter typed before the new results arrive opens the new query's result, never the previous one", async () => {
    const { dialog, input, router } = await start();
    await userEvent.type(input, "an");
    await within(dialog).findByRole("option", { name: "Andrei Orlov" });
    // The previous results are still on screen when Enter follows the last keystroke at once.
    await userEvent.type(input, "na{Enter}");
    await waitFor(() => expect(router.state.location.pathname).toBe("/contacts/p2"));
  });

  it("offline: shows the network error instead of waiting forever", async () => {
    installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      "GET /api/v1/search": () => Promise.reject(new TypeError("Failed to fetch")),
    });
    renderApp("/my-day");
    await screen.findByRole("heading", { name: "My day", level: 1 }, slow);
    onlineManager.setOnline(false);
    try {
      await userEvent.keyboard("{Control>}k{/Control}");
      const dialog = await screen.findByRole("dialog", { name: "Search the CRM" });
      await userEvent.type(within(dialog).getByRole("combobox"), "an");
      expect(await within(dialog).findByRole("alert", {}, slow)).toHaveTextContent("Cannot reach the server");
    } finally {
      onlineManager.setOnline(true);
    }
  });
});

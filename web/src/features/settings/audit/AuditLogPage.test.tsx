import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json, problem } from "../../../test/fakeFetch";
import { uuid } from "../../../test/listFixtures";
import { renderWithProviders } from "../../../test/render";
import { AuditLogPage } from "./AuditLogPage";

const slow = { timeout: 20_000 };
const ana = {
  id: uuid(1),
  name: "Ana Admin",
  email: "ana@example.com",
  avatarUrl: null,
  position: null,
  teamId: null,
  isActive: true,
};
const entry = (n: number, action: string) => ({
  id: String(n),
  occurredAt: "2026-12-01T10:00:00Z",
  action,
  actor: { id: ana.id, name: ana.name },
  entity: "deals",
  entityId: uuid(500 + n),
  changes: null,
  details: {},
  ip: null,
});

const query = (call: { query: string } | undefined) =>
  Object.fromEntries(new URLSearchParams(call?.query ?? ""));
const input = (label: RegExp) => {
  const found = screen.getAllByLabelText(label).find((element) => element.tagName === "INPUT");
  if (!found) throw new Error(`no input ${label}`);
  return found as HTMLInputElement;
};

describe("settings: audit log", { timeout: 40_000 }, () => {
  it("sends every filter to the API, pages with the cursor and resets", async () => {
    const net = installFakeFetch({
      "GET /api/v1/users": () => json({ items: [ana], nextCursor: null }),
      "GET /api/v1/roles/permission-catalog": () =>
        json({
          entities: ["companies", "deals"],
          actions: ["read"],
          scopes: ["none", "all"],
          adminPermissions: [],
        }),
      "GET /api/v1/audit-log": (request) => {
        const params = new URL(request.url).searchParams;
        if (params.get("cursor") === "page-2")
          return json({ items: [entry(2, "record.delete")], nextCursor: null });
        if (params.get("action") === "nothing.") return json({ items: [], nextCursor: null });
        return json({ items: [entry(1, "record.update")], nextCursor: "page-2" });
      },
    });
    const calls = () => net.callsTo("GET /api/v1/audit-log");
    renderWithProviders(<AuditLogPage />);
    expect(await screen.findByText("record.update", {}, slow)).toBeInTheDocument();
    expect(query(calls()[0])).toEqual({ limit: "50" });

    // Paging: the next page is asked with the cursor and appended.
    await userEvent.click(screen.getByRole("button", { name: "Load more" }));
    expect(await screen.findByText("record.delete")).toBeInTheDocument();
    expect(screen.getByText("record.update")).toBeInTheDocument();
    expect(query(calls().at(-1))).toEqual({ limit: "50", cursor: "page-2" });
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();

    await userEvent.click(input(/^Who/));
    await userEvent.click(await screen.findByRole("option", { name: "Ana Admin" }));
    await waitFor(() => expect(query(calls().at(-1))).toMatchObject({ actorId: ana.id }));
    await userEvent.click(input(/^Record type/));
    await userEvent.click(await screen.findByRole("option", { name: "Deals" }));
    await waitFor(() => expect(query(calls().at(-1))).toMatchObject({ actorId: ana.id, entity: "deals" }));
    fireEvent.change(input(/^From/), { target: { value: "2026-12-01" } });
    fireEvent.change(input(/^To/), { target: { value: "2026-12-05" } });
    await waitFor(() => expect(query(calls().at(-1))).toHaveProperty("to"));
    const dated = query(calls().at(-1));
    expect(new Date(dated.from ?? "").getTime()).toBe(new Date(2026, 11, 1).getTime());
    expect(new Date(dated.to ?? "").getTime()).toBe(new Date(2026, 11, 5, 23, 59, 59, 999).getTime());

    // The action prefix is sent after a pause in typing, once.
    const before = calls().length;
    await userEvent.type(input(/^Action/), "nothing.");
    expect(await screen.findByText("No entries match the filters.")).toBeInTheDocument();
    expect(query(calls().at(-1))).toMatchObject({ action: "nothing.", actorId: ana.id, entity: "deals" });
    expect(calls().length - before).toBe(1);

    await userEvent.click(screen.getByRole("button", { name: "Reset filters" }));
    // Back to the unfiltered log (cached or refetched without any filter).
    expect(await screen.findByText("record.update")).toBeInTheDocument();
    expect(input(/^Action/)).toHaveValue("");
    expect(input(/^From/)).toHaveValue("");
    expect(input(/^Who/)).toHaveValue("");
    expect(calls().every((call) => query(call).action !== "")).toBe(true);
  });

  it("shows a refusal instead of entries", async () => {
    installFakeFetch({
      "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
      "GET /api/v1/audit-log": () =>
        problem(403, "permission_denied", { detail: "This needs an administrator permission." }),
    });
    renderWithProviders(<AuditLogPage />);
    const alert = await screen.findByRole("alert", {}, slow);
    expect(within(alert).getByText("Your role does not allow this.")).toBeInTheDocument();
  });
});

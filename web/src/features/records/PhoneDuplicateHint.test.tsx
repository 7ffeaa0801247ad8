import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { listRoutes, uuid } from "../../test/listFixtures";
import { renderApp } from "../../test/render";
import { phoneDuplicateFilter } from "./PhoneDuplicateHint";

const slow = { timeout: 20_000 };
const contactFields = [
  { key: "name", type: "text", filterable: true, sortable: true, custom: false, access: "write" },
  { key: "phone", type: "phone", filterable: true, sortable: false, custom: false, access: "readonly" },
];
const anna = { id: uuid(1), name: "Anna Petrova", ownerId: uuid(99) };

describe("duplicate phone hint while creating", { timeout: 40_000 }, () => {
  it("matches a number typed in local format by its last ten digits", () => {
    expect(JSON.parse(phoneDuplicateFilter(["8 912 345-67-89"]) ?? "")).toEqual({
      field: "phone",
      op: "contains",
      value: "9123456789",
    });
    expect(phoneDuplicateFilter(["", "12-34"])).toBeNull();
  });

  it("shows existing contacts with the typed phone before saving", async () => {
    const base = listRoutes("contacts", [], contactFields);
    const fake = installFakeFetch({
      ...base,
      "GET /api/v1/contacts": (request) =>
        new URL(request.url).searchParams.get("filter")?.includes("9123456789")
          ? json({ items: [anna], nextCursor: null })
          : json({ items: [], nextCursor: null, total: { count: 0, capped: false } }),
    });
    renderApp("/contacts");
    await userEvent.click(await screen.findByRole("button", { name: "New contact" }, slow));
    const dialog = await screen.findByRole("dialog", { name: "New contact" });
    await userEvent.click(
      within(within(dialog).getByRole("group", { name: "Phones" })).getByRole("button", { name: "Add" }),
    );
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Phone" }), "8 912 345");
    // Too few digits yet: no check.
    expect(within(dialog).queryByRole("note")).toBeNull();
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Phone" }), "-67-89");
    const hint = await within(dialog).findByRole("note", {}, slow);
    expect(hint).toHaveTextContent("Records with this phone number already exist");
    expect(within(hint).getByRole("link", { name: "Anna Petrova" })).toHaveAttribute(
      "href",
      `/contacts/${anna.id}`,
    );
    await waitFor(() =>
      expect(fake.callsTo("GET /api/v1/contacts").some((c) => c.query.includes("9123456789"))).toBe(true),
    );
    expect(fake.callsTo("POST /api/v1/contacts")).toHaveLength(0);
  });
});

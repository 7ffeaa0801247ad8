import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { giveElementsLayout, listRoutes, uuid } from "../../test/listFixtures";
import { adminUser, renderApp } from "../../test/render";

const slow = { timeout: 30_000 };
const TEXT_OPS = ["eq", "ne", "in", "notIn", "isEmpty", "isNotEmpty", "contains", "startsWith"];
const LIST_OPS = ["eq", "contains", "in", "notIn", "isEmpty", "isNotEmpty"];
const field = (key: string, type: string, extra: object = {}) => ({
  key,
  type,
  filterable: true,
  sortable: true,
  custom: false,
  access: "write",
  operators: TEXT_OPS,
  ...extra,
});
const list = { sortable: false, filterOnly: true, access: "readonly", operators: LIST_OPS };
const contactFields = [
  field("id", "uuid", { access: "readonly", operators: ["eq", "in"] }),
  field("name", "text"),
  field("position", "text"),
  field("phone", "phone"),
  field("emails", "email", list),
  field("companies", "link", { ...list, linkEntity: "companies" }),
  field("emailMarketing", "boolean", { ...list, operators: ["eq", "ne", "isEmpty", "isNotEmpty"] }),
  field("city", "text"),
  field("companiesCity", "text", list),
  field("ownerId", "user", { operators: ["eq", "in"] }),
];

const ACME = uuid(501);
const ivan = {
  id: uuid(1),
  name: "Ivan Petrov",
  position: "Buyer",
  phones: [{ kind: "mobile", raw: "89161234567", e164: "+79161234567" }],
  emails: [{ kind: "work", value: "ivan@acme.example" }],
  companies: [{ companyId: ACME, name: "Acme LLC", role: null, isPrimary: true }],
  ownerId: adminUser.id,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
};

/** The contacts list: every row without a filter, nothing for a filtered (or searched) request. */
function serve() {
  const base = listRoutes("contacts", [ivan], contactFields);
  return installFakeFetch({
    ...base,
    "GET /api/v1/contacts": (request: Request) => {
      const params = new URL(request.url).searchParams;
      const filtered = params.has("filter") || params.has("q");
      const items = filtered ? [] : [ivan];
      return json({ items, nextCursor: null, total: { count: items.length, capped: false } });
    },
  });
}

beforeAll(giveElementsLayout);

describe("contacts list", { timeout: 90_000 }, () => {
  it("shows each person's companies (linked by name), e-mails and a formatted phone", async () => {
    serve();
    renderApp("/contacts");
    const link = await screen.findByRole("link", { name: "Acme LLC" }, slow);
    expect(link).toHaveAttribute("href", `/companies/${ACME}`);
    expect(screen.getByRole("columnheader", { name: /Companies/ })).toBeInTheDocument();
    expect(screen.getByRole("columnheader", { name: /Emails/ })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "ivan@acme.example" })).toHaveAttribute(
      "href",
      "mailto:ivan@acme.example",
    );
    const phone = screen.getByRole("link", { name: "+7 916 123-45-67" });
    expect(phone).toHaveAttribute("href", "tel:+79161234567");
    expect(phone).toHaveStyle({ whiteSpace: "nowrap" });
  });

  it("offers the company, e-mail and company's city among the filter fields", async () => {
    serve();
    renderApp("/contacts");
    await screen.findByRole("link", { name: "Acme LLC" }, slow);
    await userEvent.click(screen.getByRole("button", { name: "Filters" }));
    await userEvent.click(await screen.findByRole("button", { name: "Add condition" }, slow));
    await userEvent.click(screen.getAllByLabelText("Field")[0] as HTMLElement);
    const options = screen.getAllByRole("option").map((o) => o.textContent);
    expect(options).toEqual(expect.arrayContaining(["Companies", "Emails", "Company's city", "City"]));
    // A person's companies are asked "has this one", picked by name.
    await userEvent.click(screen.getByRole("option", { name: "Companies" }));
    await waitFor(() => expect(screen.getAllByLabelText("Operator")[0]).toHaveValue("contains"));
  });

  it("sorts on the server by Phone and by Owner from their column headers", async () => {
    const fake = serve();
    renderApp("/contacts");
    await screen.findByRole("link", { name: "Acme LLC" }, slow);
    const sorts = () =>
      fake.callsTo("GET /api/v1/contacts").map((c) => new URLSearchParams(c.query).get("sort"));
    await userEvent.click(screen.getByRole("button", { name: "Sort by Phone" }));
    await waitFor(() => expect(sorts()).toContain("phone"));
    await userEvent.click(screen.getByRole("button", { name: "Sort by Responsible" }));
    await waitFor(() => expect(sorts()).toContain("ownerId"));
    await userEvent.click(screen.getByRole("button", { name: "Sort by Responsible" }));
    await waitFor(() => expect(sorts()).toContain("-ownerId"));
  });

  it("says nothing matches and clears the filters and search in one click", async () => {
    const fake = serve();
    renderApp("/contacts");
    await screen.findByRole("link", { name: "Acme LLC" }, slow);
    await userEvent.type(screen.getByRole("textbox", { name: "Quick search" }), "Nobody");
    const empty = await screen.findByTestId("list-empty", {}, slow);
    expect(empty).toHaveTextContent("No records match.");
    await userEvent.click(within(empty).getByRole("button", { name: "Clear filters" }));
    expect(await screen.findByRole("link", { name: "Acme LLC" }, slow)).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Quick search" })).toHaveValue("");
    expect(screen.queryByTestId("list-empty")).toBeNull();
    // The quick search went as `q` (searched as global search does) and was answered empty; the unfiltered
    // list is back.
    expect(
      fake.callsTo("GET /api/v1/contacts").some((c) => new URLSearchParams(c.query).get("q") === "Nobody"),
    ).toBe(true);
  });
});

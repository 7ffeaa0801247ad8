import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import { adminEntities } from "../../test/entityMeta";
import { installFakeFetch, json } from "../../test/fakeFetch";
import {
  company,
  companyFields,
  companyListRoutes,
  giveElementsLayout,
  listRoutes,
  uuid,
} from "../../test/listFixtures";
import { adminUser, renderApp } from "../../test/render";

// What the user may do with each record comes from the server (`permissions` on every record). The web hides or
// disables the actions it refuses and says why — it never works the scopes out itself (the role here is admin).
const slow = { timeout: 20_000 };
const C1 = uuid(1);
const T1 = uuid(7);
const allowed = { update: true, delete: true, assign: true };
const readOnly = { update: false, delete: false, assign: false };
// A field the role may write (the record page edits it in place when the record allows).
const fields = [
  ...companyFields,
  {
    key: "industry",
    type: "text",
    filterable: true,
    sortable: true,
    custom: false,
    access: "write",
    operators: [],
  },
];

beforeAll(giveElementsLayout);

function companyPage(permissions: typeof allowed) {
  return installFakeFetch({
    "GET /api/v1/me": () => json(adminUser),
    "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/custom-fields": () => json({ items: [] }),
    "GET /api/v1/custom-fields/meta/companies": () => json({ items: fields }),
    "GET /api/v1/meta/entities/companies/assignees": () => json({ items: [] }),
    "GET /api/v1/contacts": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/deals": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/tasks": () => json({ items: [], nextCursor: null }),
    [`GET /api/v1/timeline/companies/${C1}`]: () => json({ items: [], nextCursor: null }),
    [`GET /api/v1/companies/${C1}`]: () => json({ ...company(1, "Acme"), industry: "Retail", permissions }),
  });
}

describe("actions follow the record's permissions", { timeout: 90_000 }, () => {
  it("record page: a record the user may not change is read only, and says why", async () => {
    const fake = companyPage(readOnly);
    const view = renderApp(`/companies/${C1}`);
    expect(await screen.findByRole("heading", { name: "Acme" }, slow)).toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByTestId("record-field").length).toBeGreaterThan(0));
    expect(screen.queryAllByRole("button", { name: /\(Enter\)$/ })).toHaveLength(0);
    const badge = screen.getByTestId("record-read-only");
    expect(badge).toHaveTextContent("Read only");
    await userEvent.hover(badge);
    expect(await screen.findByText("Read only: your role may not change this record")).toBeInTheDocument();
    expect(fake.callsTo(`PATCH /api/v1/companies/${C1}`)).toHaveLength(0);
    view.unmount();

    // The same page for a record the user may change: fields edit in place, no badge.
    companyPage(allowed);
    renderApp(`/companies/${C1}`);
    expect(await screen.findByRole("heading", { name: "Acme" }, slow)).toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByTestId("record-field").length).toBeGreaterThan(0), slow);
    await waitFor(() =>
      expect(screen.queryAllByRole("button", { name: /\(Enter\)$/ }).length).toBeGreaterThan(0),
    );
    expect(screen.queryByTestId("record-read-only")).toBeNull();
  });

  it("list: rows the user may not change do not edit in place; bulk actions over them are disabled with the reason", async () => {
    installFakeFetch({
      ...companyListRoutes([
        { ...company(1, "Acme"), permissions: allowed },
        { ...company(2, "Borealis"), permissions: readOnly },
      ]),
      "GET /api/v1/meta/entities/companies/assignees": () =>
        json({
          items: [
            { id: adminUser.id, name: adminUser.name, email: adminUser.email, avatarUrl: null, teamId: null },
          ],
        }),
    });
    renderApp("/companies");
    await screen.findByText("Borealis", {}, slow);
    const rows = screen
      .getAllByRole("row")
      .filter((r) => within(r).queryByRole("checkbox", { name: "Select row" }));
    const [acme, borealis] = rows as [HTMLElement, HTMLElement];
    expect(within(acme).queryAllByLabelText(/\(Enter\)$/).length).toBeGreaterThan(0);
    expect(within(borealis).queryAllByLabelText(/\(Enter\)$/)).toHaveLength(0);
    expect(
      within(borealis).getAllByTitle("Read only: your role may not change this record").length,
    ).toBeGreaterThan(0);

    // Only Acme selected: every action is live.
    await userEvent.click(within(acme).getByRole("checkbox", { name: "Select row" }));
    const del = await screen.findByRole("button", { name: "Delete" });
    expect(del).not.toHaveAttribute("aria-disabled");
    // Borealis too: delete and assign are shown disabled, with how many records refuse them.
    await userEvent.click(within(borealis).getByRole("checkbox", { name: "Select row" }));
    await waitFor(() =>
      expect(screen.getByRole("button", { name: "Delete" })).toHaveAttribute("aria-disabled", "true"),
    );
    expect(screen.getByRole("button", { name: "Assign to" })).toHaveAttribute("aria-disabled", "true");
    await userEvent.click(screen.getByRole("button", { name: "Delete" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    await userEvent.hover(screen.getByRole("button", { name: "Delete" }));
    expect(
      await screen.findByText("Your role may not delete some of the selected records (not allowed: 1)"),
    ).toBeInTheDocument();
  });

  it("generic record page (products): Edit is disabled with the reason on a product the user may not change", async () => {
    const P1 = uuid(42);
    const products = { ...adminEntities[0], name: "products", apiPath: "/api/v1/products", navigation: null };
    const productFields = ["sku", "name"].map((key) => ({
      key,
      type: "text",
      filterable: true,
      sortable: true,
      custom: false,
      access: "write",
      operators: [],
    }));
    const serve = (permissions: typeof allowed) =>
      installFakeFetch({
        ...listRoutes("products", [], productFields),
        "GET /api/v1/meta/entities": () => json({ items: [...adminEntities, products] }),
        "GET /api/v1/meta/entities/products/assignees": () => json({ items: [] }),
        [`GET /api/v1/timeline/products/${P1}`]: () => json({ items: [], nextCursor: null }),
        [`GET /api/v1/products/${P1}`]: () => json({ id: P1, sku: "A-1", name: "Bolt", permissions }),
      });
    serve(readOnly);
    const view = renderApp(`/products/${P1}`);
    const edit = await screen.findByRole("button", { name: "Edit" }, slow);
    expect(edit).toHaveAttribute("aria-disabled", "true");
    await userEvent.click(edit);
    expect(screen.queryByRole("dialog")).toBeNull();
    await userEvent.hover(edit);
    expect(await screen.findAllByText("Read only: your role may not change this record")).not.toHaveLength(0);
    view.unmount();
    serve(allowed);
    renderApp(`/products/${P1}`);
    expect(await screen.findByRole("button", { name: "Edit" }, slow)).not.toHaveAttribute("aria-disabled");
  });

  it("task page: complete is disabled with the reason on a task the user may not change", async () => {
    const fake = installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
      [`GET /api/v1/tasks/${T1}`]: () =>
        json({
          id: T1,
          title: "Call the buyer back",
          type: "call",
          status: "open",
          priority: "normal",
          dueAt: null,
          allDay: false,
          timeZone: "Europe/Belgrade",
          overdue: false,
          links: [],
          ownerId: uuid(99),
          permissions: readOnly,
        }),
      [`GET /api/v1/audit-log/records/tasks/${T1}`]: () => json({ items: [], nextCursor: null }),
    });
    renderApp(`/tasks/${T1}`);
    const complete = await screen.findByRole("button", { name: "Mark as done" }, slow);
    expect(complete).toHaveAttribute("aria-disabled", "true");
    await userEvent.click(complete);
    expect(fake.callsTo(`POST /api/v1/tasks/${T1}/complete`)).toHaveLength(0);
    await userEvent.hover(complete);
    expect(await screen.findByText("Read only: your role may not change this record")).toBeInTheDocument();
  });
});

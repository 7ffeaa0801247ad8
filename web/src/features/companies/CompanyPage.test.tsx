import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { companyFields } from "../../test/listFixtures";
import { adminUser, renderApp } from "../../test/render";

const slow = { timeout: 20_000 };
const CO = "00000000-0000-4000-8000-0000000000c1";
const NEW = "00000000-0000-4000-8000-0000000000c9";

const contactFields = ["id", "firstName", "lastName", "middleName", "position", "ownerId"].map((key) => ({
  key,
  type: key === "ownerId" ? "user" : key === "id" ? "uuid" : "text",
  filterable: true,
  sortable: true,
  custom: false,
  access: key === "id" ? "readonly" : "write",
}));

function serve() {
  const company = {
    id: CO,
    name: "Romashka",
    ownerId: adminUser.id,
    version: 1,
    custom: {},
    tags: [],
    phones: [{ kind: "work", raw: "8 (495) 1234567 доб. 12", e164: "+74951234567", extension: "12" }],
  };
  return installFakeFetch({
    "GET /api/v1/me": () => json(adminUser),
    "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/pipelines": () => json({ items: [] }),
    "GET /api/v1/custom-fields": () => json({ items: [] }),
    "GET /api/v1/custom-fields/meta/companies": () => json({ items: companyFields }),
    "GET /api/v1/custom-fields/meta/contacts": () => json({ items: contactFields }),
    "GET /api/v1/custom-fields/meta/deals": () => json({ items: [] }),
    "GET /api/v1/settings/default-currency": () => json({ currency: "RUB" }),
    [`GET /api/v1/companies/${CO}`]: () => json(company),
    "GET /api/v1/contacts": () => json({ items: [], nextCursor: null, total: { count: 0, capped: false } }),
    "GET /api/v1/deals": () => json({ items: [], nextCursor: null, total: { count: 0, capped: false } }),
    "GET /api/v1/tasks": () => json({ items: [], nextCursor: null, total: { count: 0, capped: false } }),
    "POST /api/v1/contacts": () => json({ id: NEW, name: "Anna Ivanova" }, 201),
    "POST /api/v1/deals": () => json({ id: "00000000-0000-4000-8000-0000000000d9" }, 201),
  });
}

describe("company page", { timeout: 90_000 }, () => {
  it("adds a contact prefilled with the company and stays on the company, whose contacts reload", async () => {
    const fake = serve();
    const { router } = renderApp(`/companies/${CO}`);
    const contacts = await screen.findByRole("heading", { name: /^Contacts/ }, slow);
    const panel = contacts.closest(".mantine-Paper-root") as HTMLElement;
    await userEvent.click(within(panel).getByRole("button", { name: "Add contact" }));
    const dialog = await screen.findByRole("dialog", { name: "New contact" }, { timeout: 40_000 });
    // The company is already chosen (by name), as the primary membership.
    await waitFor(() =>
      expect(within(dialog).getAllByLabelText("Company")[0] as HTMLElement).toHaveValue("Romashka"),
    );
    expect(within(dialog).getByRole("checkbox", { name: "Primary" })).toBeChecked();
    await userEvent.type(within(dialog).getByRole("textbox", { name: /First name/ }), "Anna");
    const listsBefore = fake.callsTo("GET /api/v1/contacts").length;
    await userEvent.click(within(dialog).getByRole("button", { name: "Create" }));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/contacts")).toHaveLength(1), slow);
    expect(fake.callsTo("POST /api/v1/contacts")[0]?.body).toMatchObject({
      firstName: "Anna",
      companies: [{ companyId: CO, role: null, isPrimary: true }],
    });
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(router.state.location.pathname).toBe(`/companies/${CO}`);
    await waitFor(() => expect(fake.callsTo("GET /api/v1/contacts").length).toBeGreaterThan(listsBefore));
  });

  it("calls the company's phone, shown formatted, with its extension dialled", async () => {
    serve();
    renderApp(`/companies/${CO}`);
    const call = await screen.findByRole("link", { name: "Call +7 495 123-45-67 ext. 12" }, slow);
    expect(call).toHaveAttribute("href", "tel:+74951234567;ext=12");
  });

  it("starts a new deal with the company chosen", async () => {
    const fake = serve();
    renderApp(`/companies/${CO}`);
    const deals = await screen.findByRole("heading", { name: /^Deals/ }, slow);
    const panel = deals.closest(".mantine-Paper-root") as HTMLElement;
    await userEvent.click(within(panel).getByRole("button", { name: "New deal" }));
    const dialog = await screen.findByRole("dialog", { name: "New deal" }, { timeout: 40_000 });
    await waitFor(() =>
      expect(within(dialog).getAllByLabelText("Company")[0] as HTMLElement).toHaveValue("Romashka"),
    );
    await userEvent.type(within(dialog).getByRole("textbox", { name: /Title/ }), "Supply");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create" }));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/deals")).toHaveLength(1), slow);
    expect(fake.callsTo("POST /api/v1/deals")[0]?.body).toMatchObject({ title: "Supply", companyId: CO });
  });
});

import { notifications } from "@mantine/notifications";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { i18n } from "../../i18n";
import { type Handler, installFakeFetch, json, problem } from "../../test/fakeFetch";
import { adminUser, renderApp } from "../../test/render";

const slow = { timeout: 5_000 };
const NEW_ID = "00000000-0000-4000-8000-00000000c0de";

const emptyDay = {
  date: "2026-12-06",
  timeZone: "Europe/Belgrade",
  overdue: { items: [], total: 0, capped: false },
  today: { items: [], total: 0, capped: false },
  meetings: { items: [], total: 0, capped: false },
  dealsWithoutNextStep: { items: [], total: 0, capped: false },
  birthdays: { items: [], total: 0, capped: false },
};

const writable = (key: string) => ({
  key,
  type: "text",
  filterable: true,
  sortable: true,
  custom: false,
  access: "write",
  operators: [],
});

const routes = (extra: Record<string, Handler | Handler[]>) =>
  installFakeFetch({
    "GET /api/v1/me": () => json(adminUser),
    "GET /api/v1/my-day": () => json(emptyDay),
    "GET /api/v1/tasks": () => json({ items: [], nextCursor: null, total: null }),
    "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/pipelines": () => json({ items: [] }),
    // The company and contact forms show the standard fields the metadata lets the user write.
    "GET /api/v1/custom-fields/meta/companies": () => json({ items: [writable("name")] }),
    "GET /api/v1/custom-fields/meta/contacts": () => json({ items: [writable("firstName")] }),
    ...extra,
  });

/** Opens the "+" menu on My day and picks an entry; returns the create dialog that opened in place. */
async function openFromMenu(entry: string, dialogName: string) {
  const view = renderApp("/my-day");
  await screen.findByRole("heading", { name: "My day", level: 1 }, slow);
  await userEvent.click(screen.getByRole("button", { name: "Create" }));
  await userEvent.click(await screen.findByRole("menuitem", { name: entry }));
  const dialog = await screen.findByRole("dialog", { name: dialogName }, slow);
  expect(view.router.state.location.pathname).toBe("/my-day");
  return { ...view, dialog };
}

afterEach(() => {
  notifications.clean();
});

describe("quick create", () => {
  it("creates a company in place and opens it", async () => {
    const fake = routes({ "POST /api/v1/companies": () => json({ id: NEW_ID, warnings: [] }, 201) });
    const { router, dialog } = await openFromMenu("New company", "New company");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Name" }), "Acme");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create" }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/companies/${NEW_ID}`));
    expect(fake.callsTo("POST /api/v1/companies")[0]?.body).toMatchObject({ name: "Acme" });
  });

  it("creates a contact in place and opens it", async () => {
    const fake = routes({ "POST /api/v1/contacts": () => json({ id: NEW_ID, warnings: [] }, 201) });
    const { router, dialog } = await openFromMenu("New contact", "New contact");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "First name" }), "Ann");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create" }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/contacts/${NEW_ID}`));
    expect(fake.callsTo("POST /api/v1/contacts")[0]?.body).toMatchObject({ firstName: "Ann" });
  });

  it("creates a deal in place and opens it", async () => {
    const fake = routes({ "POST /api/v1/deals": () => json({ id: NEW_ID }, 201) });
    const { router, dialog } = await openFromMenu("New deal", "New deal");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Title" }), "Big one");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create" }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/deals/${NEW_ID}`));
    expect(fake.callsTo("POST /api/v1/deals")[0]?.body).toMatchObject({ title: "Big one" });
  });

  it("creates a task in place and opens it", async () => {
    const fake = routes({ "POST /api/v1/tasks": () => json({ id: NEW_ID }, 201) });
    const { router, dialog } = await openFromMenu("New task", "New task");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Title" }), "Call Ann");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create" }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/tasks/${NEW_ID}`));
    expect(await screen.findByText("Task created.")).toBeInTheDocument();
    expect(fake.callsTo("POST /api/v1/tasks")[0]?.body).toMatchObject({ title: "Call Ann" });
  });

  it("keeps the dialog open with the server's field error, translated, next to the field", async () => {
    routes({
      "POST /api/v1/companies": () =>
        problem(422, "validation_failed", {
          errors: [{ field: "body.name", message: "This name is taken.", code: "not_unique" }],
        }),
    });
    const { router, dialog } = await openFromMenu("New company", "New company");
    const name = within(dialog).getByRole("textbox", { name: "Name" });
    await userEvent.type(name, "Acme");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create" }));
    await waitFor(() => expect(name).toHaveAccessibleDescription(i18n.t("errors.not_unique")));
    expect(router.state.location.pathname).toBe("/my-day");
    expect(screen.getByRole("dialog", { name: "New company" })).toBeInTheDocument();
  });

  it("still offers the import wizard", async () => {
    routes({});
    const { router } = renderApp("/my-day");
    await screen.findByRole("heading", { name: "My day", level: 1 }, slow);
    await userEvent.click(screen.getByRole("button", { name: "Create" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Import from file" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/import"));
  });
});

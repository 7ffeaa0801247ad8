import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json, noContent } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import { adminUser, renderWithProviders } from "../../test/render";
import { Timeline } from "./Timeline";

const C = uuid(1);
const item = (n: number, kind: string, subject: string, extra: object = {}) => ({
  id: uuid(200 + n),
  kind,
  occurredAt: `2026-03-0${n}T10:00:00Z`,
  subject,
  body: null,
  participants: { users: [], contacts: [] },
  event: null,
  ownerId: adminUser.id,
  createdBy: adminUser.id,
  createdAt: `2026-03-0${n}T10:00:00Z`,
  updatedAt: `2026-03-0${n}T10:00:00Z`,
  links: [],
  ...extra,
});
const may = { update: true, delete: true, assign: true };

/** A timeline item's action button ("Edit", "Delete"), by the item's subject. */
const actionOf = async (subject: string, name: string) => {
  const entry = (await screen.findByText(subject)).closest(".mantine-Timeline-item") as HTMLElement;
  return within(entry).getByRole("button", { name });
};
const deleteOf = (subject: string) => actionOf(subject, "Delete");

describe("timeline item actions follow the presented permissions", { timeout: 30_000 }, () => {
  it("deletes an item the caller may delete; others are disabled with the server's reason", async () => {
    const fake = installFakeFetch({
      [`GET /api/v1/timeline/contacts/${C}`]: () =>
        json({
          items: [
            item(4, "note", "My note", { permissions: may }),
            item(3, "call", "Colleague's call", {
              permissions: { update: false, delete: false, assign: false },
            }),
            item(2, "status_change", "Stage moved", {
              permissions: { update: false, delete: false, assign: true, locked: true },
            }),
            // Another timeline source (no permissions): not an activity, no actions.
            item(1, "email", "Mail thread"),
          ],
          nextCursor: null,
        }),
      [`DELETE /api/v1/activities/${uuid(204)}`]: () => noContent(),
      "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
    });
    renderWithProviders(<Timeline entity="contacts" id={C} />);

    const denied = await deleteOf("Colleague's call");
    expect(denied).toHaveAttribute("aria-disabled", "true");
    await userEvent.click(denied);
    await userEvent.hover(denied);
    expect(await screen.findByText("Your role may not delete this record")).toBeInTheDocument();

    const locked = await deleteOf("Stage moved");
    expect(locked).toHaveAttribute("aria-disabled", "true");
    await userEvent.hover(locked);
    expect(
      await screen.findByText("Written by the system: nobody can change or delete it"),
    ).toBeInTheDocument();

    const mail = (await screen.findByText("Mail thread")).closest(".mantine-Timeline-item") as HTMLElement;
    expect(within(mail).queryByRole("button", { name: "Delete" })).toBeNull();
    expect(fake.callsTo(`DELETE /api/v1/activities/${uuid(203)}`)).toHaveLength(0);

    // Edit follows permissions.update the same way.
    expect(await actionOf("Colleague's call", "Edit")).toHaveAttribute("aria-disabled", "true");
    expect(await actionOf("Stage moved", "Edit")).toHaveAttribute("aria-disabled", "true");

    const mine = await deleteOf("My note");
    expect(mine).not.toHaveAttribute("aria-disabled");
    await userEvent.click(mine);
    const confirm = await screen.findByText(
      "Delete this activity? It disappears from every timeline it is on.",
    );
    await userEvent.click(
      within(confirm.closest(".mantine-Popover-dropdown") as HTMLElement).getByRole("button", {
        name: "Delete",
      }),
    );
    await waitFor(() => expect(fake.callsTo(`DELETE /api/v1/activities/${uuid(204)}`)).toHaveLength(1));
  });

  it("edits the subject and text of an item the caller may change", async () => {
    const id = uuid(205);
    const fake = installFakeFetch({
      [`GET /api/v1/timeline/contacts/${C}`]: () =>
        json({
          items: [item(5, "note", "Draft plan", { body: "<p>First idea</p>", permissions: may })],
          nextCursor: null,
        }),
      [`PATCH /api/v1/activities/${id}`]: async (request) => json({ ...(await request.json()), id }),
      "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
    });
    renderWithProviders(<Timeline entity="contacts" id={C} />);
    await userEvent.click(await actionOf("Draft plan", "Edit"));
    const dialog = await screen.findByRole("dialog", { name: "Change the activity" });
    expect(within(dialog).getByRole("textbox", { name: "Message" })).toHaveTextContent("First idea");
    const subject = within(dialog).getByRole("textbox", { name: "Subject" });
    expect(subject).toHaveValue("Draft plan");
    await userEvent.clear(subject);
    await userEvent.type(subject, "Final plan");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(fake.callsTo(`PATCH /api/v1/activities/${id}`)).toHaveLength(1));
    expect(fake.callsTo(`PATCH /api/v1/activities/${id}`)[0]?.body).toEqual({
      subject: "Final plan",
      body: "<p>First idea</p>",
    });
  });
});

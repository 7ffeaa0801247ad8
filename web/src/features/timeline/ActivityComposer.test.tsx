import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json, problem } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import { renderWithProviders } from "../../test/render";
import { ActivityComposer } from "./ActivityComposer";

const COMPANY = uuid(1);

function routes(create: () => Response) {
  return installFakeFetch({
    "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
    "POST /api/v1/tasks": create,
  });
}

describe("timeline composer quick actions", { timeout: 30_000 }, () => {
  it("plans a meeting linked to the record from the composer", async () => {
    const fake = routes(() => json({ id: uuid(9) }, 201));
    renderWithProviders(<ActivityComposer entity="companies" id={COMPANY} />);
    await userEvent.click(screen.getByRole("button", { name: "Plan a meeting" }));
    const dialog = await screen.findByRole("dialog");
    await userEvent.type(within(dialog).getByRole("textbox", { name: /Title/ }), "Kick-off");
    await userEvent.click(within(dialog).getByRole("button", { name: /Create|Save/ }));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/tasks")).toHaveLength(1));
    expect(fake.callsTo("POST /api/v1/tasks")[0]?.body).toMatchObject({
      title: "Kick-off",
      type: "meeting",
      links: [{ entity: "companies", id: COMPANY }],
    });
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });

  it("keeps the dialog open with the server's refusal", async () => {
    routes(() => problem(403, "forbidden"));
    renderWithProviders(<ActivityComposer entity="deals" id={COMPANY} />);
    await userEvent.click(screen.getByRole("button", { name: "Plan a task" }));
    const dialog = await screen.findByRole("dialog");
    await userEvent.type(within(dialog).getByRole("textbox", { name: /Title/ }), "Call back");
    await userEvent.click(within(dialog).getByRole("button", { name: /Create|Save/ }));
    expect(await within(dialog).findByText("You do not have permission to do this.")).toBeInTheDocument();
  });

  it("offers no planning for records tasks cannot link to", () => {
    routes(() => json({}));
    renderWithProviders(<ActivityComposer entity="tasks" id={COMPANY} />);
    expect(screen.queryByRole("button", { name: "Plan a task" })).toBeNull();
  });
});

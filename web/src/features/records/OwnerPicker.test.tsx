import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Me } from "../../api/types";
import { type Handler, installFakeFetch, json, problem } from "../../test/fakeFetch";
import { company, companyFields, uuid } from "../../test/listFixtures";
import { adminUser, renderApp } from "../../test/render";

const slow = { timeout: 20_000 };
const TEAM = uuid(900);
const C1 = uuid(1);
const TANJA = uuid(901);
const people = [
  { id: adminUser.id, name: adminUser.name, isActive: true, teamId: TEAM },
  { id: TANJA, name: "Tanja Teammate", isActive: true, teamId: TEAM },
  { id: uuid(902), name: "Oscar Outsider", isActive: true, teamId: uuid(999) },
  { id: uuid(903), name: "Ivan Inactive", isActive: false, teamId: TEAM },
];

function routes(
  assign: "all" | "team" | "own" | "none",
  reassign: Handler = () => json({ reassigned: 1 }),
  initialOwner = adminUser.id,
) {
  const me: Me = {
    ...adminUser,
    isAdmin: false,
    permissions: { companies: { read: "all", update: "all", assign } },
    team: { id: TEAM, name: "Sales A" },
  };
  let owner = initialOwner;
  return installFakeFetch({
    "GET /api/v1/me": () => json(me),
    "GET /api/v1/custom-fields/meta/companies": () => json({ items: companyFields }),
    "GET /api/v1/custom-fields": () => json({ items: [] }),
    "GET /api/v1/users": () => json({ items: people, nextCursor: null }),
    "GET /api/v1/pipelines": () => json({ items: [] }),
    "GET /api/v1/deals": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/contacts": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/tasks": () => json({ items: [], nextCursor: null }),
    [`GET /api/v1/timeline/companies/${C1}`]: () => json({ items: [], nextCursor: null }),
    [`GET /api/v1/companies/${C1}`]: () => json({ ...company(1, "Acme"), ownerId: owner }),
    "POST /api/v1/reassign": async (request) => {
      const response = await reassign(request);
      if (response.ok) owner = ((await request.clone().json()) as { toUserId: string }).toUserId;
      return response;
    },
  });
}

async function openDialog() {
  await userEvent.click(await screen.findByRole("button", { name: "Change responsible" }, slow));
  return screen.findByRole("dialog", { name: "Change responsible" });
}

async function choose(dialog: HTMLElement, name: string) {
  await userEvent.click(within(dialog).getByLabelText(/New responsible/, { selector: "input" }));
  await userEvent.click(await screen.findByRole("option", { name }));
}

describe("record page: changing the responsible person", { timeout: 60_000 }, () => {
  it("reassigns through POST /reassign with a required reason and shows the new owner", async () => {
    const fake = routes("team");
    renderApp(`/companies/${C1}`);
    const dialog = await openDialog();
    await userEvent.click(within(dialog).getByRole("button", { name: "Reassign" }));
    expect(await within(dialog).findAllByText("This field is required")).toHaveLength(2);
    await choose(dialog, "Tanja Teammate");
    await userEvent.click(within(dialog).getByRole("button", { name: "Reassign" }));
    expect(fake.callsTo("POST /api/v1/reassign")).toHaveLength(0);
    await userEvent.type(within(dialog).getByRole("textbox", { name: /Reason/ }), "  Moved to her region ");
    await userEvent.click(within(dialog).getByRole("button", { name: "Reassign" }));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/reassign")).toHaveLength(1));
    expect(fake.callsTo("POST /api/v1/reassign")[0]?.body).toEqual({
      entity: "companies",
      ids: [C1],
      toUserId: TANJA,
      reason: "Moved to her region",
    });
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(await screen.findByText("Tanja Teammate")).toBeInTheDocument();
    expect(fake.callsTo(`PATCH /api/v1/companies/${C1}`)).toHaveLength(0);
  });

  it("offers only people in the assign scope (team), never inactive ones or the current owner", async () => {
    routes("team");
    renderApp(`/companies/${C1}`);
    const dialog = await openDialog();
    await userEvent.click(within(dialog).getByLabelText(/New responsible/, { selector: "input" }));
    expect(await screen.findByRole("option", { name: "Tanja Teammate" })).toBeInTheDocument();
    expect(screen.queryByRole("option", { name: "Oscar Outsider" })).toBeNull();
    expect(screen.queryByRole("option", { name: "Ivan Inactive" })).toBeNull();
    expect(screen.queryByRole("option", { name: adminUser.name })).toBeNull();
  });

  it("shows the server's refusal next to the person, translated", async () => {
    routes("all", () =>
      problem(422, "validation_failed", {
        errors: [
          {
            field: "body.toUserId",
            message: "Your role may not give records to this user.",
            code: "target_out_of_scope",
          },
        ],
      }),
    );
    renderApp(`/companies/${C1}`);
    const dialog = await openDialog();
    await choose(dialog, "Oscar Outsider");
    await userEvent.type(within(dialog).getByRole("textbox", { name: /Reason/ }), "Vacation cover");
    await userEvent.click(within(dialog).getByRole("button", { name: "Reassign" }));
    expect(
      await within(dialog).findByText("Your role may not give records to this person."),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/New responsible/, { selector: "input" })).toHaveAttribute(
      "aria-invalid",
      "true",
    );
    expect(screen.getByText(adminUser.name)).toBeInTheDocument();
  });

  it("shows a refusal that concerns no field above the form, translated", async () => {
    routes("all", () => problem(403, "permission_denied", { detail: "Your role may not assign companies." }));
    renderApp(`/companies/${C1}`);
    const dialog = await openDialog();
    await choose(dialog, "Oscar Outsider");
    await userEvent.type(within(dialog).getByRole("textbox", { name: /Reason/ }), "Vacation cover");
    await userEvent.click(within(dialog).getByRole("button", { name: "Reassign" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Your role does not allow this.");
  });

  it("has no control without an assign scope", async () => {
    routes("none");
    renderApp(`/companies/${C1}`);
    expect(await screen.findByRole("heading", { name: "Acme" }, slow)).toBeInTheDocument();
    expect(await screen.findByText(adminUser.name)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Change responsible" })).toBeNull();
    expect(screen.queryByLabelText("Responsible", { selector: "input" })).toBeNull();
  });

  it("has no control on a record outside the assign scope (own: someone else's; team: an outsider's)", async () => {
    for (const [assign, owner] of [
      ["own", TANJA],
      ["team", uuid(902)],
    ] as const) {
      routes(assign, undefined, owner);
      const view = renderApp(`/companies/${C1}`);
      expect(await screen.findByRole("heading", { name: "Acme" }, slow)).toBeInTheDocument();
      await screen.findByText(people.find((p) => p.id === owner)?.name ?? "");
      expect(screen.queryByRole("button", { name: "Change responsible" })).toBeNull();
      view.unmount();
    }
    // A teammate's record is inside the team scope.
    routes("team", undefined, TANJA);
    renderApp(`/companies/${C1}`);
    expect(await screen.findByRole("button", { name: "Change responsible" }, slow)).toBeInTheDocument();
  });
});

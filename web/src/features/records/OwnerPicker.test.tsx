import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Me } from "../../api/types";
import { adminEntities, entitiesWithout } from "../../test/entityMeta";
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

// What the server answers for each assign scope: whom the user may make owners, and whether this record may be
// handed over (`permissions.assign`). The web derives neither.
const assignees = {
  all: people.filter((p) => p.isActive),
  team: people.filter((p) => p.isActive && p.teamId === TEAM),
  own: people.filter((p) => p.id === adminUser.id),
  none: [],
};

function routes(
  assign: "all" | "team" | "own" | "none",
  reassign: Handler = () => json({ reassigned: 1 }),
  initialOwner = adminUser.id,
  mayAssignRecord = assign !== "none",
) {
  const me: Me = {
    ...adminUser,
    isAdmin: false,
    permissions: { companies: { read: "all", update: "all", assign } },
    team: { id: TEAM, name: "Sales A" },
  };
  let owner = initialOwner;
  return installFakeFetch({
    "GET /api/v1/meta/entities": () =>
      json({ items: assign === "none" ? entitiesWithout(["assign"]) : adminEntities }),
    "GET /api/v1/meta/entities/companies/assignees": () =>
      json({ items: assignees[assign].map((p) => ({ ...p, email: "x@example.com", avatarUrl: null })) }),
    "GET /api/v1/me": () => json(me),
    "GET /api/v1/custom-fields/meta/companies": () => json({ items: companyFields }),
    "GET /api/v1/custom-fields": () => json({ items: [] }),
    "GET /api/v1/users": () => json({ items: people, nextCursor: null }),
    "GET /api/v1/pipelines": () => json({ items: [] }),
    "GET /api/v1/deals": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/contacts": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/tasks": () => json({ items: [], nextCursor: null }),
    [`GET /api/v1/timeline/companies/${C1}`]: () => json({ items: [], nextCursor: null }),
    [`GET /api/v1/companies/${C1}`]: () =>
      json({
        ...company(1, "Acme"),
        ownerId: owner,
        permissions: { update: true, delete: true, assign: mayAssignRecord },
      }),
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

  it("shows the control disabled with the reason on a record the server says may not be handed over", async () => {
    const fake = routes("own", undefined, TANJA, false);
    renderApp(`/companies/${C1}`);
    expect(await screen.findByRole("heading", { name: "Acme" }, slow)).toBeInTheDocument();
    await screen.findByText("Tanja Teammate");
    const button = await screen.findByRole("button", { name: "Change responsible" });
    expect(button).toHaveAttribute("aria-disabled", "true");
    await userEvent.click(button);
    expect(screen.queryByRole("dialog")).toBeNull();
    await userEvent.hover(button);
    expect(await screen.findByText("Your role may not hand this record to someone else")).toBeInTheDocument();
    // Nobody to offer is asked for a record that cannot be handed over.
    expect(fake.callsTo("GET /api/v1/meta/entities/companies/assignees")).toHaveLength(0);
  });

  it("trusts the server's answer for the record, not the role's scope", async () => {
    // Scope own, but the server says this (teammate's) record may be handed over: the control is live.
    routes("own", undefined, TANJA, true);
    renderApp(`/companies/${C1}`);
    const button = await screen.findByRole("button", { name: "Change responsible" }, slow);
    expect(button).not.toHaveAttribute("aria-disabled");
  });
});

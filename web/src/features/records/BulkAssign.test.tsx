import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import type { Me } from "../../api/types";
import { adminEntities, entitiesWithout } from "../../test/entityMeta";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { company, companyFields, companyListRoutes, giveElementsLayout, uuid } from "../../test/listFixtures";
import { adminUser, renderApp } from "../../test/render";

const slow = { timeout: 20_000 };
const TEAM = uuid(900);
const people = [
  { id: adminUser.id, name: adminUser.name, isActive: true, teamId: TEAM },
  { id: uuid(901), name: "Tanja Teammate", isActive: true, teamId: TEAM },
  { id: uuid(902), name: "Oscar Outsider", isActive: true, teamId: uuid(999) },
];

function routes(assign: "all" | "team" | "own" | "none") {
  const me: Me = {
    ...adminUser,
    isAdmin: false,
    permissions: { companies: { read: "all", update: "all", assign } },
    team: { id: TEAM, name: "Sales A" },
  };
  // Whom the user may make owners is the server's answer (`/meta/entities/{entity}/assignees`), per scope.
  const assignees = {
    all: people,
    team: people.filter((p) => p.teamId === TEAM),
    own: people.filter((p) => p.id === adminUser.id),
    none: [],
  }[assign].map((p) => ({ ...p, email: "x@example.com", avatarUrl: null }));
  return {
    ...companyListRoutes([company(1, "Acme")], companyFields),
    "GET /api/v1/meta/entities": () =>
      json({ items: assign === "none" ? entitiesWithout(["assign"]) : adminEntities }),
    "GET /api/v1/meta/entities/companies/assignees": () => json({ items: assignees }),
    "GET /api/v1/me": () => json(me),
    "GET /api/v1/users": () => json({ items: people, nextCursor: null }),
    "POST /api/v1/reassign": () => json({ reassigned: 1 }),
  };
}

async function openAssign() {
  await screen.findByText("Acme", {}, slow);
  await userEvent.click(
    (await screen.findAllByRole("checkbox", { name: "Select row" }, slow))[0] as HTMLElement,
  );
  await userEvent.click(screen.getByRole("button", { name: "Assign to" }));
  const dialog = await screen.findByRole("dialog", { name: "Assign to" }, slow);
  await userEvent.click(within(dialog).getAllByLabelText("New responsible")[0] as HTMLElement);
  return dialog;
}

beforeAll(giveElementsLayout);

describe("bulk assign", { timeout: 60_000 }, () => {
  it("offers only the people of the user's team when the assign scope is team", async () => {
    installFakeFetch(routes("team"));
    renderApp("/companies");
    await openAssign();
    expect(await screen.findByRole("option", { name: "Tanja Teammate" })).toBeInTheDocument();
    expect(screen.getByRole("option", { name: adminUser.name })).toBeInTheDocument();
    expect(screen.queryByRole("option", { name: "Oscar Outsider" })).toBeNull();
  });

  it("offers only the user themself when the assign scope is own", async () => {
    installFakeFetch(routes("own"));
    renderApp("/companies");
    await openAssign();
    expect(await screen.findByRole("option", { name: adminUser.name })).toBeInTheDocument();
    expect(screen.queryByRole("option", { name: "Tanja Teammate" })).toBeNull();
  });

  it("has no assign action without an assign scope", async () => {
    installFakeFetch(routes("none"));
    renderApp("/companies");
    await screen.findByText("Acme", {}, slow);
    await userEvent.click(
      (await screen.findAllByRole("checkbox", { name: "Select row" }, slow))[0] as HTMLElement,
    );
    await waitFor(() => expect(screen.getByRole("button", { name: "Delete" })).toBeInTheDocument());
    expect(screen.queryByRole("button", { name: "Assign to" })).toBeNull();
  });
});

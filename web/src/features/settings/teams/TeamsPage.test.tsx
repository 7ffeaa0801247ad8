import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json, problem } from "../../../test/fakeFetch";
import { uuid } from "../../../test/listFixtures";
import { renderWithProviders } from "../../../test/render";
import type { AdminUser, Team } from "../api";
import { TeamsPage } from "./TeamsPage";

const slow = { timeout: 20_000 };
const user = (n: number, name: string, extra: Partial<AdminUser> = {}): AdminUser => ({
  id: uuid(n),
  name,
  email: `${name.split(" ")[0]?.toLowerCase()}@example.com`,
  avatarUrl: null,
  isActive: true,
  position: null,
  teamId: null,
  ...extra,
});
const ana = user(1, "Ana Head");
const boris = user(2, "Boris Second");
const gone = user(3, "Gone Person", { isActive: false });
const north: Team = {
  id: uuid(100),
  name: "North",
  description: "",
  headId: null,
  memberCount: 2,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
};

function headInput() {
  const input = within(screen.getByRole("dialog"))
    .getAllByLabelText(/^Head/)
    .find((element) => element.tagName === "INPUT");
  if (!input) throw new Error("no Head input");
  return input;
}

describe("settings: teams", { timeout: 40_000 }, () => {
  it("creates a team with a head chosen among active users; a taken name is shown on the field", async () => {
    let teams: Team[] = [];
    const net = installFakeFetch({
      "GET /api/v1/teams": () => json({ items: teams, nextCursor: null }),
      "GET /api/v1/users": () => json({ items: [ana, boris, gone], nextCursor: null }),
      "POST /api/v1/teams": [
        () =>
          problem(409, "already_exists", {
            errors: [{ field: "name", message: "A team with this name exists.", code: "already_exists" }],
          }),
        async (request) => {
          const body = (await request.json()) as Partial<Team>;
          teams = [{ ...north, id: uuid(101), ...body } as Team];
          return json(teams[0], 201);
        },
      ],
    });
    renderWithProviders(<TeamsPage />);
    expect(await screen.findByText("No teams yet.", {}, slow)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "New team" }));
    const dialog = await screen.findByRole("dialog");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(net.callsTo("POST /api/v1/teams")).toHaveLength(0);
    const name = within(dialog).getByLabelText(/^Name/);
    await userEvent.type(name, "South");
    await userEvent.click(headInput());
    expect(screen.queryByRole("option", { name: "Gone Person" })).toBeNull();
    await userEvent.click(await screen.findByRole("option", { name: "Ana Head" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(name).toHaveAccessibleDescription("This value is already taken."));
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(net.callsTo("POST /api/v1/teams")[1]?.body).toEqual({
      name: "South",
      description: "",
      headId: ana.id,
    });
    expect(await screen.findByText("South")).toBeInTheDocument();
    expect(screen.getByText("Head: Ana Head")).toBeInTheDocument();
  });

  it("sets the head of an existing team", async () => {
    let current = north;
    const net = installFakeFetch({
      "GET /api/v1/teams": () => json({ items: [current], nextCursor: null }),
      "GET /api/v1/users": () => json({ items: [ana, boris], nextCursor: null }),
      [`GET /api/v1/teams/${north.id}/members`]: () => json({ items: [ana, boris], nextCursor: null }),
      [`PATCH /api/v1/teams/${north.id}`]: async (request) => {
        current = { ...current, ...((await request.json()) as Partial<Team>) };
        return json(current);
      },
    });
    renderWithProviders(<TeamsPage />);
    expect(await screen.findByText("Head: —", {}, slow)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Edit North" }));
    await userEvent.click(headInput());
    await userEvent.click(await screen.findByRole("option", { name: "Boris Second" }));
    await userEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(net.callsTo(`PATCH /api/v1/teams/${north.id}`)[0]?.body).toMatchObject({ headId: boris.id });
    expect(await screen.findByText("Head: Boris Second")).toBeInTheDocument();
  });
});

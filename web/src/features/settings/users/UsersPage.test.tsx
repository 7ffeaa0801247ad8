import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { type Handler, installFakeFetch, json, noContent, problem } from "../../../test/fakeFetch";
import { uuid } from "../../../test/listFixtures";
import { renderWithProviders } from "../../../test/render";
import type { AdminUser, Invitation, Role } from "../api";
import { UsersPage } from "./UsersPage";

const slow = { timeout: 20_000 };
const role = (n: number, name: string): Role => ({
  id: uuid(900 + n),
  key: null,
  name,
  description: "",
  isSystem: false,
  permissions: {},
  fieldRules: {},
  adminPermissions: [],
  requireTwoFactor: false,
  userCount: 1,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
});
const sales = role(1, "Sales manager");
const mila: AdminUser = {
  id: uuid(10),
  name: "Mila Markovic",
  email: "mila@example.com",
  avatarUrl: `/api/v1/users/${uuid(10)}/avatar?v=abcdef12`,
  isActive: true,
  position: "Account manager",
  teamId: null,
  phone: null,
  roleId: sales.id,
  managerId: null,
  language: "sr",
  timeZone: "Europe/Belgrade",
};
const pendingInvitation: Invitation = {
  id: uuid(50),
  email: "new@example.com",
  name: "Nina New",
  roleId: sales.id,
  teamId: null,
  invitedBy: uuid(1),
  status: "pending",
  expiresAt: "2026-12-10T10:00:00Z",
  createdAt: "2026-12-03T10:00:00Z",
};

function routes(extra: Record<string, Handler | Handler[]> = {}) {
  return installFakeFetch({
    "GET /api/v1/users": () => json({ items: [mila], nextCursor: null }),
    "GET /api/v1/roles": () => json({ items: [sales], nextCursor: null }),
    "GET /api/v1/teams": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/invitations": () => json({ items: [pendingInvitation], nextCursor: null }),
    ...extra,
  });
}

describe("settings: users", { timeout: 40_000 }, () => {
  it("lists users with their photos", async () => {
    routes();
    renderWithProviders(<UsersPage />);
    const row = (await screen.findByText("Mila Markovic", {}, slow)).closest("tr");
    if (!row) throw new Error("no row");
    expect(within(row).getByRole("img", { name: "Mila Markovic" })).toHaveAttribute("src", mila.avatarUrl);
  });

  it("edits name, email and phone; only a changed email is sent; a taken email shows next to the field", async () => {
    const net = routes({
      [`PATCH /api/v1/users/${mila.id}`]: [
        () =>
          problem(409, "email_taken", {
            errors: [{ field: "email", message: "This email is taken.", code: "email_taken" }],
          }),
        async (request) => json({ ...mila, ...((await request.json()) as object) }),
      ],
    });
    renderWithProviders(<UsersPage />);
    await userEvent.click(await screen.findByRole("button", { name: /Edit Mila Markovic/ }, slow));
    const dialog = await screen.findByRole("dialog");
    const name = within(dialog).getByLabelText(/^Name/);
    await userEvent.clear(name);
    await userEvent.type(name, "Mila Petrovic");
    await userEvent.type(within(dialog).getByLabelText(/^Phone/), "+381 64 1234567");
    const email = within(dialog).getByLabelText(/^Email/);
    await userEvent.clear(email);
    await userEvent.type(email, "taken@example.com");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(email).toHaveAccessibleDescription(/Another user already has this email/));
    expect(net.callsTo(`PATCH /api/v1/users/${mila.id}`)[0]?.body).toMatchObject({
      name: "Mila Petrovic",
      email: "taken@example.com",
      phone: "+381 64 1234567",
    });

    await userEvent.clear(email);
    await userEvent.type(email, "MILA@example.com");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    const second = net.callsTo(`PATCH /api/v1/users/${mila.id}`)[1]?.body as Record<string, unknown>;
    expect(second).toMatchObject({
      name: "Mila Petrovic",
      phone: "+381 64 1234567",
      position: "Account manager",
    });
    expect(second).not.toHaveProperty("email");
  });

  it("replaces a user's photo from the edit dialog through the administrator's endpoint", async () => {
    const net = routes({
      [`PUT /api/v1/users/${mila.id}/avatar`]: () =>
        json({ avatarUrl: `/api/v1/users/${mila.id}/avatar?v=99999999` }),
    });
    renderWithProviders(<UsersPage />);
    await userEvent.click(await screen.findByRole("button", { name: /Edit Mila Markovic/ }, slow));
    const dialog = await screen.findByRole("dialog");
    const input = dialog.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) throw new Error("no file input");
    await userEvent.upload(
      input,
      new File([new Uint8Array([0xff, 0xd8, 0xff])], "m.jpg", { type: "image/jpeg" }),
    );
    expect(await screen.findByText("The photo has been saved.")).toBeInTheDocument();
    expect(net.callsTo(`PUT /api/v1/users/${mila.id}/avatar`)).toHaveLength(1);
    expect(net.callsTo("PUT /api/v1/me/avatar")).toHaveLength(0);
  });

  it("revokes a pending invitation", async () => {
    const net = routes({ [`DELETE /api/v1/invitations/${pendingInvitation.id}`]: () => noContent() });
    renderWithProviders(<UsersPage />);
    await userEvent.click(
      await screen.findByRole("button", { name: "Revoke the invitation for new@example.com" }, slow),
    );
    await waitFor(() =>
      expect(net.callsTo(`DELETE /api/v1/invitations/${pendingInvitation.id}`)).toHaveLength(1),
    );
  });

  it("invites a person: validates, sends the invitation and shows it", async () => {
    let invitations: Invitation[] = [];
    const net = routes({
      "GET /api/v1/invitations": () => json({ items: invitations, nextCursor: null }),
      "POST /api/v1/invitations": [
        () =>
          problem(409, "email_taken", {
            errors: [
              { field: "email", message: "A user with this email already exists.", code: "email_taken" },
            ],
          }),
        async (request) => {
          const body = (await request.json()) as { email: string; name: string; roleId: string };
          invitations = [{ ...pendingInvitation, ...body }];
          return json(invitations[0], 201);
        },
      ],
    });
    renderWithProviders(<UsersPage />);
    expect(await screen.findByText("No pending invitations.", {}, slow)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Invite user" }));
    const dialog = await screen.findByRole("dialog");
    await userEvent.click(within(dialog).getByRole("button", { name: "Send invitation" }));
    expect(net.callsTo("POST /api/v1/invitations")).toHaveLength(0);
    const email = within(dialog).getByLabelText(/^Email/);
    await userEvent.type(email, "mila@example.com");
    await userEvent.type(within(dialog).getByLabelText(/^Name/), "Nina New");
    const roleInput = within(dialog)
      .getAllByLabelText(/^Role/)
      .find((element) => element.tagName === "INPUT");
    if (!roleInput) throw new Error("no Role input");
    await userEvent.click(roleInput);
    await userEvent.click(await screen.findByRole("option", { name: "Sales manager" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Send invitation" }));
    await waitFor(() => expect(email).toHaveAccessibleDescription("Another user already has this email."));
    await userEvent.clear(email);
    await userEvent.type(email, "new@example.com");
    await userEvent.click(within(dialog).getByRole("button", { name: "Send invitation" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(net.callsTo("POST /api/v1/invitations")[1]?.body).toEqual({
      email: "new@example.com",
      name: "Nina New",
      roleId: sales.id,
      teamId: null,
    });
    expect(await screen.findByText("Nina New · new@example.com")).toBeInTheDocument();
  });

  it("resends an expired invitation with a new link", async () => {
    const expired = { ...pendingInvitation, status: "expired" as const };
    const net = routes({
      "GET /api/v1/invitations": [
        () => json({ items: [expired], nextCursor: null }),
        () =>
          json({
            items: [
              { ...pendingInvitation, id: uuid(51) },
              { ...expired, status: "revoked" },
            ],
            nextCursor: null,
          }),
      ],
      [`POST /api/v1/invitations/${expired.id}/resend`]: () =>
        json({ ...pendingInvitation, id: uuid(51) }, 201),
    });
    renderWithProviders(<UsersPage />);
    expect(await screen.findByText("Expired", {}, slow)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Resend the invitation to new@example.com" }));
    expect(await screen.findByText("A new invitation has been sent to new@example.com.")).toBeInTheDocument();
    expect(net.callsTo(`POST /api/v1/invitations/${expired.id}/resend`)).toHaveLength(1);
    await waitFor(() => expect(screen.queryByText("Expired")).toBeNull());
    expect(screen.getByText("Pending")).toBeInTheDocument();
  });

  it("opens the hand-over wizard from a user's deactivate button", async () => {
    const net = routes({
      [`GET /api/v1/users/${mila.id}/handover-plan`]: () =>
        json({ userId: mila.id, entities: [{ entity: "deals", label: "Deals", count: 3 }] }),
    });
    renderWithProviders(<UsersPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Deactivate Mila Markovic" }, slow));
    const dialog = await screen.findByRole("dialog");
    expect(within(dialog).getByText(/Mila Markovic/)).toBeInTheDocument();
    expect(await within(dialog).findByText(/Records: 3/)).toBeInTheDocument();
    expect(net.callsTo(`GET /api/v1/users/${mila.id}/handover-plan`)).toHaveLength(1);
    expect(net.callsTo(`POST /api/v1/users/${mila.id}/deactivate`)).toHaveLength(0);
  });
});

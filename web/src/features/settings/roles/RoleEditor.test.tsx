import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../../test/fakeFetch";
import { renderWithProviders } from "../../../test/render";
import type { PermissionCatalog, Role } from "../api";
import { RoleEditor } from "./RoleEditor";

const catalog: PermissionCatalog = {
  entities: ["companies", "deals"],
  actions: ["read", "update", "delete"],
  scopes: ["none", "own", "team", "all"],
  adminPermissions: ["users.manage", "audit.read"],
};

const administrator: Role = {
  id: "00000000-0000-4000-8000-0000000000aa",
  key: "admin",
  name: "Administrator",
  description: "Everything",
  isSystem: true,
  permissions: { "*": { "*": "all" } },
  fieldRules: {},
  adminPermissions: ["*"],
  requireTwoFactor: false,
  userCount: 1,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
};

describe("RoleEditor permission grid", () => {
  it("shows the Administrator's wildcards as 'all' in every cell and saves a changed cell explicitly", async () => {
    const net = installFakeFetch({
      [`PATCH /api/v1/roles/${administrator.id}`]: () => json(administrator),
    });
    renderWithProviders(<RoleEditor editing={administrator} catalog={catalog} onClose={() => undefined} />);
    const cell = await screen.findByLabelText("Deals: Delete");
    expect(cell).toHaveValue("all");
    expect(screen.getByLabelText("Companies: Read")).toHaveValue("all");
    fireEvent.change(cell, { target: { value: "own" } });
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(net.callsTo(`PATCH /api/v1/roles/${administrator.id}`)).toHaveLength(1));
    expect(net.calls.at(-1)?.body).toEqual({
      name: "Administrator",
      description: "Everything",
      permissions: {
        companies: { "*": "all" },
        deals: { read: "all", update: "all", delete: "own" },
      },
      fieldRules: {},
      adminPermissions: ["*"],
      requireTwoFactor: false,
    });
  });

  it("keeps {*: {*: all}} and admin * when the Administrator is saved unchanged; row select sets a whole entity", async () => {
    const net = installFakeFetch({ "POST /api/v1/roles": () => json(administrator, 201) });
    renderWithProviders(
      <RoleEditor editing={null} template={administrator} catalog={catalog} onClose={() => undefined} />,
    );
    expect(await screen.findByLabelText(/^Name/)).toHaveValue("Administrator (copy)");
    fireEvent.change(screen.getByLabelText("Companies: all actions"), { target: { value: "team" } });
    fireEvent.change(screen.getByLabelText("Companies: all actions"), { target: { value: "all" } });
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(net.callsTo("POST /api/v1/roles")).toHaveLength(1));
    const body = net.calls.at(-1)?.body as Record<string, unknown>;
    expect(body.permissions).toEqual({ "*": { "*": "all" } });
    expect(body.adminPermissions).toEqual(["*"]);
  });
});

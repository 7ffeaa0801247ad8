import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json, problem } from "../../../test/fakeFetch";
import { renderWithProviders } from "../../../test/render";
import type { PasswordPolicy, PermissionCatalog, Role } from "../api";
import { RoleEditor } from "../roles/RoleEditor";
import { PasswordPolicyForm } from "./PasswordPolicyForm";

const slow = { timeout: 20_000 };
const policy: PasswordPolicy = {
  minLength: 12,
  maxAgeDays: 0,
  historySize: 0,
  requireTwoFactorForAll: false,
  minStrength: 3,
};

describe("password policy and required two-factor authentication", { timeout: 40_000 }, () => {
  it("loads the policy, shows a refused value on its field, then saves 2FA for everyone", async () => {
    const net = installFakeFetch({
      "GET /api/v1/settings/password-policy": () => json(policy),
      "PUT /api/v1/settings/password-policy": [
        () =>
          problem(422, "validation_failed", {
            errors: [{ field: "body.minLength", message: "Use at least 8 characters.", code: "too_small" }],
          }),
        async (request) => json(await request.json()),
      ],
    });
    renderWithProviders(<PasswordPolicyForm />);
    const minLength = await screen.findByRole("textbox", { name: /Minimum length/ }, slow);
    await waitFor(() => expect(minLength).toHaveValue("12"));
    const everyone = screen.getByRole("switch", { name: "Require two-factor authentication for everyone" });
    expect(everyone).not.toBeChecked();
    await userEvent.clear(minLength);
    await userEvent.type(minLength, "6");
    await userEvent.click(everyone);
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(minLength).toHaveAccessibleDescription(/too short or too small/));
    await userEvent.clear(minLength);
    await userEvent.type(minLength, "14");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Saved")).toBeInTheDocument();
    expect(net.callsTo("PUT /api/v1/settings/password-policy")[1]?.body).toEqual({
      minLength: 14,
      maxAgeDays: 0,
      historySize: 0,
      requireTwoFactorForAll: true,
      minStrength: 3,
    });
    expect(everyone).toBeChecked();
  });

  it("requires 2FA for one role from the role editor", async () => {
    const catalog: PermissionCatalog = {
      entities: ["companies"],
      actions: ["read"],
      scopes: ["none", "own", "team", "all"],
      adminPermissions: ["users.manage"],
    };
    const role: Role = {
      id: "00000000-0000-4000-8000-0000000000bb",
      key: "accountant",
      name: "Accountant",
      description: "",
      isSystem: false,
      permissions: { companies: { read: "all" } },
      fieldRules: {},
      adminPermissions: [],
      requireTwoFactor: false,
      userCount: 2,
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
    };
    const net = installFakeFetch({
      [`PATCH /api/v1/roles/${role.id}`]: async (request) =>
        json({ ...role, ...((await request.json()) as object) }),
    });
    renderWithProviders(<RoleEditor editing={role} catalog={catalog} onClose={() => undefined} />);
    const perRole = await screen.findByRole(
      "switch",
      { name: "Require two-factor authentication for this role" },
      slow,
    );
    expect(perRole).not.toBeChecked();
    await userEvent.click(perRole);
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(net.callsTo(`PATCH /api/v1/roles/${role.id}`)).toHaveLength(1));
    expect(net.calls.at(-1)?.body).toMatchObject({ name: "Accountant", requireTwoFactor: true });
  });
});

import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { type Handler, installFakeFetch, json, noContent, problem } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import { adminUser, renderApp } from "../../test/render";

const slow = { timeout: 20_000 };
const plainUser = { ...adminUser, isAdmin: false, adminPermissions: [], twoFactorEnabled: false };
const token = (n: number, name: string, extra: object = {}) => ({
  id: uuid(n),
  name,
  prefix: `tdm_${n}abc`,
  readOnly: false,
  expiresAt: null,
  lastUsedAt: null,
  createdAt: "2026-11-01T10:00:00Z",
  ...extra,
});

function routes(extra: Record<string, Handler | Handler[]> = {}) {
  return installFakeFetch({
    "GET /api/v1/me": () => json(plainUser),
    "GET /api/v1/auth/sessions": () => json({ items: [] }),
    ...extra,
  });
}

describe("Security page: my API tokens", { timeout: 40_000 }, () => {
  it("lists my tokens for a user without settings access, creates one shown once, and revokes", async () => {
    let items = [token(1, "Zapier", { readOnly: true, lastUsedAt: new Date().toISOString() })];
    const created = token(2, "Reports", { readOnly: true, expiresAt: "2027-01-31T23:59:59.999Z" });
    const net = routes({
      "GET /api/v1/api-tokens": () => json({ items }),
      "POST /api/v1/api-tokens": [
        () =>
          problem(422, "validation_failed", {
            errors: [{ field: "expiresAt", message: "Choose a moment in the future.", code: "in_past" }],
          }),
        () => {
          items = [...items, created];
          return json({ ...created, token: "tdm_secret_value_shown_once" }, 201);
        },
      ],
      [`DELETE /api/v1/api-tokens/${uuid(1)}`]: () => {
        items = items.filter((item) => item.id !== uuid(1));
        return noContent();
      },
    });
    renderApp("/security");
    const card = (await screen.findByRole("heading", { name: "My API tokens" }, slow)).closest("div");
    if (!card) throw new Error("no tokens card");
    const table = await screen.findByRole("table", {}, slow);
    const zapier = (await within(table).findByText("Zapier")).closest("tr");
    if (!zapier) throw new Error("no row");
    expect(within(zapier).getByText("Read-only")).toBeInTheDocument();
    // Columns: name, created, last used (just now), expires (never).
    const cells = within(zapier).getAllByRole("cell");
    expect(cells[2]?.textContent).not.toBe("Never");
    expect(cells[2]?.textContent).not.toBe("");
    expect(cells[3]).toHaveTextContent("Never");

    await userEvent.type(screen.getByLabelText("Name"), "Reports");
    const expires = screen.getByLabelText("Expires");
    await userEvent.type(expires, "2027-01-31");
    await userEvent.click(screen.getByRole("button", { name: "Create token" }));
    await waitFor(() => expect(expires).toHaveAccessibleDescription("Choose a moment in the future."));
    await userEvent.click(screen.getByRole("button", { name: "Create token" }));
    const dialog = await screen.findByRole("dialog", { name: 'Token "Reports" created' });
    expect(within(dialog).getByTestId("new-token")).toHaveTextContent("tdm_secret_value_shown_once");
    const body = net.callsTo("POST /api/v1/api-tokens")[1]?.body as Record<string, unknown>;
    expect(body).toMatchObject({ name: "Reports", readOnly: true });
    expect(String(body.expiresAt)).toMatch(/^2027-0[12]-/);
    await userEvent.click(within(dialog).getByRole("button", { name: "Close" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    // The secret is gone for good; the list shows only the prefix.
    expect(screen.queryByText("tdm_secret_value_shown_once")).toBeNull();
    expect(await within(table).findByText("Reports")).toBeInTheDocument();

    await userEvent.click(within(table).getByRole("button", { name: "Revoke token Zapier" }));
    await waitFor(() => expect(within(table).queryByText("Zapier")).toBeNull());
    expect(net.callsTo(`DELETE /api/v1/api-tokens/${uuid(1)}`)).toHaveLength(1);
  });
});

describe("Security page: turning on two-factor authentication", { timeout: 40_000 }, () => {
  it("asks the password, shows QR and secret, refuses a wrong code, then shows the recovery codes once", async () => {
    let enabled = false;
    const codes = Array.from({ length: 10 }, (_, i) => `abcd-${String(i).padStart(4, "0")}`);
    const net = routes({
      "GET /api/v1/me": () => json({ ...plainUser, twoFactorEnabled: enabled }),
      "GET /api/v1/api-tokens": () => json({ items: [] }),
      "POST /api/v1/auth/2fa/setup": [
        () =>
          problem(422, "validation_failed", {
            errors: [{ field: "password", message: "The password is incorrect.", code: "invalid_password" }],
          }),
        () =>
          json({
            secret: "JBSWY3DPEHPK3PXP",
            otpauthUrl: "otpauth://totp/Tandem:ada?secret=JBSWY3DPEHPK3PXP",
          }),
      ],
      "POST /api/v1/auth/2fa/enable": [
        () =>
          problem(422, "validation_failed", {
            errors: [{ field: "code", message: "The code is not valid.", code: "invalid_code" }],
          }),
        () => {
          enabled = true;
          return json({ recoveryCodes: codes });
        },
      ],
    });
    renderApp("/security");
    await userEvent.click(
      await screen.findByRole("button", { name: "Enable two-factor authentication" }, slow),
    );
    const password = screen.getByLabelText(/^Password/);
    await userEvent.type(password, "wrong");
    await userEvent.click(screen.getByRole("button", { name: "Continue" }));
    await waitFor(() => expect(password).toHaveAccessibleDescription("The password is incorrect."));
    await userEvent.clear(password);
    await userEvent.type(password, "right");
    await userEvent.click(screen.getByRole("button", { name: "Continue" }));

    expect(
      await screen.findByRole("img", { name: "QR code for your authenticator app" }, slow),
    ).toBeInTheDocument();
    expect(screen.getByTestId("totp-secret")).toHaveTextContent("JBSWY3DPEHPK3PXP");
    const code = screen.getByLabelText(/Code from the app/);
    await userEvent.type(code, "000000");
    await userEvent.click(screen.getByRole("button", { name: "Confirm and enable" }));
    await waitFor(() => expect(code).toHaveAccessibleDescription("This code is not valid. Try again."));
    expect(screen.queryByTestId("recovery-codes")).toBeNull();
    await userEvent.clear(code);
    await userEvent.type(code, "123 456");
    await userEvent.click(screen.getByRole("button", { name: "Confirm and enable" }));
    expect(net.callsTo("POST /api/v1/auth/2fa/enable")[1]?.body).toEqual({ code: "123456" });

    const list = await screen.findByTestId("recovery-codes");
    expect(within(list).getAllByRole("listitem")).toHaveLength(10);
    expect(within(list).getByText("abcd-0009")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "I have saved my codes" }));
    await waitFor(() => expect(screen.queryByTestId("recovery-codes")).toBeNull());
    expect(screen.queryByText("abcd-0009")).toBeNull();
    expect(await screen.findByText("On")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Turn off two-factor authentication" })).toBeInTheDocument();
  });
});

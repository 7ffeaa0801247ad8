import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json, noContent, problem, setCookie } from "../../test/fakeFetch";
import { adminUser, renderApp } from "../../test/render";

const slow = { timeout: 5_000 };
const signedOut = () => problem(401, "unauthorized");

async function fillCredentials(email = "admin@example.com", password = "correct horse battery") {
  await userEvent.type(await screen.findByLabelText(/^Email/, {}, slow), email);
  await userEvent.type(screen.getByLabelText(/^Password/), password);
  await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
}

describe("sign-in flow", () => {
  it("redirects to /login, then signs in with password + TOTP and lands in the shell", async () => {
    setCookie("tandem_csrf", "csrf-1");
    const fake = installFakeFetch({
      "GET /api/v1/me": signedOut,
      "POST /api/v1/auth/login": () => json({ status: "twoFactorRequired" }),
      "POST /api/v1/auth/2fa": () => json({ status: "ok", user: adminUser }),
    });
    const { router } = renderApp("/companies");

    expect(await screen.findByRole("heading", { name: "Sign in to Tandem" }, slow)).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/login");
    expect(await screen.findByRole("button", { name: /Change language/ }, slow)).toBeInTheDocument();

    await fillCredentials();
    expect(await screen.findByRole("heading", { name: "Two-factor authentication" })).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^Authentication code/), "123 456");
    await userEvent.click(screen.getByRole("button", { name: "Verify" }));

    expect(await screen.findByRole("heading", { name: "Companies", level: 1 }, slow)).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/companies");
    const nav = screen.getByRole("navigation", { name: "Main navigation" });
    expect(nav).toHaveTextContent(/My day.*Companies.*Contacts.*Deals.*Tasks.*Calendar.*Settings/);

    expect(fake.callsTo("POST /api/v1/auth/login")[0]?.body).toEqual({
      email: "admin@example.com",
      password: "correct horse battery",
    });
    const twoFactor = fake.callsTo("POST /api/v1/auth/2fa")[0];
    expect(twoFactor?.body).toEqual({ code: "123456" });
    expect(twoFactor?.headers.get("X-CSRF-Token")).toBe("csrf-1");
  });

  it("hides Settings from non-admins", async () => {
    installFakeFetch({
      "GET /api/v1/me": signedOut,
      "POST /api/v1/auth/login": () => json({ status: "ok", user: { ...adminUser, isAdmin: false } }),
    });
    renderApp("/login");
    await fillCredentials();
    const nav = await screen.findByRole("navigation", { name: "Main navigation" }, slow);
    expect(nav).toHaveTextContent("Calendar");
    expect(nav).not.toHaveTextContent("Settings");
  });

  it("shows the translated error for wrong credentials and the wait time when rate limited", async () => {
    installFakeFetch({
      "GET /api/v1/me": signedOut,
      "POST /api/v1/auth/login": [
        () => problem(401, "invalid_credentials", { detail: "Invalid email or password" }),
        () => problem(429, "too_many_attempts", {}, { "Retry-After": "42" }),
      ],
    });
    renderApp("/login");
    await fillCredentials();
    expect(await screen.findByRole("alert")).toHaveTextContent("Incorrect email or password.");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("Try again in 42 s."));
  });

  it("validates locally before calling the server", async () => {
    const fake = installFakeFetch({ "GET /api/v1/me": signedOut });
    renderApp("/login");
    await userEvent.click(await screen.findByRole("button", { name: "Sign in" }, slow));
    expect(screen.getByLabelText(/^Email/)).toHaveAccessibleDescription("This field is required");
    expect(fake.callsTo("POST /api/v1/auth/login")).toHaveLength(0);
  });

  it("forces a password change before entering the app", async () => {
    const pending = { ...adminUser, mustChangePassword: true };
    const fake = installFakeFetch({
      "GET /api/v1/me": [signedOut, () => json(adminUser)],
      "POST /api/v1/auth/login": () => json({ status: "passwordChangeRequired", user: pending }),
      "POST /api/v1/auth/change-password": () => noContent(),
    });
    renderApp("/login");
    await fillCredentials("admin@example.com", "initial-secret");

    expect(await screen.findByRole("heading", { name: "Choose a new password" })).toBeInTheDocument();
    expect(screen.queryByLabelText(/^Current password/)).not.toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^New password/), "a much better passphrase");
    await userEvent.type(screen.getByLabelText(/^Repeat new password/), "a different one");
    await userEvent.click(screen.getByRole("button", { name: "Change password" }));
    expect(screen.getByLabelText(/^Repeat new password/)).toHaveAccessibleDescription(
      "Passwords do not match",
    );

    await userEvent.clear(screen.getByLabelText(/^Repeat new password/));
    await userEvent.type(screen.getByLabelText(/^Repeat new password/), "a much better passphrase");
    await userEvent.click(screen.getByRole("button", { name: "Change password" }));

    expect(await screen.findByRole("heading", { name: "My day", level: 1 }, slow)).toBeInTheDocument();
    expect(fake.callsTo("POST /api/v1/auth/change-password")[0]?.body).toEqual({
      currentPassword: "initial-secret",
      newPassword: "a much better passphrase",
    });
  });
});
